using Spectre.Console;

namespace Firefighter.Cli;

/// <summary>What commands write to and read the time from; injected so output and time are testable.</summary>
public sealed partial class CliContext
{
    /// <summary>Data output (stdout).</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Diagnostics, progress and errors (stderr).</summary>
    public required TextWriter Error { get; init; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Whether stdout is an interactive terminal (colours, tables).</summary>
    public bool Interactive { get; init; }

    /// <summary>Environment lookup (NO_COLOR, FF_SIGNATURES...).</summary>
#pragma warning disable RS0030 // The one place the CLI reads the process environment; everything else goes through Env.
    public Func<string, string?> Env { get; init; } = Environment.GetEnvironmentVariable;
#pragma warning restore RS0030

    /// <summary>Directory holding the built-in signatures.</summary>
    public string BaseDirectory { get; init; } = AppContext.BaseDirectory;

    /// <summary>Replaces reading and investigating a bundle (tests inject a prepared report and evidence); null uses the real pipeline.</summary>
    public Func<string, (Firefighter.Reports.InvestigationReport Report, Firefighter.Evidence.EvidenceSet Evidence)>? InvestigateBundle { get; init; }

    /// <summary>How wide lines may be when stdout is not a terminal: wide enough that a command or an id is never wrapped mid-token.</summary>
    public const int PipeWidth = 4096;

    /// <summary>Creates a Spectre console on <see cref="Out"/> with colours only when interactive and not disabled (<c>--no-color</c>, NO_COLOR);
    /// when stdout is not a terminal, lines are not wrapped (a piped or copied command stays whole).</summary>
    public IAnsiConsole Console(bool noColor)
    {
        var color = Interactive && !noColor && string.IsNullOrEmpty(Env("NO_COLOR"));
        // Without ANSI, Spectre falls back to System.Console colour calls, which .NET turns into escape codes on a terminal anyway;
        // so it always writes ANSI and, without colour, a filter drops every escape sequence before the text reaches stdout.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(color ? Out : new PlainWriter(Out)),
            Ansi = AnsiSupport.Yes,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!Interactive)
        {
            console.Profile.Width = PipeWidth;
        }
        return console;
    }

    private sealed partial class PlainWriter(TextWriter inner) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            if (value != '\u001b')
            {
                inner.Write(value);
            }
        }

        public override void Write(string? value) => inner.Write(value is null || !value.Contains('\u001b', StringComparison.Ordinal) ? value : Escape().Replace(value, ""));

        public override void Flush() => inner.Flush();

        [System.Text.RegularExpressions.GeneratedRegex(@"\u001b(\[[0-9;?]*[ -/]*[@-~]|\][^\u0007\u001b]*(\u0007|\u001b\\)?|[@-Z\\-_])")]
        private static partial System.Text.RegularExpressions.Regex Escape();
    }

    /// <summary>Writes a one-line error to stderr, prefixed with <c>ff:</c>.</summary>
    public void Fail(string message) => Error.WriteLine($"ff: {message}");
}
