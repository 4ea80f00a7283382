using Firefighter.Metrics;

namespace Firefighter.Tests.Metrics;

public class ChangePointTests
{
    [Fact]
    public void Find_LocatesStepWithinTwoSamples()
    {
        var s = SeriesFactory.Make("latency", i => i >= 120 ? 50 : 10);
        var cp = ChangePointFinder.Find(s.Timestamps, s.Values)!;
        cp.Index.ShouldBeInRange(118, 122);
        cp.Direction.ShouldBe("up");
        cp.Before.ShouldBe(10, 1);
        cp.After.ShouldBe(50, 1);
        cp.RobustZ.ShouldBeGreaterThan(10);
    }

    [Fact]
    public void Find_WithAThreshold_DropsOnlyChangesThatCannotReachIt()
    {
        var s = SeriesFactory.Make("latency", i => i >= 120 ? 50 : 10);
        var full = ChangePointFinder.Find(s.Timestamps, s.Values)!;

        var kept = ChangePointFinder.Find(s.Timestamps, s.Values, full.RobustZ / 2);
        kept.ShouldNotBeNull();
        kept.RobustZ.ShouldBe(full.RobustZ);
        kept.Index.ShouldBe(full.Index);
        // Against the baseline's own scale the shift is at least as large as with the noise floor, so above that it is dropped.
        ChangePointFinder.Find(s.Timestamps, s.Values, Math.Abs(full.After - full.Before) / 1e-12).ShouldBeNull();
    }

    [Fact]
    public void OnsetDetector_ReturnsEarliestSignificantChange_IgnoringNoise()
    {
        var early = SeriesFactory.Make("db_connections", i => i >= 100 ? 80 : 20, seed: 2);
        var late = SeriesFactory.Make("errors", i => i >= 110 ? 40 : 1, seed: 3);
        var flat = SeriesFactory.Make("cpu", _ => 5, seed: 4);
        var onset = OnsetDetector.Find([late, flat, early])!;
        onset.Series.Name.ShouldBe("db_connections");
        onset.Time.ShouldBe(early.Timestamps[100], 2 * 60);
        OnsetDetector.Find([flat]).ShouldBeNull();
    }

    [Fact]
    public void Screener_RanksTheChangedSeriesFirst_GroupsByEntity_AndFindsFirstMover()
    {
        var series = new List<Firefighter.Evidence.MetricSeries>();
        for (var k = 0; k < 50; k++)
        {
            series.Add(SeriesFactory.Make("cpu", _ => 10, seed: 10 + k, labels: [("pod", $"web-{k}"), ("namespace", "prod")]));
        }
        series.Add(SeriesFactory.Make("memory", i => i >= 150 ? 100 : 10, seed: 99, labels: [("pod", "api-1"), ("namespace", "prod")]));
        series.Add(SeriesFactory.Make("errors", i => i >= 153 ? 60 : 1, seed: 98, labels: [("pod", "web-3"), ("namespace", "prod")]));
        var result = SeriesScreener.Screen(series, onset: null);
        result.Onset.ShouldBe(series[50].Timestamps[150], 2 * 60);
        result.Series[0].Series.Name.ShouldBeOneOf("memory", "errors");
        result.FirstMover!.Series.Name.ShouldBe("memory");
        result.Entities.Take(2).Select(e => e.Entity.Name).ShouldBe(["api-1", "web-3"], ignoreOrder: true);
    }
}
