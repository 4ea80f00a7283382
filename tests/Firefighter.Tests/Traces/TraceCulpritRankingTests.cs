using Firefighter.Traces;
using Firefighter.Testing;

namespace Firefighter.Tests.Traces;

public class TraceCulpritRankingTests
{
    public static TheoryData<SimFault, string, string> Cases()
    {
        // (fault, culprit, a caller that shows the symptoms too)
        var data = new TheoryData<SimFault, string, string>();
        foreach (var fault in new[] { SimFault.Cpu, SimFault.NetworkDelay, SimFault.Error, SimFault.Exception })
        {
            data.Add(fault, "payment", "checkout");
            data.Add(fault, "redis", "cart");
            data.Add(fault, "cart", "checkout");
            data.Add(fault, "catalogdb", "catalog");
            data.Add(fault, "checkout", "frontend");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Culprit_ranks_first_and_its_caller_does_not(SimFault fault, string culprit, string victim)
    {
        var spans = new TraceSimulator(seed: culprit.Length * 31 + (int)fault).Run(fault, culprit);

        var analysis = TraceAnalysis.Run(spans, onset: null);

        analysis.Culprits.ShouldNotBeEmpty();
        analysis.Culprits[0].Service.ShouldBe(culprit, Describe(analysis));
        analysis.Culprits[0].Score.ShouldBeGreaterThan(analysis.Culprits.Where(c => c.Service == victim).Select(c => c.Score).DefaultIfEmpty(0).Max());
    }

    [Theory]
    [InlineData(SimFault.Cpu, "shipping")]
    [InlineData(SimFault.Error, "quote")]
    public void Ranking_does_not_depend_on_service_names(SimFault fault, string culprit)
    {
        static string Rename(string s) => "svc-" + ((uint)string.GetHashCode(s, StringComparison.Ordinal) % 9973u).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var spans = new TraceSimulator(seed: 3, rename: Rename).Run(fault, culprit);

        var analysis = TraceAnalysis.Run(spans, onset: TraceSimulator.FaultStart());

        analysis.Culprits[0].Service.ShouldBe(Rename(culprit), Describe(analysis));
    }

    [Theory]
    [InlineData(SimFault.Cpu, "slow_processing")]
    [InlineData(SimFault.NetworkDelay, "network_delay")]
    [InlineData(SimFault.Error, "error_return")]
    [InlineData(SimFault.Exception, "exception")]
    public void Culprit_names_the_fault_kind(SimFault fault, string kind)
    {
        var spans = new TraceSimulator(seed: 11).Run(fault, "payment");

        var analysis = TraceAnalysis.Run(spans, TraceSimulator.FaultStart());

        analysis.Culprits[0].Fault.ShouldBe(kind);
    }

    [Fact]
    public void Latency_that_makes_callers_time_out_is_blamed_on_the_slow_service_not_the_callers_that_fail()
    {
        var sim = new TraceSimulator(seed: 5) { CpuExtraMs = 400, TimeoutMs = 300 };
        var spans = sim.Run(SimFault.Cpu, "payment");

        var analysis = TraceAnalysis.Run(spans, onset: null);

        analysis.ErrorOrigins.ShouldNotContain(o => o.Service == "checkout" || o.Service == "frontend");
        analysis.Culprits[0].Service.ShouldBe("payment", Describe(analysis));
    }

    [Fact]
    public void Healthy_traces_give_no_culprit()
    {
        var spans = new TraceSimulator(seed: 2) { NoiseErrorRate = 0 }.Run(SimFault.None, "payment");

        var analysis = TraceAnalysis.Run(spans, onset: null);

        analysis.Onset.ShouldBeNull();
        analysis.Culprits.ShouldBeEmpty();
    }

    [Fact]
    public void Onset_is_found_near_the_fault_start_when_not_given()
    {
        var spans = new TraceSimulator(seed: 9).Run(SimFault.Error, "cart");

        var analysis = TraceAnalysis.Run(spans, onset: null);

        analysis.OnsetGiven.ShouldBeFalse();
        analysis.Onset.ShouldNotBeNull();
        (analysis.Onset.Value - TraceSimulator.FaultStart()).Duration().ShouldBeLessThan(TimeSpan.FromMinutes(1));
    }

    private static string Describe(TraceAnalysis a) =>
        string.Join("; ", a.Culprits.Select(c => $"{c.Rank}:{c.Service} {c.Score:F3} e={c.ErrorShare:F2} l={c.LatencyShare:F2} j={c.Jaccard:F2} d={c.VictimDiscount:F2} {c.Fault}"));
}
