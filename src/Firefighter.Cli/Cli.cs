using System.CommandLine;

namespace Firefighter.Cli;

/// <summary>Builds the root command from every <see cref="ICliCommand"/> of this assembly (found at build time) and runs it.</summary>
public static partial class Cli
{
    /// <summary>Shared option: one JSON document on stdout.</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "Write one JSON document to stdout instead of human output" };

    /// <summary>Shared option: no colours.</summary>
    public static Option<bool> NoColorOption() => new("--no-color") { Description = "No colours (also honoured: NO_COLOR)" };

    /// <summary>The root command.</summary>
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("ff: evidence-first incident investigator. Finds what broke, since when, why, and what to run.");
        var commands = Commands().Select(c => c.Build(context)).OrderBy(c => c.Name, StringComparer.Ordinal);
        foreach (var c in commands)
        {
            root.Subcommands.Add(c);
        }
        return root;
    }

    [Discover]
    private static partial IReadOnlyList<ICliCommand> Commands();

    /// <summary>Shared option: show the full trace of an unexpected error.</summary>
    public static Option<bool> DebugOption() => new("--debug") { Description = "On an unexpected internal error, print the full stack trace", Recursive = true };

    /// <summary>Parses and runs; returns the exit code. Usage errors return 1; an unexpected exception is one line on stderr and exit 3
    /// (the full trace only with <c>--debug</c>).</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = BuildRoot(context);
        root.Options.Add(DebugOption());
        // Bare `ff` is a request for orientation, not a usage error.
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                context.Fail(e.Message);
            }
            context.Error.WriteLine("Run 'ff --help' for usage.");
            return ExitCodes.Usage;
        }
        var config = new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(config, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            var debug = args.Contains("--debug", StringComparer.Ordinal);
            context.Fail($"internal error: {e.GetType().Name}: {FirstLine(e.Message)}" + (debug ? "" : " (run with --debug for the full trace; please report it)"));
            if (debug)
            {
                context.Error.WriteLine(e.ToString());
            }
            return ExitCodes.CannotRun;
        }
    }

    private static string FirstLine(string message)
    {
        var nl = message.IndexOfAny(['\r', '\n']);
        return nl < 0 ? message : message[..nl];
    }
}
