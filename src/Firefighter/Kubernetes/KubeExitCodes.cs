namespace Firefighter.Kubernetes;

/// <summary>What a container's exit code and termination reason mean, in the words an on-call engineer needs.</summary>
public static class KubeExitCodes
{
    /// <summary>Explains an exit code, using the termination reason to tell a cgroup OOM kill from another SIGKILL.</summary>
    public static string Explain(int? exitCode, string? reason)
    {
        if (reason == "OOMKilled")
        {
            return "killed by the kernel OOM killer: the container exceeded its memory limit";
        }
        if (reason is "StartError" or "ContainerCannotRun" && exitCode is not (126 or 127))
        {
            return "the runtime could not start the process (bad entrypoint, missing binary or mount failure)";
        }
        return exitCode switch
        {
            null => "no exit code recorded",
            0 => "exited successfully (0): a long-running container must not exit on its own; check its command or whether a probe restarts it",
            1 => "application error (exit 1): the process failed; its previous logs say why",
            2 => "misuse of shell builtin or invalid arguments (exit 2)",
            126 => "command found but not executable (exit 126): permissions or wrong binary format",
            127 => "command not found (exit 127): wrong command/entrypoint or missing binary in the image",
            128 => "the runtime failed to start the container (exit 128)",
            130 => "interrupted by SIGINT (exit 130)",
            134 => "aborted by SIGABRT (exit 134): an assertion or runtime abort (e.g. JVM/glibc crash)",
            137 => "killed by SIGKILL (exit 137) without an OOM record: a failed liveness probe, a grace-period timeout or the node's OOM killer",
            139 => "segmentation fault (SIGSEGV, exit 139)",
            143 => "terminated by SIGTERM (exit 143): it was asked to stop (liveness probe failure, eviction or a rollout), not a crash by itself",
            > 128 and < 160 => $"killed by signal {exitCode - 128} (exit {exitCode})",
            _ => $"application exit code {exitCode}: defined by the application",
        };
    }
}
