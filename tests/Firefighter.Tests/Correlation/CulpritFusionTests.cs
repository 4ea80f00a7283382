using Firefighter.Evidence;
using Firefighter.Metrics;
using Firefighter.Testing;
using Firefighter.Analysis;
using Firefighter.Correlation;

namespace Firefighter.Tests.Correlation;

public class CulpritFusionTests
{
    private static EvidenceSet Evidence(IEnumerable<Firefighter.Evidence.Span> spans, IEnumerable<LogRecord>? logs = null)
    {
        var e = new EvidenceSet();
        e.Spans.AddRange(spans);
        e.Logs.AddRange(logs ?? []);
        return e;
    }

    private static readonly ScreenResult NoScreen = new(double.NaN, [], [], null);

    [Fact]
    public void The_failing_callee_ranks_first_and_its_callers_are_victims()
    {
        // The caller's logs burst with a new error after the onset as loudly as the culprit's would: only the call graph says it is a victim.
        var pod = new EntityRef("Pod", "shop", "checkout-7d9f8c6b5d-abcde");
        var logs = new List<LogRecord>();
        for (var t = TraceSimulator.T0; t < TraceSimulator.T0.AddMinutes(20); t = t.AddSeconds(5))
        {
            logs.Add(new LogRecord(t, LogLevel.Info, $"order {logs.Count} placed", pod, new EvidenceRef("logs/shop_checkout.log", logs.Count + 1)));
            if (t >= TraceSimulator.FaultStart())
            {
                logs.Add(new LogRecord(t.AddSeconds(1), LogLevel.Error, $"order {logs.Count} could not be completed, rolling back", pod,
                    new EvidenceRef("logs/shop_checkout.log", logs.Count + 1)));
            }
        }
        var evidence = Evidence(new TraceSimulator(seed: 21).Run(SimFault.Error, "payment"), logs);

        var fused = CulpritFusion.Fuse(evidence, [], null, new EntityGraph(evidence), NoScreen);

        var first = fused.Where(f => f.Kind == "fusion.culprit").MinBy(f => f.Attr("rank"))!;
        first.Entity.Name.ShouldBe("payment");
        first.Attr("fault").ShouldBe("error_return");
        first.Severity.ShouldBe(FindingSeverity.Critical);
        fused.Where(f => f.Kind == "fusion.victim").Select(f => f.Entity.Name).ShouldContain("checkout");
        fused.Where(f => f.Kind == "fusion.victim").ShouldAllBe(f => f.Attr("explainedBy") == "payment");
    }

    [Fact]
    public void A_lead_every_plausible_fault_start_agrees_on_is_stable_and_one_that_a_single_start_gives_is_not()
    {
        CulpritFusion.Stability([("payment", 0.8), ("payment", 0.6), ("payment", 0.5)], "payment", 0.8).ShouldBe(1);
        // Splits far less decisive than the best do not vote; among those that do, a third of the weight names another service.
        CulpritFusion.Stability([("payment", 0.8), ("cart", 0.4), ("cart", 0.1), (null, 0.05)], "payment", 0.8).ShouldBe(0.8 / 1.2, 1e-9);
        CulpritFusion.Stability([("payment", 0.8), ("cart", 0.7), ("email", 0.7), ("cart", 0.6)], "payment", 0.8).ShouldBeLessThan(0.5);
    }

