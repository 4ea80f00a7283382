using System.Diagnostics;
using System.Globalization;
using System.Text;
using Firefighter.Logs;
using Firefighter.Testing;

namespace Firefighter.Bench.Logs;

/// <summary>End-to-end template mining throughput on a generated HDFS-like file (read, header, mask, mine, write assignments).</summary>
public sealed class LogsThroughputHarness : IHarness
{
    public string Name => "logs-throughput";

    public string Description => "Lines/s and peak memory of read+header+mask+mine+assignments on ~1M generated HDFS-like lines";

    public int Run(string[] args)
    {
        var lines = args.Length > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 1_000_000;
        var source = RepoPaths.InShared("datasets", "loghub-2k", "HDFS", "HDFS_2k.log");
        if (!File.Exists(source))
        {
            Console.Error.WriteLine($"logs-throughput: not found: {source}");
            return 3;
        }
        var dir = Path.Combine(Path.GetTempPath(), "ff-logs-throughput");
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, $"hdfs-{lines}.log");
        var assignments = Path.Combine(dir, "assignments.csv");
        if (!File.Exists(input)) { Generate(File.ReadAllLines(source), input, lines); }
        var bytes = new FileInfo(input).Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"input: {lines:N0} lines, {bytes / 1e6:F1} MB (HDFS-2k lines re-sampled, digits randomised), {Environment.ProcessorCount} cores"));
        var format = LoghubFormat.TryParse("<Date> <Time> <Pid> <Level> <Component>: <Content>", out _)!;
        foreach (var (label, fmt) in new[] { ("--log-format", format), ("auto-detect", (LoghubFormat?)null) })
        {
            var best = double.MaxValue;
            var bestCpu = double.MaxValue;
            var templates = 0;
            for (var run = 0; run < 3; run++)
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var pipeline = new TemplateMiningPipeline(fmt);
                pipeline.AddFile(input);
                var result = pipeline.Finish();
                using (var w = new StreamWriter(assignments, false, new UTF8Encoding(false), 1 << 16))
                {
                    pipeline.WriteAssignments(result, w);
                }
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
                bestCpu = Math.Min(bestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
                templates = result.Templates.Count;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,-13} best of 3: {best:F2} s wall, {lines / best:N0} lines/s, {bytes / best / 1e6:F0} MB/s; CPU {bestCpu:F2} s = {lines / bestCpu:N0} lines per CPU-second; {templates} templates"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at end: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB"));
        return 0;
    }

    private static void Generate(string[] sample, string path, int count)
    {
        var rng = new Random(42);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var line = sample[rng.Next(sample.Length)];
            sb.Clear();
            // Keep the header shape (first 13 chars: date and time) and randomise every other digit.
            for (var c = 0; c < line.Length; c++)
            {
                var ch = line[c];
                sb.Append(c >= 14 && char.IsAsciiDigit(ch) ? (char)('0' + rng.Next(10)) : ch);
            }
            sb.Append('\n');
            w.Write(sb);
        }
    }
}
