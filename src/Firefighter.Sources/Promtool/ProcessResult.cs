namespace Firefighter.Sources.Promtool;

/// <summary>The outcome of running a tool: exit code and captured output.</summary>
public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr)
{
    /// <summary>True when the exit code is 0.</summary>
    public bool Ok => ExitCode == 0;

    /// <summary>Stdout and stderr together, for messages.</summary>
    public string Output => (StdOut + "\n" + StdErr).Trim();
}