    [Fact]
    public void A_clear_fault_gives_a_stable_lead_with_more_than_thin_support()
    {
        var evidence = Evidence(new TraceSimulator(seed: 22).Run(SimFault.Error, "payment"));

        var first = CulpritFusion.Fuse(evidence, [], null, new EntityGraph(evidence), NoScreen).Where(f => f.Kind == "fusion.culprit").MinBy(f => f.Attr("rank"))!;

        first.Attr("service").ShouldBe("payment");
        double.Parse(first.Attr("stability")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(0.5);
        first.Attr("support").ShouldNotBe("thin");
    }

    [Fact]
    public void Log_lines_are_tied_to_traces_by_their_trace_id_and_to_the_service_they_name()
    {
        var spans = new TraceSimulator(seed: 22).Run(SimFault.Error, "payment");
        var failing = spans.Where(s => s.Service == "checkout" && s.IsError && s.Start >= TraceSimulator.FaultStart().AddMinutes(2)).Take(5).ToList();
        var logs = failing.Select((s, i) => new LogRecord(s.Start, LogLevel.Error, $"charge failed: payment returned 500 TraceID: {s.TraceId}",
            new EntityRef("Pod", "shop", "checkout-7d9f8c6b5d-abcde"), new EvidenceRef("logs/shop_checkout.log", i + 1))).ToList();
        var evidence = Evidence(spans, logs);

        var fused = CulpritFusion.Fuse(evidence, [], null, new EntityGraph(evidence), NoScreen);

        var link = fused.Single(f => f.Kind == "logs.trace_link" && f.Entity.Name == "payment");
        link.Attr("named").ShouldBe("5");
        link.Evidence.ShouldAllBe(r => r.Source == "logs/shop_checkout.log");
        var own = fused.Single(f => f.Kind == "logs.trace_link" && f.Entity.Name == "checkout");
        own.Attr("own").ShouldBe("5");
        // The writer's namespace comes from its pod; payment wrote nothing, so its namespace stays unknown rather than guessed.
        own.Entity.Namespace.ShouldBe("shop");
        link.Entity.Namespace.ShouldBeNull();
    }

    [Fact]
    public void Traces_that_do_not_change_name_no_culprit()
    {
        var evidence = Evidence(new TraceSimulator(seed: 23) { NoiseErrorRate = 0 }.Run(SimFault.None, "payment"));

        CulpritFusion.Fuse(evidence, [], null, new EntityGraph(evidence), NoScreen).ShouldBeEmpty();
    }

    [Fact]
    public void Without_spans_fusion_says_nothing()
    {
        var evidence = new EvidenceSet();

        CulpritFusion.Fuse(evidence, [], null, new EntityGraph(evidence), NoScreen).ShouldBeEmpty();
    }

    [Fact]
    public void One_services_logs_alone_name_no_culprit()
    {
        // An hour of a checkout pod's log: quiet, then from 12:40 a dependency refusing connections. Its own error lines say it suffers;
        // with nothing to rank it against, fusion must not call it the place the fault starts.
        var t0 = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var pod = new EntityRef("Pod", "shop", "checkout-8d9e7f6a5-z1x2c");
        var logs = Enumerable.Range(0, 360).Select(i =>
        {
            var at = t0.AddSeconds(i * 10);
            return at < t0.AddMinutes(40)
                ? new LogRecord(at, LogLevel.Info, $"POST /v1/checkout 200 {20 + (i % 7)}ms", pod, new EvidenceRef("logs/shop_checkout.log", i + 1))
                : new LogRecord(at, LogLevel.Error, "payment call failed: dial tcp 10.244.7.31:8443: connect: connection refused", pod, new EvidenceRef("logs/shop_checkout.log", i + 1));
        }).ToList();
        var evidence = Evidence([], logs);

        CulpritFusion.Fuse(evidence, [], null, new EntityGraph(evidence), NoScreen).ShouldNotContain(f => f.Kind == "fusion.culprit");
    }

    [Fact]
    public void A_fault_deep_in_a_large_estate_still_gives_the_traces_an_onset()
    {
        var sim = new CascadeSimulator(seed: 31, services: 40);
        var spans = sim.Spans(SimFault.Exception, sim.Leaves[^1]);

        var analysis = Firefighter.Traces.TraceAnalysis.Run([.. spans], onset: null);

        analysis.Onset.ShouldNotBeNull();
        (analysis.Onset.Value - sim.FaultStart).Duration().ShouldBeLessThan(TimeSpan.FromMinutes(1));
        analysis.Culprits[0].Service.ShouldBe(sim.Leaves[^1]);
    }
}
