using System.Globalization;
using Firefighter.Evidence;
using Firefighter.Metrics;
using Firefighter.Analysis;

namespace Firefighter.Tests.Metrics;

public class ScreeningFindingsTests
{
    private static readonly DateTimeOffset Onset = DateTimeOffset.FromUnixTimeSeconds((long)SeriesFactory.T0 + (100 * 60));

    [Fact]
    public void A_counter_that_keeps_counting_is_not_a_change_but_one_that_speeds_up_is()
    {
        var steady = SeriesFactory.Make("requests_total", i => i * 600, labels: ("pod", "web-abcdef1234-x1y2z"));
        var faster = SeriesFactory.Make("errors_total", i => i < 100 ? i * 6 : 600 + ((i - 100) * 600), labels: ("pod", "api-abcdef1234-x1y2z"));

        var (_, findings) = ScreeningFindings.Screen([steady, faster], Onset);

        var top = findings.ShouldHaveSingleItem();
        top.Entity.Name.ShouldBe("api-abcdef1234-x1y2z");
        top.Attr("metric").ShouldBe("errors_total");
        top.Attr("direction").ShouldBe("up");
        top.Attr("rank").ShouldBe("1");
    }

    [Fact]
    public void Series_of_one_component_are_grouped_and_the_component_that_moved_first_is_marked()
    {
        // db moves two samples before the onset; api only at it.
        var db = SeriesFactory.Make("db_latency", i => i >= 98 ? 500 : 10, labels: [("namespace", "shop"), ("pod", "db-0")]);
        var api1 = SeriesFactory.Make("api_latency", i => i >= 100 ? 900 : 20, labels: [("namespace", "shop"), ("pod", "api-abcdef1234-aaaaa")]);
        var api2 = SeriesFactory.Make("api_errors", i => i >= 100 ? 50 : 0, seed: 2, labels: [("namespace", "shop"), ("pod", "api-abcdef1234-bbbbb")]);
        var csv = SeriesFactory.Make("api_p99", i => i >= 100 ? 90 : 1, seed: 3, labels: ("service", "api"));

        var (_, findings) = ScreeningFindings.Screen([db, api1, api2, csv], Onset,
            e => e.Kind == "Pod" && e.Name.StartsWith("api-", StringComparison.Ordinal) ? new EntityRef("Deployment", e.Namespace, "api") : e);

        findings.Count.ShouldBe(2);
        var api = findings.Single(f => f.Entity.Name == "api");
        api.Entity.ShouldBe(new EntityRef("Deployment", "shop", "api"));
        api.Attr("metrics")!.Split(',').ShouldBe(["api_latency", "api_p99", "api_errors"], ignoreOrder: true);
        var first = findings.Single(f => f.Attr("moveOrder") == "1");
        first.Entity.Name.ShouldBe("db-0");
        first.Title.ShouldContain("moved first");
        first.Start.ShouldBe(Onset.AddMinutes(-2));
        findings.ShouldAllBe(f => f.Severity == FindingSeverity.Info);
    }

    [Fact]
    public void Without_an_onset_the_metrics_give_one()
    {
        var s = SeriesFactory.Make("latency", i => i >= 120 ? 300 : 10, labels: ("pod", "api-abcdef1234-x1y2z"));

        var onset = ScreeningFindings.FindOnset([s]);

        onset.ShouldNotBeNull();
        onset.Kind.ShouldBe("metrics.onset");
        onset.Start.ShouldBe(DateTimeOffset.FromUnixTimeSeconds((long)SeriesFactory.T0 + (120 * 60)));
        ScreeningFindings.FindOnset([SeriesFactory.Make("flat", _ => 10)]).ShouldBeNull();
    }

    [Fact]
    public void Rates_of_a_counter_restart_from_zero_after_a_reset()
    {
        var t = new double[] { 0, 60, 120, 180 };
        var counter = new MetricSeries("x_total", new Dictionary<string, string>(), t, [0, 60, 5, 65], new EvidenceRef("m"));

        var rate = ScreeningFindings.AsRates([counter])[0];

        rate.Values.ShouldBe([1, 5 / 60.0, 1]);
        rate.Timestamps.ShouldBe([60, 120, 180]);
        double.Parse(MetricEntities.Format(rate.Values[0]), CultureInfo.InvariantCulture).ShouldBe(1);
    }

    [Fact]
    public void A_gauge_named_like_a_counter_is_left_alone()
    {
        var wobbly = SeriesFactory.Make("queue_count", i => 50 + (10 * Math.Sin(i)), n: 60);

        ScreeningFindings.AsRates([wobbly])[0].ShouldBeSameAs(wobbly);
    }
}
