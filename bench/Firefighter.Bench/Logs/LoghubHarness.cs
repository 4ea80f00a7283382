using System.Globalization;
using System.Text;
using Firefighter.Logs;
using Firefighter.Testing;
using Firefighter.Parsing;

namespace Firefighter.Bench.Logs;

/// <summary>Template-mining accuracy on Loghub-2k (10 systems): GA, FGA, PA, FTA per Loghub-2.0, with and without the log format.</summary>
public sealed class LoghubHarness : IHarness
{
    /// <summary>The per-dataset <c>log_format</c> strings of the LogPAI benchmark (SETTINGS.md); nothing else is per dataset.</summary>
    internal static readonly (string Name, string Format)[] Datasets =
    [
        ("Apache", @"\[<Time>\] \[<Level>\] <Content>"),
        ("BGL", "<Label> <Timestamp> <Date> <Node> <Time> <NodeRepeat> <Type> <Component> <Level> <Content>"),
        ("HDFS", "<Date> <Time> <Pid> <Level> <Component>: <Content>"),
        ("HPC", "<LogId> <Node> <Component> <State> <Time> <Flag> <Content>"),
        ("Hadoop", @"<Date> <Time> <Level> \[<Process>\] <Component>: <Content>"),
        ("Linux", @"<Month> <Date> <Time> <Level> <Component>(\[<PID>\])?: <Content>"),
        ("OpenSSH", @"<Date> <Day> <Time> <Component> sshd\[<Pid>\]: <Content>"),
        ("OpenStack", @"<Logrecord> <Date> <Time> <Pid> <Level> <Component> \[<ADDR>\] <Content>"),
        ("Spark", "<Date> <Time> <Level> <Component>: <Content>"),
        ("Zookeeper", @"<Date> <Time> - <Level>  \[<Node>:<Component>@<Id>\] - <Content>"),
    ];

    public string Name => "loghub";

    public string Description => "Log template accuracy on Loghub-2k (GA, FGA, PA, FTA), with and without --log-format";

