using System.Diagnostics;
using System.Globalization;
using System.Text;
using Firefighter.Logs;
using Firefighter.Testing;
using Firefighter.Parsing;

namespace Firefighter.Bench.Logs;

/// <summary>End-to-end template mining throughput on a generated HDFS-like file (read, header, mask, mine, write assignments).</summary>
public sealed class LogsThroughputHarness : IHarness
{
    public string Name => "logs-throughput";

    public string Description => "Lines/s and peak memory of read+header+mask+mine+assignments on ~1M generated HDFS-like lines";

    public int Run(string[] args)
    {
        var lines = args.Length > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 1_000_000;
        var threads = Option(args, "--threads", 0);
        var runs = Option(args, "--runs", 3);
        var autoDetect = !args.Contains("--format-only");
        var source = RepoPaths.InShared("datasets", "loghub-2k", "HDFS", "HDFS_2k.log");
        if (!File.Exists(source))
        {
            Console.Error.WriteLine($"logs-throughput: not found: {source}");
            return 3;
        }
        var dir = Path.Combine(Path.GetTempPath(), "ff-logs-throughput");
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, $"hdfs-ordered-{lines}.log");
        var assignments = Path.Combine(dir, "assignments.csv");
        if (!File.Exists(input)) { Generate(File.ReadAllLines(source), input, lines); }
        var bytes = new FileInfo(input).Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"input: {lines:N0} lines, {bytes / 1e6:F1} MB (HDFS-2k lines re-sampled, time-ordered, other digits randomised), {Environment.ProcessorCount} cores"));
        var format = LoghubFormat.TryParse("<Date> <Time> <Pid> <Level> <Component>: <Content>", out _)!;
        foreach (var (label, fmt) in autoDetect ? new[] { ("--log-format", format), ("auto-detect", (LoghubFormat?)null) } : [("--log-format", format)])
        {
            var best = double.MaxValue;
            var bestCpu = double.MaxValue;
            var templates = 0;
            var split = "";
            for (var run = 0; run < runs; run++)
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var pipeline = new TemplateMiningPipeline(fmt, parallelism: threads);
                pipeline.AddFile(input);
                var cpuMined = Process.GetCurrentProcess().TotalProcessorTime;
                var result = pipeline.Finish();
                using (var w = new FileStream(assignments, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    pipeline.WriteAssignments(result, w);
                }
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
                var cpuEnd = Process.GetCurrentProcess().TotalProcessorTime;
                if ((cpuEnd - cpu0).TotalSeconds < bestCpu)
                {
                    bestCpu = (cpuEnd - cpu0).TotalSeconds;
                    split = string.Create(CultureInfo.InvariantCulture, $"read+header+mine {(cpuMined - cpu0).TotalSeconds:F2} CPU-s, finish+CSV {(cpuEnd - cpuMined).TotalSeconds:F2} CPU-s");
                }
                templates = result.Templates.Count;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,-13} best of {runs}, {(threads > 0 ? threads : Environment.ProcessorCount)} threads: {best:F2} s wall, {lines / best:N0} lines/s, {bytes / best / 1e6:F0} MB/s; CPU {bestCpu:F2} s = {lines / bestCpu:N0} lines per CPU-second; {templates} templates ({split})"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at end: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB"));
        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    private static readonly DateTime Start = new(2008, 11, 9, 20, 36, 15, DateTimeKind.Utc);

    private static void Generate(string[] sample, string path, int count)
    {
        var rng = new Random(42);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var line = sample[rng.Next(sample.Length)];
            sb.Clear();
            // Real logs are written in time order: the date and time (first 13 chars) advance one second per 1,000 lines,
            // and every other digit is randomised.
            sb.Append(Start.AddSeconds(i / 1000).ToString("yyMMdd HHmmss", CultureInfo.InvariantCulture));
            for (var c = 13; c < line.Length; c++)
            {
                var ch = line[c];
                sb.Append(c >= 14 && char.IsAsciiDigit(ch) ? (char)('0' + rng.Next(10)) : ch);
            }
            sb.Append('\n');
            w.Write(sb);
        }
    }
}
