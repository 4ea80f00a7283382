using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Metrics.Analyzers;

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
    public void Anomalies_TheStreamingDetectorReportsAnExcursionWithinItsWindow()
    {
        // A day and a half of samples a minute apart around 20 (noise up to 1); three samples at 90 from i = 1500. The detector is causal and may
        // report the excursion when it sees it or as the change it leaves behind, within its 8-sample sustain window.
        var s = SeriesFactory.Make("queue_depth", i => i is >= 1500 and < 1503 ? 90 : 20, n: 2000, labels: [("pod", "worker-1")]);

        var f = new AnomalyAnalyzer().Analyze(Context(s)).Findings.ShouldHaveSingleItem();

        f.Kind.ShouldBe("metrics.anomaly");
        f.Entity.Name.ShouldBe("worker-1");
        f.Start!.Value.ToUnixTimeSeconds().ShouldBeInRange((long)s.Timestamps[1500], (long)s.Timestamps[1508]);
        f.Attr("anomaly").ShouldNotBeNull();
        double.Parse(f.Attr("normalHigh")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThan(25);
        f.Strength.ShouldBeLessThanOrEqualTo(AnomalyAnalyzer.StrengthScale);
        f.Severity.ShouldBe(FindingSeverity.Info);
    }

    [Fact]
    public void Anomalies_ASteadySeriesOrOneTooShortToLearnFromIsNotReported()
    {
        var steady = SeriesFactory.Make("queue_depth", _ => 20, n: 400);
        var tooShort = SeriesFactory.Make("queue_depth", i => i is >= 250 and < 253 ? 90 : 20, n: Firefighter.Metrics.AnomalyScan.MinSamples - 1);

        new AnomalyAnalyzer().Analyze(Context(steady, tooShort)).Findings.ShouldBeEmpty();
    }

    private static MetricSeries Counter(string name, Func<int, double> perStep, int n = 60, Func<int, bool>? reset = null)
    {
        var t = new double[n];
        var v = new double[n];
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            // After a restart the counter holds what the new process counted since it started.
            total = reset?.Invoke(i) == true ? perStep(i) : total + perStep(i);
            t[i] = SeriesFactory.T0 + (i * 60);
            v[i] = total;
        }
        return new MetricSeries(name, new Dictionary<string, string> { ["pod"] = "api-1" }, t, v, new EvidenceRef("metrics/" + name + ".json"));
    }

    [Fact]
    public void Shifts_ACounterShiftsWhereItsRateChanges_NotAtItsFirstIncrement()
    {
        // Nothing for 10 minutes, then a steady 1 request per 10 s, then 10 per second from minute 40: the raw counter "moves" at minute 10.
        var s = Counter("http_requests_total", i => i < 10 ? 0 : i < 40 ? 6 + (i % 3) : 600 + (i % 5));

        var findings = new ShiftsAnalyzer().Analyze(Context(s)).Findings;

        var f = findings.Single(x => x.Kind == "metrics.level_shift");
        f.Attr("rate").ShouldBe("true");
        f.Title.ShouldStartWith("rate of http_requests_total");
        f.Start!.Value.ToUnixTimeSeconds().ShouldBeInRange((long)s.Timestamps[39], (long)s.Timestamps[41]);
        double.Parse(f.Attr("after")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(10, 0.2);
    }

    [Fact]
    public void Shifts_ACounterResetIsNeitherAShiftNorASpike()
    {
        // A pod restart resets the counter to zero; the rate carries on unchanged.
        var s = Counter("http_requests_total", i => 60 + (i % 4), reset: i => i == 30);

        new ShiftsAnalyzer().Analyze(Context(s)).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Shifts_AGaugeNamedLikeACounterStaysAGauge()
    {
        // A ratio saved under a counter's name goes up and down: it is analysed as is.
        var s = SeriesFactory.Make("errors_ratio_total", i => i >= 120 ? 50 : 5, labels: [("pod", "api-1")]);

        var f = new ShiftsAnalyzer().Analyze(Context(s)).Findings.Single(x => x.Kind == "metrics.level_shift");

        f.Attr("rate").ShouldBe("false");
        double.Parse(f.Attr("after")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(50, 1);
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
