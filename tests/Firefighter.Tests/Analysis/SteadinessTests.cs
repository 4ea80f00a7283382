using Firefighter.Analysis;
using Firefighter.Evidence;
using Firefighter.Hypotheses;
using Firefighter.Logs.Analyzers;
using Firefighter.Traces.Analyzers;

namespace Firefighter.Tests.Analysis;

/// <summary>"Was it already like this before?": conditions present from the start of the evidence are background, and the analyzers that
/// would otherwise name them as the cause say so and weigh them less.</summary>
public class SteadinessTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static IEnumerable<DateTimeOffset> Every(int seconds, int fromSecond, int toSecond)
    {
        for (var s = fromSecond; s <= toSecond; s += seconds)
        {
            yield return T0.AddSeconds(s);
        }
    }

    [Fact]
    public void A_condition_at_the_same_rate_throughout_is_steady_and_one_that_starts_late_is_not()
    {
        Steadiness.IsSteady(Every(10, 0, 600), T0, T0.AddMinutes(10), null).ShouldBeTrue();
        Steadiness.IsSteady(Every(10, 420, 600), T0, T0.AddMinutes(10), null).ShouldBeFalse();
        // A few early occurrences do not make a burst that quadruples the rate background.
        Steadiness.IsSteady(Every(60, 0, 180).Concat(Every(5, 420, 600)), T0, T0.AddMinutes(10), null).ShouldBeFalse();
    }

    [Fact]
    public void With_a_known_start_the_rate_before_it_is_the_reference()
    {
        var times = Every(10, 0, 600).ToList();
        Steadiness.IsSteady(times, T0, T0.AddMinutes(10), T0.AddMinutes(7)).ShouldBeTrue();
        Steadiness.IsSteady(times.Where(t => t >= T0.AddMinutes(7)), T0, T0.AddMinutes(10), T0.AddMinutes(7)).ShouldBeFalse();
    }

    [Fact]
    public void A_short_window_or_too_few_early_occurrences_say_nothing()
    {
        Steadiness.IsSteady(Every(1, 0, 90), T0, T0.AddSeconds(90), null).ShouldBeFalse();
        Steadiness.IsSteady([T0.AddSeconds(10), T0.AddSeconds(500)], T0, T0.AddMinutes(10), null).ShouldBeFalse();
    }

    // Gateway requests with no children: the gateway span is the whole request. Slow ones every 20 s (steady) or only in the last minutes.
    private static List<Span> GatewayTraces(bool slowThroughout)
    {
        var spans = new List<Span>();
        for (var i = 0; i < 60; i++)
        {
            var at = T0.AddSeconds(i * 10);
            var slow = slowThroughout ? i % 2 == 0 : i >= 45;
            spans.Add(new Span($"t{i}", "s", null, "gateway", "handle", at, TimeSpan.FromMilliseconds(slow ? 1500 : 40), false, new EvidenceRef("traces.json")));
        }
        return spans;
    }

    private static AnalysisContext Context(Action<EvidenceSet> fill)
    {
        var set = new EvidenceSet();
        fill(set);
        return new AnalysisContext(set, T0.AddHours(1));
    }

    [Fact]
    public void A_slow_span_as_frequent_at_the_start_as_at_the_end_is_marked_steady_and_weighs_half()
    {
        var steady = new TraceSlowSpanAnalyzer().Analyze(Context(e => e.Spans.AddRange(GatewayTraces(slowThroughout: true)))).Findings.ShouldHaveSingleItem();
        var fresh = new TraceSlowSpanAnalyzer().Analyze(Context(e => e.Spans.AddRange(GatewayTraces(slowThroughout: false)))).Findings.ShouldHaveSingleItem();

        steady.Attr("steady").ShouldBe("true");
        steady.Severity.ShouldBe(FindingSeverity.Warning);
        steady.Title.ShouldContain("as often at the start of the traces as at their end");
        fresh.Attr("steady").ShouldBeNull();
        fresh.Severity.ShouldBe(FindingSeverity.Critical);
        steady.Strength.ShouldBeLessThan(fresh.Strength * 0.6);
    }

    private static void CascadeLogs(EvidenceSet e, bool originFailsThroughout)
    {
        for (var i = 0; i < 60; i++)
        {
            var at = T0.AddSeconds(i * 10);
            if (originFailsThroughout || i >= 40)
            {
                e.Logs.Add(new LogRecord(at, LogLevel.Error, "ERROR query failed: connection refused to db.internal:5432", new EntityRef("Pod", "shop", "inventory-7d9f8b6c5d-abcde"), new EvidenceRef("inventory.log", i + 1)));
                e.Logs.Add(new LogRecord(at.AddSeconds(1), LogLevel.Error, "ERROR call to inventory failed: 503", new EntityRef("Pod", "shop", "checkout-5f6d7c8b9a-fghij"), new EvidenceRef("checkout.log", i + 1)));
            }
            e.Logs.Add(new LogRecord(at.AddSeconds(2), LogLevel.Info, "GET /healthz 200", new EntityRef("Pod", "shop", "checkout-5f6d7c8b9a-fghij"), new EvidenceRef("checkout.log", 100 + i)));
        }
    }

    [Fact]
    public void A_cascade_whose_origin_failed_as_often_from_the_start_is_marked_steady_and_weighs_half()
    {
        var steady = new CascadeOriginAnalyzer().Analyze(Context(e => CascadeLogs(e, originFailsThroughout: true))).Findings.ShouldHaveSingleItem();
        var fresh = new CascadeOriginAnalyzer().Analyze(Context(e => CascadeLogs(e, originFailsThroughout: false))).Findings.ShouldHaveSingleItem();

        steady.Attr("service").ShouldBe("inventory");
        fresh.Attr("service").ShouldBe("inventory");
        steady.Attr("steady").ShouldBe("true");
        steady.Severity.ShouldBe(FindingSeverity.Warning);
        fresh.Attr("steady").ShouldBeNull();
        fresh.Severity.ShouldBe(FindingSeverity.Critical);
        steady.Strength.ShouldBeLessThan(fresh.Strength * 0.6);
    }

    [Fact]
    public void A_finding_unexplained_on_many_components_is_stated_once_with_its_confidence_divided_among_them()
    {
        var set = new EvidenceSet();
        var graph = new Firefighter.Correlation.EntityGraph(set);
        Finding Shift(int pod) => new("metrics.level_shift", $"latency of pod-{pod} shifted", new EntityRef("Pod", "ns", $"app{pod}-7d9f8b6c5d-abcd{pod % 10}"), T0, null, 0.9, [])
        {
            Severity = FindingSeverity.Critical,
        };

        var one = UnexplainedFindings.Append([], [Shift(1)], _ => null, graph).ShouldHaveSingleItem();
        var many = UnexplainedFindings.Append([], Enumerable.Range(1, 30).Select(Shift).ToList(), _ => null, graph).ShouldHaveSingleItem();

        one.Signature.ShouldBe("finding:metrics.level_shift");
        many.Cause.ShouldContain("on 29 other components");
        many.Confidence.ShouldBeLessThan(one.Confidence / 5);
        one.Supported.ShouldBeFalse();
    }
}
