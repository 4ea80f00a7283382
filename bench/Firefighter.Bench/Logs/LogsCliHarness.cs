using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Firefighter.Testing;

namespace Firefighter.Bench.Logs;

/// <summary>`ff logs patterns FILE --assignments OUT` run as a user runs it: a separate process on a ~1 GB HDFS-like file; wall, CPU and peak RSS.</summary>
/// <remarks>
/// The input is the logs-throughput file (1,000,000 generated lines) concatenated <c>--copies</c> times (7 = 1 GB). The CLI is
/// the published <c>artifacts/ff/ff.dll</c> (run <c>./ff --help</c> once to build it). Peak RSS and CPU come from
/// <c>/usr/bin/time</c> when present, else from polling <c>/proc/PID/status</c> (VmHWM) and <c>/proc/PID/stat</c>.
/// </remarks>
public sealed partial class LogsCliHarness : IHarness
{
    public string Name => "logs-cli";

    public string Description => "ff logs patterns --assignments as a separate process on a ~1 GB HDFS-like file: wall, CPU, peak RSS (--copies N, --runs N, --format, --dll PATH)";

    public int Run(string[] args)
    {
        var copies = Option(args, "--copies", 7);
        var runs = Option(args, "--runs", 3);
        var dllIndex = Array.IndexOf(args, "--dll");
        var dll = dllIndex >= 0 && dllIndex + 1 < args.Length ? args[dllIndex + 1] : RepoPaths.InRepo("artifacts", "ff", "ff.dll");
        if (!File.Exists(dll))
        {
            Console.Error.WriteLine($"logs-cli: not found: {dll} (run ./ff --help once to publish it)");
            return 3;
        }
        var dir = Path.Combine(Path.GetTempPath(), "ff-logs-throughput");
        var part = Path.Combine(dir, "hdfs-ordered-1000000.log");
        if (!File.Exists(part))
        {
            var rc = new LogsThroughputHarness().Run(["1000000", "--runs", "1", "--format-only"]);
            if (rc != 0) { return rc; }
        }
        var input = Path.Combine(dir, $"hdfs-ordered-1000000-x{copies}.log");
        if (!File.Exists(input) || new FileInfo(input).Length != new FileInfo(part).Length * copies)
        {
            using var output = new FileStream(input, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            for (var i = 0; i < copies; i++)
            {
                using var source = File.OpenRead(part);
                source.CopyTo(output, 1 << 20);
            }
        }
        var assignments = Path.Combine(dir, "cli-assignments.csv");
        var extra = args.Contains("--format") ? new[] { "--log-format", "<Date> <Time> <Pid> <Level> <Component>: <Content>" } : [];
        string[] ffArgs = [dll, "logs", "patterns", input, "--assignments", assignments, .. extra];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"input: {input}, {new FileInfo(input).Length / 1e6:F0} MB; {Environment.ProcessorCount} cores; {(extra.Length > 0 ? "--log-format" : "auto-detect")}; timing by {(File.Exists(TimeBinary) ? TimeBinary : "/proc polling")}"));
        Console.WriteLine("$ dotnet " + string.Join(' ', ffArgs.Select(a => a.Contains(' ', StringComparison.Ordinal) ? "'" + a + "'" : a)));
        var best = (Wall: double.MaxValue, Cpu: 0.0, Rss: 0L);
        long records = 0;
        for (var run = 0; run < runs; run++)
        {
            var m = Measure(ffArgs);
            if (m.ExitCode != 0)
            {
                Console.Error.WriteLine($"logs-cli: ff exited with {m.ExitCode}: {m.Stderr}");
                return 1;
            }
            var count = RecordsLine().Match(m.Stdout);
            records = count.Success ? long.Parse(count.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) : 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"run {run + 1}: {m.Wall:F2} s wall, {m.Cpu:F2} s CPU ({m.Cpu / m.Wall:F2} cores busy), peak RSS {m.PeakRssKb / 1024.0:F0} MB, {records / m.Wall:N0} lines/s, {m.Cpu * 1e6 / Math.Max(1, records):F2} CPU-us/line"));
            if (m.Wall < best.Wall) { best = (m.Wall, m.Cpu, m.PeakRssKb); }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"best of {runs}: {records:N0} records, {best.Wall:F2} s wall = {records / best.Wall:N0} lines/s; CPU {best.Cpu:F2} s = {records / best.Cpu:N0} lines per CPU-second; peak RSS {best.Rss / 1024.0:F0} MB"));
        Console.WriteLine($"load average at end: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}");
        return 0;
    }

    private const string TimeBinary = "/usr/bin/time";

    private sealed record Measurement(int ExitCode, double Wall, double Cpu, long PeakRssKb, string Stdout, string Stderr);

    private static Measurement Measure(string[] ffArgs)
    {
        var useTime = File.Exists(TimeBinary);
        var psi = new ProcessStartInfo(useTime ? TimeBinary : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (useTime)
        {
            psi.ArgumentList.Add("-f");
            psi.ArgumentList.Add("FFTIME %U %S %M");
            psi.ArgumentList.Add("dotnet");
        }
        foreach (var a in ffArgs) { psi.ArgumentList.Add(a); }
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        long peakKb = 0;
        double cpu = 0;
        while (!p.WaitForExit(20))
        {
            if (useTime) { continue; }
            // VmHWM is the process's own high-water mark: the last reading before exit is its peak.
            peakKb = Math.Max(peakKb, ProcKb(p.Id, "VmHWM:"));
            cpu = Math.Max(cpu, ProcCpuSeconds(p.Id));
        }
        p.WaitForExit();
        var wall = sw.Elapsed.TotalSeconds;
        var err = stderr.GetAwaiter().GetResult();
        if (useTime)
        {
            var m = TimeLine().Match(err);
            if (m.Success)
            {
                cpu = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                peakKb = long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            }
        }
        return new Measurement(p.ExitCode, wall, cpu, peakKb, stdout.GetAwaiter().GetResult(), err);
    }

    private static long ProcKb(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(key.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return 0;
    }

    // utime + stime (fields 14 and 15 of /proc/PID/stat, after the parenthesised name) in clock ticks of 1/100 s.
    private static double ProcCpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    [GeneratedRegex(@"^([\d,]+) records", RegexOptions.Multiline)]
    private static partial Regex RecordsLine();

    [GeneratedRegex(@"FFTIME ([\d.]+) ([\d.]+) (\d+)")]
    private static partial Regex TimeLine();
}
