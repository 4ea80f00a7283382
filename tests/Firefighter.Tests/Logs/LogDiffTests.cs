using Firefighter.Evidence;
using Firefighter.Logs;
using Firefighter.Analysis;
using Firefighter.Logs.Analyzers;

namespace Firefighter.Tests.Logs;

public class LogDiffTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void BinomialUpperTail_matches_known_values()
    {
        LogDiff.BinomialUpperTail(3, 3, 0.5).ShouldBe(0.125, 1e-12);
        LogDiff.BinomialUpperTail(1, 10, 0.1).ShouldBe(1 - Math.Pow(0.9, 10), 1e-12);
        LogDiff.BinomialUpperTail(0, 10, 0.3).ShouldBe(1.0);
    }

    [Fact]
    public void Proportional_growth_is_not_a_spike_but_a_real_jump_is()
    {
        var diff = new LogDiff();
        // 10 minutes baseline, 10 minutes incident; "steady" keeps its rate, "retry" jumps 10x, "boom" is new.
        for (var m = 0; m < 10; m++)
        {
            for (var i = 0; i < 20; i++) { diff.AddBaseline($"request {i} served in {i} ms", LogLevel.Info, T0.AddMinutes(m)); }
            diff.AddBaseline($"retrying call {m}", LogLevel.Warn, T0.AddMinutes(m));
        }
        for (var m = 10; m < 20; m++)
        {
            for (var i = 0; i < 20; i++) { diff.AddIncident($"request {i} served in {i} ms", LogLevel.Info, T0.AddMinutes(m)); }
            for (var i = 0; i < 10; i++) { diff.AddIncident($"retrying call {m * 10 + i}", LogLevel.Warn, T0.AddMinutes(m)); }
            diff.AddIncident($"connection refused to db-{m}:5432", LogLevel.Error, T0.AddMinutes(m));
        }
        var report = diff.Compare();
        report.Normalisation.ShouldBe("duration");
        report.Changes.ShouldNotContain(c => c.Template.StartsWith("request", StringComparison.Ordinal));
        var spike = report.Changes.Single(c => c.Change == "spike");
        spike.Template.ShouldBe("retrying call <*>");
        spike.PValue.ShouldBeLessThan(1e-6);
        var fresh = report.Changes.Single(c => c.Change == "new");
        fresh.Template.ShouldBe("connection refused to db-<*>:<*>");
        report.Changes[0].ShouldBeSameAs(fresh); // error level ranks first
    }

    [Fact]
    public void Analyzer_splits_at_error_onset_and_cites_sample_lines()
    {
        var evidence = new EvidenceSet();
        var line = 0;
        for (var m = 0; m < 30; m++)
        {
            for (var i = 0; i < 5; i++)
            {
                line++;
                evidence.Logs.Add(new LogRecord(T0.AddMinutes(m).AddSeconds(i), LogLevel.Info, $"GET /api/items/{i} 200", null, new EvidenceRef("logs/api.log", line)));
            }
            if (m >= 20)
            {
                for (var i = 0; i < 4; i++)
                {
                    line++;
                    evidence.Logs.Add(new LogRecord(T0.AddMinutes(m).AddSeconds(10 + i), LogLevel.Error, $"dial tcp 10.0.0.{i}:5432: connect: connection refused", null, new EvidenceRef("logs/api.log", line)));
                }
            }
        }
        LogTemplateAnalyzer.ErrorOnset(evidence.Logs).ShouldBe(T0.AddMinutes(20));
        var result = new LogTemplateAnalyzer().Analyze(new AnalysisContext(evidence, T0.AddHours(1)));
        var f = result.Findings.Single(x => x.Kind == "logs.template.new");
        f.Attr("template").ShouldBe("dial tcp <*>:<*>: connect: connection refused");
        f.Attr("level").ShouldBe("error");
        f.Attr("count").ShouldBe("40");
        f.Evidence.ShouldNotBeEmpty();
        f.Evidence[0].Source.ShouldBe("logs/api.log");
        f.Evidence[0].Line.ShouldBe(106);
    }

    [Theory]
    [InlineData(LogLevel.Info, LogLevel.Info)]
    [InlineData(LogLevel.Info, LogLevel.Warn)]
    public void One_message_is_never_both_new_and_vanished(LogLevel before, LogLevel after)
    {
        // The same message logged before and after the split (its level may change with a new logging config); the miner
        // may file the two sides under different templates, but the diff must not report one message as both new and vanished.
        var diff = new LogDiff();
        for (var m = 0; m < 10; m++)
        {
            for (var i = 0; i < 25; i++)
            {
                diff.AddBaseline("payment gateway timeout after 3000 ms", before, T0.AddMinutes(m));
                diff.AddBaseline($"order {1000 + i} accepted", LogLevel.Info, T0.AddMinutes(m));
            }
        }
        for (var m = 10; m < 20; m++)
        {
            for (var i = 0; i < 35; i++)
            {
                diff.AddIncident("payment gateway timeout after 3000 ms", after, T0.AddMinutes(m));
                diff.AddIncident($"order {2000 + i} accepted", LogLevel.Info, T0.AddMinutes(m));
            }
        }

        var report = diff.Compare();

        var newOnes = report.Changes.Where(c => c.Change == "new").Select(c => c.Sample).ToList();
        var vanished = report.Changes.Where(c => c.Change == "vanished").Select(c => c.Sample).ToList();
        newOnes.Intersect(vanished).ShouldBeEmpty();
        report.Changes.ShouldNotContain(c => c.Change == "new" && c.Sample.Contains("payment gateway timeout"));
    }
}