    public int Run(string[] args)
    {
        var only = args.SkipWhile(a => a != "--dataset").Skip(1).FirstOrDefault();
        var verbose = args.Contains("--verbose");
        var root = RepoPaths.InShared("datasets", "loghub-2k");
        if (!Directory.Exists(root))
        {
            Console.Error.WriteLine($"loghub: dataset folder not found: {root}");
            return 3;
        }
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var withFormat = new List<(string, Scores)>();
        var auto = new List<(string, Scores)>();
        foreach (var (name, format) in Datasets)
        {
            if (only is not null && !string.Equals(only, name, StringComparison.OrdinalIgnoreCase)) { continue; }
            var dir = Path.Combine(root, name);
            var lines = File.ReadAllLines(Path.Combine(dir, name + "_2k.log"));
            var truth = ReadTruth(Path.Combine(dir, name + "_2k.log_structured_corrected.csv"));
            var fmt = LoghubFormat.TryParse(format, out var err) ?? throw new InvalidOperationException(err);
            if (args.Contains("--header-diff"))
            {
                // Lines whose auto-detected message differs from the one the format gives.
                var byFormat = new LogLineParser(fmt);
                var learned = HeaderShape.Learn(lines);
                var byShape = new LogLineParser(null, shape: learned);
                var differ = 0;
                foreach (var l in lines)
                {
                    var a = byFormat.Parse(l).Content.ToString();
                    var b = byShape.Parse(l).Content.ToString();
                    if (a != b && differ++ < 5) { Console.WriteLine($"{name}: format [{a}]\n{new string(' ', name.Length)}  auto   [{b}]"); }
                }
                Console.WriteLine($"{name}: learned {learned?.Columns ?? 0} header columns; {differ} of {lines.Length} messages differ from the format's");
            }
            withFormat.Add((name, Score(Mine(lines, fmt), truth, verbose)));
            if (!verbose) { auto.Add((name, Score(Mine(lines, null), truth, false))); }
        }
        Console.WriteLine("Loghub-2k, Loghub-2.0 corrected ground truth, one configuration, --log-format given per dataset:");
        Print(withFormat);
        if (auto.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Same, header auto-detected (no --log-format):");
            Print(auto);
            var a = Average(withFormat);
            var b = Average(auto);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Drop without --log-format: GA {a.GA - b.GA:F3}, FGA {a.FGA - b.FGA:F3}, PA {a.PA - b.PA:F3}, FTA {a.FTA - b.FTA:F3}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"({sw.Elapsed.TotalSeconds:F1} s)"));
        return 0;
    }

    internal static string[] Mine(string[] lines, LoghubFormat? format)
    {
        var miner = new TemplateMiner();
        var ids = new int[lines.Length];
        var reader = new LogLineParser(format, shape: format is null ? HeaderShape.Learn(lines) : null);
        for (var i = 0; i < lines.Length; i++)
        {
            var parsed = reader.Parse(lines[i]);
            ids[i] = miner.Add(parsed.Content.Span, parsed.Level);
        }
        var result = miner.Finish();
        var templates = new string[lines.Length];
        for (var i = 0; i < lines.Length; i++) { templates[i] = result.TemplateOf(ids[i]).Text; }
        return templates;
    }

    internal static string[] ReadTruth(string csv)
    {
        var rows = new List<string>();
        using var reader = new StreamReader(csv);
        var header = ParseCsvLine(reader.ReadLine() ?? "");
        var col = header.IndexOf("EventTemplate");
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            rows.Add(ParseCsvLine(line)[col]);
        }
        return [.. rows];
    }

    private static List<string> ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { sb.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else { sb.Append(c); }
        }
        fields.Add(sb.ToString());
        return fields;
    }

    internal sealed record Scores(double GA, double FGA, double PA, double FTA, int Templates, int TruthTemplates);

    internal static Scores Score(string[] parsed, string[] truth, bool verbose)
    {
        var n = truth.Length;
        var parsedCount = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in parsed) { parsedCount[p] = parsedCount.GetValueOrDefault(p) + 1; }
        var byTruth = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            if (!byTruth.TryGetValue(truth[i], out var l)) { byTruth[truth[i]] = l = []; }
            l.Add(i);
        }
        var correctMsgs = 0;
        var correctGroups = 0;
        foreach (var (t, idx) in byTruth)
        {
            var ps = idx.Select(i => parsed[i]).Distinct().ToList();
            if (ps.Count == 1 && parsedCount[ps[0]] == idx.Count)
            {
                correctMsgs += idx.Count;
                correctGroups++;
            }
            else if (verbose)
            {
                Console.WriteLine($"  GT  [{idx.Count}] {t}");
                foreach (var p in ps) { Console.WriteLine($"   -> [{idx.Count(i => parsed[i] == p)}/{parsedCount[p]}] {p}"); }
            }
        }
        var ga = (double)correctMsgs / n;
        var pga = (double)correctGroups / parsedCount.Count;
        var rga = (double)correctGroups / byTruth.Count;
        var fga = pga + rga == 0 ? 0 : 2 * pga * rga / (pga + rga);
        var pa = (double)Enumerable.Range(0, n).Count(i => parsed[i] == truth[i]) / n;
        var byParsed = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            if (!byParsed.TryGetValue(parsed[i], out var s)) { byParsed[parsed[i]] = s = new HashSet<string>(StringComparer.Ordinal); }
            s.Add(truth[i]);
        }
        var correctTemplates = byParsed.Count(kv => kv.Value.Count == 1 && kv.Value.Contains(kv.Key));
        if (verbose)
        {
            foreach (var (p, ts) in byParsed.Where(kv => !(kv.Value.Count == 1 && kv.Value.Contains(kv.Key))))
            {
                if (ts.Count == 1) { Console.WriteLine($"  TEXT {p}\n    GT {ts.First()}"); }
            }
        }
        var pta = (double)correctTemplates / byParsed.Count;
        var rta = (double)correctTemplates / byTruth.Count;
        var fta = pta + rta == 0 ? 0 : 2 * pta * rta / (pta + rta);
        return new Scores(ga, fga, pa, fta, byParsed.Count, byTruth.Count);
    }

    private static (double GA, double FGA, double PA, double FTA) Average(List<(string, Scores)> rows) =>
        (rows.Average(r => r.Item2.GA), rows.Average(r => r.Item2.FGA), rows.Average(r => r.Item2.PA), rows.Average(r => r.Item2.FTA));

    private static void Print(List<(string Name, Scores S)> rows)
    {
        Console.WriteLine("| dataset | GA | FGA | PA | FTA | templates (truth) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, s) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {s.GA:F3} | {s.FGA:F3} | {s.PA:F3} | {s.FTA:F3} | {s.Templates} ({s.TruthTemplates}) |"));
        }
        var a = Average(rows);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **average** | **{a.GA:F3}** | **{a.FGA:F3}** | **{a.PA:F3}** | **{a.FTA:F3}** | |"));
    }
}
