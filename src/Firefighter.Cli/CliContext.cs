using Spectre.Console;

namespace Firefighter.Cli;

/// <summary>What commands write to and read the time from; injected so output and time are testable.</summary>
public sealed class CliContext
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

    /// <summary>Creates a Spectre console on <see cref="Out"/> with colours only when interactive and not disabled.</summary>
    public IAnsiConsole Console(bool noColor)
    {
        var color = Interactive && !noColor && string.IsNullOrEmpty(Env("NO_COLOR"));
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Out),
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
    }

    /// <summary>Writes a one-line error to stderr, prefixed with <c>ff:</c>.</summary>
    public void Fail(string message) => Error.WriteLine($"ff: {message}");
}
