using Firefighter.Cli;
using Firefighter.Testing;

namespace Firefighter.Cli.Tests;

/// <summary>Runs the CLI in-process against the repository (its signatures and samples), capturing stdout and stderr.</summary>
internal static class CliRun
{
    /// <summary>The exit code and what the command wrote to stdout and stderr.</summary>
    public static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await Cli.RunAsync(args, new CliContext { Out = o, Error = e, BaseDirectory = RepoPaths.Root });
        return (code, o.ToString(), e.ToString());
    }
}
