using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Traces.Analyzers;
using Firefighter.Investigation;
using Firefighter.Testing;

namespace Firefighter.Tests.Traces;

public class TraceAnalyzerTests
{
    private static AnalysisContext Context(List<Span> spans, DateTimeOffset? onset = null)
    {
        var set = new EvidenceSet { Incident = new IncidentInfo { Start = onset } };
        set.Spans.AddRange(spans);
        return new AnalysisContext(set, TraceSimulator.T0.AddHours(1));
    }

    [Fact]
    public void Registry_discovers_the_trace_analyzers()
    {
        BuiltIn.Analyzers.Select(["traces"]).Selected.Select(a => a.Name)
            .ShouldBe(["traces.abnormal_operation", "traces.culprit", "traces.error_origin", "traces.latency_origin"], ignoreOrder: true);
    }

    [Fact]
    public void Exception_in_a_leaf_gives_an_error_origin_naming_it_with_trace_citations_and_no_origin_in_its_callers()
    {
        var ctx = Context(new TraceSimulator(seed: 4).Run(SimFault.Exception, "payment"), TraceSimulator.FaultStart());

        var findings = new TraceErrorOriginAnalyzer().Analyze(ctx).Findings;

        findings.ShouldNotContain(x => x.Entity.Name == "checkout" || x.Entity.Name == "frontend");
        var f = findings[0];
        f.Kind.ShouldBe("traces.error_origin");
        f.Entity.ShouldBe(new EntityRef("Service", null, "payment"));
        f.Attr("operation").ShouldBe("Charge");
        f.Attr("fault").ShouldBe("exception");
        f.Attr("exceptionType").ShouldBe("java.lang.IllegalStateException");
        int.Parse(f.Attr("count")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(50);
        f.Evidence.ShouldNotBeEmpty();
        f.Evidence[0].Source.ShouldBe("traces/sim.json");
        f.Evidence[0].Field.ShouldStartWith("trace ");
        f.Evidence[0].Field!.ShouldContain(" span ");
        f.Attr("traceIds")!.Split(',').ShouldContain(f.Evidence[0].Field!.Split(' ')[1]);
    }

    [Fact]
    public void Cpu_saturation_gives_a_latency_origin_and_a_culprit_finding_ranked_first()
    {
        var ctx = Context(new TraceSimulator(seed: 6).Run(SimFault.Cpu, "catalogdb"));

        var latency = new TraceLatencyOriginAnalyzer().Analyze(ctx).Findings;
        var culprits = new TraceCulpritAnalyzer().Analyze(ctx).Findings;

        latency[0].Entity.Name.ShouldBe("catalogdb");
        latency[0].Attr("fault").ShouldBe("slow_processing");
        culprits[0].Kind.ShouldBe("traces.culprit");
        culprits[0].Entity.Name.ShouldBe("catalogdb");
        culprits[0].Attr("rank").ShouldBe("1");
        culprits.Sum(c => c.Strength).ShouldBeLessThanOrEqualTo(1.0001);
        culprits[0].Strength.ShouldBeGreaterThan(culprits.Skip(1).Select(c => c.Strength).DefaultIfEmpty(0).Max());
    }

    [Fact]
    public void Abnormal_operations_include_the_symptoms_in_callers()
    {
        var ctx = Context(new TraceSimulator(seed: 8).Run(SimFault.Error, "redis"), TraceSimulator.FaultStart());

        var findings = new TraceAbnormalOperationAnalyzer().Analyze(ctx).Findings;

        findings.ShouldContain(f => f.Entity.Name == "redis");
        findings.ShouldContain(f => f.Entity.Name == "cart");
        findings.ShouldAllBe(f => f.Severity == FindingSeverity.Info);
    }

    [Fact]
    public void No_spans_no_findings()
    {
        new TraceCulpritAnalyzer().Analyze(Context([])).Findings.ShouldBeEmpty();
    }
}
