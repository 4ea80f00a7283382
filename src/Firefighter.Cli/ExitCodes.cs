namespace Firefighter.Cli;

/// <summary>The documented exit codes (docs/cli.md).</summary>
public static class ExitCodes
{
    /// <summary>Ran and found nothing wrong.</summary>
    public const int Ok = 0;

    /// <summary>Usage error: unknown option, missing argument.</summary>
    public const int Usage = 1;

    /// <summary>Ran and found problems.</summary>
    public const int Problems = 2;

    /// <summary>Could not run: bad input, unreadable path, unreachable source.</summary>
    public const int CannotRun = 3;

    /// <summary>Interrupted by SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>Terminated by SIGTERM.</summary>
    public const int Terminated = 143;
}
