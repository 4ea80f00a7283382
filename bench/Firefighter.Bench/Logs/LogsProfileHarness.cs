using System.Diagnostics;
using System.Globalization;
using System.Text;
using Firefighter.Logs;
using Firefighter.Parsing;

namespace Firefighter.Bench.Logs;

/// <summary>Single-threaded stage costs of the template-mining path (process CPU ns per line), to see where time goes.</summary>
public sealed class LogsProfileHarness : IHarness
{
    public string Name => "logs-profile";

    public string Description => "CPU ns/line of each mining stage (split, decode, header, mine, CSV) on the logs-throughput input, one thread";

    public int Run(string[] args)
    {
        var input = Path.Combine(Path.GetTempPath(), "ff-logs-throughput", "hdfs-ordered-1000000.log");
        if (!File.Exists(input))
        {
            Console.Error.WriteLine("logs-profile: run logs-throughput first to generate " + input);
            return 3;
        }
        var bytes = File.ReadAllBytes(input);
        var format = LoghubFormat.TryParse("<Date> <Time> <Pid> <Level> <Component>: <Content>", out _)!;
        if (args.Contains("--pipeline-first") || args.Contains("--pipeline-only"))
        {
            for (var run = 0; run < 4; run++)
            {
                var first = new TemplateMiningPipeline(format, parallelism: 1);
                var c0 = Process.GetCurrentProcess().TotalProcessorTime;
                var sw0 = Stopwatch.StartNew();
                first.AddFile(input);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"pipeline first(1 thread)",-28} {(Process.GetCurrentProcess().TotalProcessorTime - c0).TotalMilliseconds * 1e6 / 1e6,8:F0} ns/line, {sw0.Elapsed.TotalMilliseconds * 1e6 / 1e6,8:F0} wall ns/line, GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, allocated {GC.GetTotalAllocatedBytes() / 1e6:F0} MB"));
            }
        }
        if (args.Contains("--pipeline-only")) { return 0; }
        var lines = 0L;
        Report("split", bytes, (line, chars) => { lines++; });
        var n = lines;
        Report("split+decode", bytes, (line, chars) => Encoding.UTF8.GetChars(line, chars));
        var p1 = new LogLineParser(format, 2000, parseTime: false);
        Report("+header(format,no time)", bytes, (line, chars) => p1.Parse(chars.AsSpan(0, Encoding.UTF8.GetChars(line, chars))));
        var p2 = new LogLineParser(format, 2000, parseTime: true);
        Report("+header(format,time)", bytes, (line, chars) => p2.Parse(chars.AsSpan(0, Encoding.UTF8.GetChars(line, chars))));
        var p3 = new LogLineParser(null, 2000, parseTime: true);
        Report("+header(built-in,time)", bytes, (line, chars) => p3.Parse(chars.AsSpan(0, Encoding.UTF8.GetChars(line, chars))));
        // The auto-detect path of the pipeline: a header shape learned from the first lines.
        var sample = Encoding.UTF8.GetString(bytes, 0, 1 << 16).Split('\n').Take(HeaderShape.SampleLines).ToList();
        var shape = HeaderShape.Learn(sample, 2000);
        Console.WriteLine("learned shape: " + (shape is null ? "none" : shape.Columns + " columns"));
        var p4 = new LogLineParser(null, 2000, parseTime: false, shape);
        Report("+header(shape,no time)", bytes, (line, chars) => p4.Parse(chars.AsSpan(0, Encoding.UTF8.GetChars(line, chars))));
        var p5 = new LogLineParser(null, 2000, parseTime: true, shape);
        Report("+header(shape,time)", bytes, (line, chars) => p5.Parse(chars.AsSpan(0, Encoding.UTF8.GetChars(line, chars))));
        var miner = new TemplateMiner();
        Report("+header(format,time)+mine", bytes, (line, chars) =>
        {
            var text = chars.AsSpan(0, Encoding.UTF8.GetChars(line, chars));
            var h = p2.Parse(text);
            miner.Add(text[h.Content], h.Level, h.Time);
        });
        TemplateMiningPipeline pipeline = null!;
        for (var run = 0; run < 3; run++)
        {
            pipeline = new TemplateMiningPipeline(format, parallelism: 1);
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            pipeline.AddStream(new MemoryStream(bytes));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"pipeline(1 thread, memory)",-28} {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds * 1e6 / n,8:F0} ns/line"));
            pipeline = new TemplateMiningPipeline(format, parallelism: 1);
            cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            pipeline.AddFile(input);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"pipeline(1 thread, file)",-28} {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds * 1e6 / n,8:F0} ns/line"));
        }
        for (var run = 0; run < 2; run++)
        {
            var auto = new TemplateMiningPipeline(null, parallelism: 1);
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            auto.AddFile(input);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"pipeline(1 thread, auto)",-28} {(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds * 1e6 / n,8:F0} ns/line"));
        }
        var result = pipeline.Finish();
        var sw = Stopwatch.StartNew();
        using (var w = new StreamWriter(Stream.Null, new UTF8Encoding(false), 1 << 16))
        {
            pipeline.WriteAssignments(result, w);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"assignments CSV",-28} {sw.Elapsed.TotalMilliseconds * 1e6 / n,8:F0} ns/line"));
        return 0;
    }

    private delegate void LineAction(ReadOnlySpan<byte> line, char[] chars);

    private static void Report(string label, byte[] bytes, LineAction action)
    {
        var chars = new char[1 << 16];
        var best = double.MaxValue;
        long count = 0;
        for (var run = 0; run < 2; run++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            ReadOnlySpan<byte> data = bytes;
            count = 0;
            while (!data.IsEmpty)
            {
                var nl = data.IndexOf((byte)'\n');
                var line = nl >= 0 ? data[..nl] : data;
                data = nl >= 0 ? data[(nl + 1)..] : [];
                action(line, chars);
                count++;
            }
            best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-28} {best * 1e6 / count,8:F0} ns/line"));
    }
}
