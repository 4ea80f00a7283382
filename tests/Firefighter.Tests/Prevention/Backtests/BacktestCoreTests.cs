using Firefighter.Evidence;
using Firefighter.Prevention.Backtests;
using Firefighter.Prevention.Rules;

namespace Firefighter.Tests.Prevention.Backtests;

public class BacktestCoreTests
{
    private static readonly Dictionary<string, string> Pod = new() { ["pod"] = "a" };

    [Theory]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("0s", 0)]
    [InlineData("3d", 259200)]
    public void PromDuration_parses_and_formats_like_prometheus(string text, int seconds)
    {
        PromDuration.TryParse(text).ShouldBe(TimeSpan.FromSeconds(seconds));
        PromDuration.Format(TimeSpan.FromSeconds(seconds)).ShouldBe(text);
    }

    [Fact]
    public void PromDuration_rejects_garbage() => PromDuration.TryParse("5 minutes").ShouldBeNull();

    [Fact]
    public void For_fires_after_the_expression_held_for_the_duration_and_a_gap_resets_it()
    {
        // Present at steps 2,3,4,5 then absent at 6, present 8..9: for 2m at 1m steps fires at step 4 only.
        var result = new MetricSeries("", Pod, [120, 180, 240, 300, 480, 540], [1, 1, 1, 1, 1, 1], new EvidenceRef("q"));
        var episodes = ForEvaluator.Episodes([result], 0, 60, 12, TimeSpan.FromMinutes(2));
        episodes.Count.ShouldBe(2);
        episodes[0].ActiveAt.ToUnixTimeSeconds().ShouldBe(120);
        episodes[0].FiredAt!.Value.ToUnixTimeSeconds().ShouldBe(240);
        episodes[0].EndedAt!.Value.ToUnixTimeSeconds().ShouldBe(360);
        episodes[1].FiredAt.ShouldBeNull();
    }

    [Fact]
    public void Judge_counts_resolved_firings_before_the_onset_as_noise_and_measures_lead_time()
    {
        var onset = DateTimeOffset.FromUnixTimeSeconds(3600);
        var rule = new AlertingRule { Alert = "X", Expr = "up == 0", For = "5m" };
        var episodes = new List<AlertEpisode>
        {
            new(Pod, At(600), At(900), At(1200)),
            new(Pod, At(3000), At(3300), null),
        };
        var r = Backtester.Judge("g", rule, episodes, onset, At(3900), [], null);
        r.BaselineFirings.ShouldBe(1);
        r.FirstFiring.ShouldBe(At(3300));
        r.MinutesBeforeOnset.ShouldBe(5);
        r.MinutesBeforePage.ShouldBe(10);
        r.Caught.ShouldBeFalse();
        r.Summary.ShouldContain("5 min before the onset");
    }

    [Fact]
    public void Expand_compresses_exact_runs_and_keeps_gaps()
    {
        PromtoolTestFile.Expand([1, 1, 1, null, 5, 7, 9, 11, 2]).ShouldBe("1x2 _ 5+2x3 2");
        PromtoolTestFile.Expand([10, 8, 6]).ShouldBe("10-2x2");
    }

    [Fact]
    public void Expand_does_not_compress_runs_that_repeated_addition_would_change()
    {
        // 0.1 + 0.1 + 0.1 != 0.3 in binary: compressing would feed promtool different numbers than Prometheus saw.
        PromtoolTestFile.Expand([0.1, 0.2, 0.30000000000000004, 0.4]).ShouldBe("0.1+0.1x3");
        PromtoolTestFile.Expand([0.1, 0.2, 0.3]).ShouldBe("0.1 0.2 0.3");
    }

    [Fact]
    public void Grid_takes_the_latest_sample_within_the_lookback()
    {
        var s = new MetricSeries("m", Pod, [0, 30, 90, 1000], [1, 2, double.NaN, 4], new EvidenceRef("f"));
        var grid = SeriesGrid.Build([s], 0, 60, 10);
        grid.Values[0][..3].ShouldBe([1, 2, 2]);
        grid.Values[0][6].ShouldBeNull(); // 360s: last real sample at 30s, older than 5m
        grid.Values[0][9].ShouldBeNull();
    }

    [Fact]
    public void PromtoolOutput_reads_the_alerts_promtool_got()
    {
        const string output = """
              FAILED:
                alertname: Near, time: 1h11m, 
                    exp:[], 
                    got:[
                        0:
                          Labels:{alertname="Near", namespace="n", pod="a", severity="warning"}
                          Annotations:{description="v=1.05", summary="a at 105% \"q\""}
                        ]
            """;
        var got = PromtoolOutput.ParseGot(output);
        var alert = got[("Near", 4260)].Single();
        alert.Labels.ShouldNotContainKey("alertname");
        alert.Labels["pod"].ShouldBe("a");
        alert.Annotations["summary"].ShouldBe("a at 105% \"q\"");
    }

    [Fact]
    public void MetricsIn_finds_selected_metrics_not_functions_or_labels()
    {
        PromQlNames.MetricsIn("max by (namespace, pod) (container_memory_working_set_bytes{container!=\"\"} / on (pod) kube_pod_container_resource_limits{resource=\"memory\"}[5m]) > 0.9")
            .ShouldBe(["container_memory_working_set_bytes", "kube_pod_container_resource_limits"]);
    }

    [Fact]
    public void OpenMetrics_output_escapes_labels_and_skips_nan()
    {
        var s = new MetricSeries("m", new Dictionary<string, string> { ["b"] = "x\"y", ["a"] = "1" }, [10, 20], [double.NaN, 2.5], new EvidenceRef("f"));
        var w = new StringWriter();
        OpenMetricsWriter.Write(w, [s]);
        w.ToString().ShouldBe("m{a=\"1\",b=\"x\\\"y\"} 2.5 20\n# EOF\n");
    }

    private static DateTimeOffset At(long s) => DateTimeOffset.FromUnixTimeSeconds(s);
}
