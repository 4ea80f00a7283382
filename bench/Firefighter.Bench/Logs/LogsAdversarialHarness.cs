using System.Diagnostics;
using System.Globalization;
using System.Text;
using Firefighter.Logs;

namespace Firefighter.Bench.Logs;

/// <summary>Worst-case inputs for the log path (header, mining, merging, splitting): time per line at several sizes and the fitted slope.</summary>
/// <remarks>
/// Each family is generated in memory at each size and mined as <c>ff logs patterns --assignments</c> does (auto-detected
/// header, all cores, assignments written to a null stream). The slope is the least-squares fit of log(time) on log(bytes):
/// 1.0 is linear, 2.0 quadratic. The budget is 5 s for any input of at most 10 MB.
/// </remarks>
public sealed class LogsAdversarialHarness : IHarness
{
    public string Name => "logs-adversarial";

    public string Description => "Worst-case log inputs (numeric lists, distinct lengths, long lines, unique templates...): time per line per size and fitted slope";

    private static readonly string[] Words3 = ["alpha", "beta", "gamma"];

    private static readonly (string Name, string What, Func<Random, long, string> Line)[] Families =
    [
        ("numeric-lists", "one event ending in a list of 1-300 numbers (the exponential case of issue 19)",
            (Random r, long i) => "2024-05-01T10:00:00Z INFO wlan0: supported channels " + string.Join(' ', Enumerable.Range(1, 1 + r.Next(300)))),
        ("distinct-lengths", "line i holds i mod 4000 variable tokens between constant words (thousands of lengths)",
            (Random r, long i) => $"2024-05-01T10:00:00Z INFO job {i} ran " + string.Join(' ', Enumerable.Range(0, (int)(i % 4000)).Select(k => "task" + k)) + " then stopped"),
        ("list-then-word", "a list of 1-250 numbers followed by one of three words (matches fail at the end)",
            (Random r, long i) => "2024-05-01T10:00:00Z WARN queue " + string.Join(' ', Enumerable.Range(0, 1 + r.Next(250)).Select(_ => r.Next(1000))) + " " + Words3[r.Next(3)]),
        ("split-words", "1-64 words drawn from three (every position splits: deep partition, many templates)",
            (Random r, long i) => "2024-05-01T10:00:00Z INFO " + string.Join(' ', Enumerable.Range(0, 1 + r.Next(64)).Select(_ => Words3[r.Next(3)]))),
        ("peel", "200 constant words with word i mod 200 replaced (each split peels a few signatures)",
            (Random r, long i) => "2024-05-01T10:00:00Z INFO " + string.Join(' ', Enumerable.Range(0, 200).Select(k => k == (int)(i % 200) ? "other" : "word" + (char)('a' + (k % 26))))),
        ("unique-templates", "every line a new template: two fresh words and numbers, no constant word",
            (Random r, long i) => $"2024-05-01T10:00:00Z INFO {Fresh(i)} {Fresh(i * 7919 + 1)} {r.Next()} {Fresh(i + 17)}"),
        ("wild-ends", "every line a new template of 3-8 tokens that starts and ends with a number (no index key)",
            (Random r, long i) => $"2024-05-01T10:00:00Z INFO {r.Next()} " + string.Join(' ', Enumerable.Range(0, 1 + r.Next(6)).Select(k => Fresh(i * 31 + k))) + $" {r.Next()}"),
        ("format-mismatch", "--log-format given; 200-word lines without the ': ' the format needs (lazy fields backtracked)",
            (Random r, long i) => string.Join(' ', Enumerable.Range(0, 200).Select(k => Words3[r.Next(3)]))),
        ("failure-phrases", "the failure-phrase detector (logs.patterns) on 100,000-character messages repeating 'upstream'",
            (Random r, long i) => string.Concat(Enumerable.Repeat("upstream x ", 10000))),
        ("long-lines", "lines of 50,000-150,000 characters of words and numbers",
            (Random r, long i) => "2024-05-01T10:00:00Z ERROR dump " + string.Join(' ', Enumerable.Range(0, 10000 + r.Next(20000)).Select(k => (k & 1) == 0 ? r.Next(100000).ToString(CultureInfo.InvariantCulture) : Words3[r.Next(3)]))),
        ("no-newline", "the whole input one line, no newline (the reader cuts it into blocks)",
            (Random r, long i) => string.Join(' ', Enumerable.Range(0, 1000).Select(k => (k % 3) == 0 ? "v" + r.Next(1000) : Words3[r.Next(3)]))),
        ("json-lines", "JSON records whose message is a 2,000-token list",
            (Random r, long i) => "{\"ts\":\"2024-05-01T10:00:00Z\",\"level\":\"info\",\"msg\":\"ids " + string.Join(' ', Enumerable.Range(0, 1 + r.Next(2000)).Select(_ => r.Next(1000))) + "\"}"),
    ];

