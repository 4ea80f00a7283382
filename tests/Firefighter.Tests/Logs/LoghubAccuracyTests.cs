using Firefighter.Logs;
using Firefighter.Testing;
using Firefighter.Parsing;

namespace Firefighter.Tests.Logs;

public class LoghubAccuracyTests
{
    // Regression guard: measured GA on this system is 1.000 (bench `loghub`); the floor leaves a margin for tuning.
    [Fact]
    public void Grouping_accuracy_on_a_loghub_system_stays_above_the_floor()
    {
        var dir = RepoPaths.InShared("datasets", "loghub-2k", "Zookeeper");
        var log = Path.Combine(dir, "Zookeeper_2k.log");
        File.Exists(log).ShouldBeTrue($"dataset missing: {log}");
        var format = LoghubFormat.TryParse(@"<Date> <Time> - <Level>  \[<Node>:<Component>@<Id>\] - <Content>", out _)!;
        var parser = new LogLineParser(format);
        var miner = new TemplateMiner();
        var ids = File.ReadLines(log).Select(l => { var (c, lv, t) = parser.Parse(l); return miner.Add(c.Span, lv, t); }).ToArray();
        var result = miner.Finish();
        var parsed = ids.Select(i => result.TemplateOf(i).Text).ToArray();
        var truth = File.ReadLines(Path.Combine(dir, "Zookeeper_2k.log_structured_corrected.csv")).Skip(1).Select(LastCsvField).ToArray();
        truth.Length.ShouldBe(parsed.Length);
        var parsedCount = parsed.GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        var correct = 0;
        foreach (var g in Enumerable.Range(0, truth.Length).GroupBy(i => truth[i]))
        {
            var ps = g.Select(i => parsed[i]).Distinct().ToList();
            if (ps.Count == 1 && parsedCount[ps[0]] == g.Count()) { correct += g.Count(); }
        }
        ((double)correct / truth.Length).ShouldBeGreaterThan(0.97);
    }

    private static string LastCsvField(string line)
    {
        if (!line.EndsWith('"')) { return line[(line.LastIndexOf(',') + 1)..]; }
        // Quoted last field: walk back to its opening quote.
        var i = line.Length - 2;
        while (i >= 0)
        {
            if (line[i] == '"' && (i == 0 || line[i - 1] != '"')) { break; }
            i -= line[i] == '"' ? 2 : 1;
        }
        return line[(i + 1)..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
    }
}
