using System.Diagnostics;

namespace Firefighter.Sources.Promtool;

/// <summary>Runs Prometheus's <c>promtool</c>: rule checks, rule unit tests and TSDB backfill.</summary>
/// <remarks>The binaries are found through <c>FF_PROMTOOL</c>/<c>FF_PROMETHEUS</c> or on PATH.</remarks>
public static class PromtoolRunner
{
    /// <summary>Full path of promtool, or null when it is not installed.</summary>
    public static string? Promtool => Find("FF_PROMTOOL", "promtool");

    /// <summary>Full path of prometheus, or null when it is not installed.</summary>
    public static string? Prometheus => Find("FF_PROMETHEUS", "prometheus");

    /// <summary><c>promtool check rules FILE...</c>.</summary>
    public static Task<ProcessResult> CheckRulesAsync(IEnumerable<string> files, CancellationToken cancellationToken = default) =>
        RunPromtoolAsync(["check", "rules", .. files], null, cancellationToken);

    /// <summary><c>promtool test rules FILE</c>, run from the file's folder so relative rule_files resolve.</summary>
    public static Task<ProcessResult> TestRulesAsync(string testFile, CancellationToken cancellationToken = default) =>
        RunPromtoolAsync(["test", "rules", Path.GetFileName(testFile)], Path.GetDirectoryName(Path.GetFullPath(testFile)), cancellationToken);

    /// <summary><c>promtool tsdb create-blocks-from openmetrics IN DIR</c>: backfills TSDB blocks into <paramref name="dataDir"/>.</summary>
    public static Task<ProcessResult> CreateBlocksAsync(string openMetricsFile, string dataDir, CancellationToken cancellationToken = default) =>
        RunPromtoolAsync(["tsdb", "create-blocks-from", "openmetrics", openMetricsFile, dataDir], null, cancellationToken);

    /// <summary>Runs promtool with <paramref name="args"/>; exit code 127 when promtool is missing.</summary>
    public static Task<ProcessResult> RunPromtoolAsync(IReadOnlyList<string> args, string? workingDirectory, CancellationToken cancellationToken) =>
        Promtool is { } exe
            ? RunAsync(exe, args, workingDirectory, cancellationToken)
            : Task.FromResult(new ProcessResult(127, "", "promtool not found (install Debian's 'prometheus' package or set FF_PROMTOOL)"));

    /// <summary>Runs a process to completion and captures its output.</summary>
    public static async Task<ProcessResult> RunAsync(string exe, IReadOnlyList<string> args, string? workingDirectory, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + exe);
        var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await p.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw;
        }
        return new ProcessResult(p.ExitCode, await stdout, await stderr);
    }

    // Locates an executable as the shell does (an FF_* override, then PATH): reading the environment is the point here.
#pragma warning disable RS0030
    private static string? Find(string envVar, string name)
    {
        if (Environment.GetEnvironmentVariable(envVar) is { Length: > 0 } env && File.Exists(env))
        {
            return env;
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
#pragma warning restore RS0030
}
