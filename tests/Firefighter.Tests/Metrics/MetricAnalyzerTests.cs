using Firefighter.Evidence;
using Firefighter.Investigation;
using Firefighter.Metrics;

namespace Firefighter.Tests.Metrics;

public class MetricAnalyzerTests
{
    private static AnalysisContext Context(params MetricSeries[] series)
    {
        var e = new EvidenceSet();
        e.Metrics.AddRange(series);
        return new AnalysisContext(e, DateTimeOffset.FromUnixTimeSeconds((long)SeriesFactory.T0));
    }

    [Fact]
    public void Shifts_ReportsLevelShiftWithAttributesAndPodEntity()
    {
        var s = SeriesFactory.Make("http_latency_p99", i => i >= 120 ? 200 : 20, labels: [("pod", "api-7d9f-x"), ("namespace", "shop")]);
        var f = new ShiftsAnalyzer().Analyze(Context(s)).Findings.Single(x => x.Kind == "metrics.level_shift");
        f.Entity.ShouldBe(new EntityRef("Pod", "shop", "api-7d9f-x"));
        f.Attr("direction").ShouldBe("up");
        double.Parse(f.Attr("before")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(20, 1);
        double.Parse(f.Attr("after")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(200, 1);
        f.Start!.Value.ToUnixTimeSeconds().ShouldBeInRange((long)s.Timestamps[118], (long)s.Timestamps[122]);
        f.Evidence[0].Field.ShouldBe(s.Id);
    }

    [Fact]
    public void Shifts_ReportsNothingForNoise()
    {
        var s = SeriesFactory.Make("cpu", _ => 10);
        new ShiftsAnalyzer().Analyze(Context(s)).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Growth_ComputesSlopeAndTimeToLimitFromLimitSeries()
    {
        // 60 s steps, +1 per step = 60/h; at i=199 usage ~ 1199, limit 2000 -> ~801 steps -> ~13h.
        var usage = SeriesFactory.Make("container_memory_working_set_bytes", i => 1000 + i, labels: [("pod", "api-1"), ("container", "api")]);
        var limit = SeriesFactory.Make("kube_pod_container_resource_limits_memory_bytes", _ => 2000, labels: [("pod", "api-1"), ("container", "api")]);
        var f = new GrowthAnalyzer().Analyze(Context(usage, limit)).Findings.Single();
        f.Kind.ShouldBe("metrics.steady_growth");
        double.Parse(f.Attr("slopePerHour")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(60, 3);
        long.Parse(f.Attr("timeToLimitSeconds")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(800 * 60 - 600, 800 * 60 + 600);
        double.Parse(f.Attr("limit")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(2000, 1.5);
    }

    [Fact]
    public void Saturation_ReportsRatioAboveNinetyPercent()
    {
        var usage = SeriesFactory.Make("container_memory_working_set_bytes", i => i < 190 ? 500 : 1950, labels: [("pod", "api-1")]);
        var limit = SeriesFactory.Make("container_spec_memory_limit_bytes", _ => 2000, labels: [("pod", "api-1")]);
        var f = new SaturationAnalyzer().Analyze(Context(usage, limit)).Findings.Single();
        double.Parse(f.Attr("ratio")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0.97);
        var other = SeriesFactory.Make("container_memory_working_set_bytes", _ => 500, labels: [("pod", "api-2")]);
        new SaturationAnalyzer().Analyze(Context(other, limit)).Findings.ShouldBeEmpty();
    }
}