    private static string Fresh(long i)
    {
        var sb = new StringBuilder("w");
        var v = (ulong)i * 2654435761UL;
        for (var k = 0; k < 6; k++)
        {
            sb.Append((char)('a' + (int)(v % 26)));
            v /= 26;
        }
        return sb.ToString();
    }

    public int Run(string[] args)
    {
        var sizes = Option(args, "--sizes", "1,2,4,8,10").Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var only = Option(args, "--family", "");
        var runs = int.Parse(Option(args, "--runs", "2"), CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"logs-adversarial: auto-detected header (format-mismatch: --log-format), {Environment.ProcessorCount} cores, best of {runs} runs per size; sizes {string.Join(", ", sizes)} MB; budget 5 s per input of at most 10 MB"));
        Console.WriteLine("| family | MB | lines | templates | seconds | µs/line | µs/KB | warnings |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        var summary = new List<string>();
        var over = false;
        Mine(Generate(Families[0].Line, 100_000), null, out _, out _); // JIT warm-up
        foreach (var (name, what, line) in Families)
        {
            if (only.Length > 0 && !name.Equals(only, StringComparison.OrdinalIgnoreCase)) { continue; }
            var xs = new List<double>();
            var ys = new List<double>();
            foreach (var mb in sizes)
            {
                var data = Generate(line, (long)(mb * 1_000_000), name == "no-newline" ? ' ' : '\n');
                var best = double.MaxValue;
                long records = 0;
                MiningResult? result = null;
                for (var run = 0; run < runs; run++)
                {
                    best = Math.Min(best, name == "failure-phrases" ? Phrases(data, out records, out result) : Mine(data, name == "format-mismatch" ? HdfsFormat : null, out records, out result));
                }
                xs.Add(Math.Log(data.Length));
                ys.Add(Math.Log(best));
                if (data.Length <= 10_000_000 && best > 5) { over = true; }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {data.Length / 1e6:F1} | {records:N0} | {result!.Templates.Count:N0} | {best:F3} | {best * 1e6 / Math.Max(1, records):F1} | {best * 1e6 / (data.Length / 1e3):F2} | {string.Join("; ", result.Warnings)} |"));
            }
            summary.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {Slope(xs, ys):F2} | {what} |"));
        }
        Console.WriteLine();
        Console.WriteLine("| family | slope of log(time) on log(size) | input |");
        Console.WriteLine("|---|---|---|");
        foreach (var s in summary) { Console.WriteLine(s); }
        Console.WriteLine(over ? "BUDGET EXCEEDED: an input of at most 10 MB took more than 5 s" : "every input of at most 10 MB took at most 5 s");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load average at end: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}"));
        return over ? 2 : 0;
    }

    private static byte[] Generate(Func<Random, long, string> line, long bytes, char separator = '\n')
    {
        var rng = new Random(19);
        var ms = new MemoryStream((int)Math.Min(bytes + (1 << 20), int.MaxValue));
        using (var w = new StreamWriter(ms, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
        {
            var written = 0L;
            for (long i = 0; written < bytes; i++)
            {
                var l = line(rng, i);
                w.Write(l);
                w.Write(separator);
                written += l.Length + 1; // ASCII
            }
        }
        return ms.ToArray();
    }

    private static readonly Firefighter.Parsing.LoghubFormat HdfsFormat = Firefighter.Parsing.LoghubFormat.TryParse("<Date> <Time> <Pid> <Level> <Component>: <Content>", out _)!;

    // The failure-phrase patterns and their target, on every line (as logs.patterns runs them on warning and error records).
    private static double Phrases(byte[] data, out long records, out MiningResult result)
    {
        var lines = Encoding.UTF8.GetString(data).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var sw = Stopwatch.StartNew();
        var found = 0;
        foreach (var l in lines)
        {
            if (LogPatterns.Match(l) is not null) { found++; }
            LogPatterns.Target(l);
        }
        records = lines.Length;
        result = new MiningResult([], []) { Warnings = found > 0 ? [$"{found} matched"] : [] };
        return sw.Elapsed.TotalSeconds;
    }

    private static double Mine(byte[] data, Firefighter.Parsing.LoghubFormat? format, out long records, out MiningResult result)
    {
        var sw = Stopwatch.StartNew();
        var pipeline = new TemplateMiningPipeline(format);
        pipeline.AddStream(new MemoryStream(data, writable: false));
        result = pipeline.Finish();
        pipeline.WriteAssignments(result, Stream.Null);
        records = pipeline.RecordCount;
        return sw.Elapsed.TotalSeconds;
    }

    private static double Slope(List<double> xs, List<double> ys)
    {
        var mx = xs.Average();
        var my = ys.Average();
        var num = 0.0;
        var den = 0.0;
        for (var i = 0; i < xs.Count; i++)
        {
            num += (xs[i] - mx) * (ys[i] - my);
            den += (xs[i] - mx) * (xs[i] - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
