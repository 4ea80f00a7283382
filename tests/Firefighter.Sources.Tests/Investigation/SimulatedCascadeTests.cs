using System.Globalization;
using Firefighter.Investigation;
using Firefighter.Sources.Bundles;
using Firefighter.Testing;
using Firefighter.Analysis;
using Firefighter.Hypotheses;
using Firefighter.Reports;

namespace Firefighter.Sources.Tests.Investigation;

public sealed class SimulatedCascadeTests : IDisposable
{
    private static readonly IReadOnlyList<Signature> Shipped = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]).Signatures;
    private readonly string _dir = Directory.CreateTempSubdirectory("ff-cascade-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    public static TheoryData<SimFault, string, int> Cases()
    {
        var data = new TheoryData<SimFault, string, int>();
        var seed = 100;
        foreach (var fault in new[] { SimFault.Cpu, SimFault.NetworkDelay, SimFault.Error, SimFault.Exception, SimFault.Memory })
        {
            foreach (var position in new[] { "leaf", "middle", "first" })
            {
                data.Add(fault, position, seed++);
            }
        }
        return data;
    }

    private InvestigationReport Investigate(CascadeSimulator sim, SimFault fault, string culprit, bool otlp = false)
    {
        sim.WriteBundle(_dir, fault, culprit, otlp);
        var read = BundleReader.Read(_dir, TimeProvider.System);
        read.Evidence.ShouldNotBeNull(read.Error);
        // Java logs print local time without a zone, as real ones do: the reader says so once per file, and that is all it may say.
        read.Evidence.Warnings.ShouldAllBe(w => w.Message.Contains("no time zone"));
        return new Investigator(BuiltIn.Analyzers, Shipped, TimeProvider.System).Investigate(read.Evidence);
    }

    private static string Pick(CascadeSimulator sim, string position) => position switch
    {
        "leaf" => sim.Leaves[0],
        "middle" => sim.Middle.FirstOrDefault(m => !sim.FirstLayer.Contains(m)) ?? sim.Middle[0],
        _ => sim.FirstLayer[0],
    };

    private static string Expected(SimFault fault) => fault switch
    {
        SimFault.Cpu => "service-cpu-saturation",
        SimFault.NetworkDelay => "service-network-delay",
        SimFault.Error => "service-error-return",
        SimFault.Exception => "service-exception",
        _ => "service-memory-exhaustion",
    };

    private static string Describe(InvestigationReport r) =>
        string.Join("; ", r.Hypotheses.Take(4).Select(h => $"{h.Signature} {h.Entity.Name} {h.Confidence:F2}"))
        + " | " + string.Join("; ", r.Findings.Where(f => f.Kind == "fusion.culprit").Select(f => f.Title))
        + $" | onset {r.Onset:O} from {r.OnsetEvidence?.Finding}: {r.OnsetEvidence?.Text} | trace onset {r.Findings.FirstOrDefault(f => f.Kind == "traces.culprit")?.Attr("onset")}";

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_culprit_is_named_first_with_its_fault_kind_and_trace_metric_and_log_evidence(SimFault fault, string position, int seed)
    {
        var sim = new CascadeSimulator(seed, services: 14);
        var culprit = Pick(sim, position);

        var report = Investigate(sim, fault, culprit);

        report.Hypotheses.ShouldNotBeEmpty(Describe(report));
        var top = report.Hypotheses[0];
        top.Entity.Name.ShouldBe(culprit, Describe(report));
        top.Entity.Kind.ShouldBe("Service");
        top.Signature.ShouldBe(Expected(fault), Describe(report));
        top.Supported.ShouldBeTrue();
        report.Status.ShouldBe("root_cause");
        var kinds = top.Evidence.Select(c => c.Finding).ToList();
        kinds.ShouldContain(k => k.StartsWith("traces.", StringComparison.Ordinal), string.Join(",", kinds));
        kinds.ShouldContain(k => k.StartsWith("metrics.", StringComparison.Ordinal), string.Join(",", kinds));
        kinds.ShouldContain(k => k.StartsWith("logs.", StringComparison.Ordinal), string.Join(",", kinds));
        top.Evidence.SelectMany(c => c.Refs).ShouldContain(r => r.Source.StartsWith("logs/", StringComparison.Ordinal));
        top.Evidence.SelectMany(c => c.Refs).ShouldContain(r => r.Source.StartsWith("metrics/", StringComparison.Ordinal));
        top.Evidence.SelectMany(c => c.Refs).ShouldContain(r => r.Source.StartsWith("traces/", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_victim_is_never_ranked_above_the_culprit(SimFault fault, string position, int seed)
    {
        var sim = new CascadeSimulator(seed, services: 14);
        var culprit = Pick(sim, position);
        var victims = sim.Upstream(culprit);

        var report = Investigate(sim, fault, culprit);

        var fused = report.Findings.Where(f => f.Kind == "fusion.culprit").OrderBy(f => int.Parse(f.Attr("rank")!, CultureInfo.InvariantCulture)).ToList();
        fused[0].Entity.Name.ShouldBe(culprit, Describe(report));
        victims.ShouldNotContain(report.Hypotheses[0].Entity.Name);
        var culpritConfidence = report.Hypotheses.Where(h => h.Entity.Name == culprit).Max(h => h.Confidence);
        report.Hypotheses.Where(h => victims.Contains(h.Entity.Name)).ShouldAllBe(h => h.Confidence < culpritConfidence);
    }

    [Fact]
    public void A_45_service_estate_with_otlp_traces_names_the_culprit_and_marks_its_callers_as_victims()
    {
        var sim = new CascadeSimulator(seed: 4242, services: 45);
        var culprit = sim.Middle.First(m => !sim.FirstLayer.Contains(m));

        var report = Investigate(sim, SimFault.Error, culprit, otlp: true);

        sim.Services.Count.ShouldBe(45);
        report.Hypotheses[0].Entity.Name.ShouldBe(culprit, Describe(report));
        var victims = report.Findings.Where(f => f.Kind == "fusion.victim" && f.Attr("explainedBy") == culprit).Select(f => f.Entity.Name).ToList();
        victims.ShouldNotBeEmpty();
        victims.ShouldAllBe(v => sim.Upstream(culprit).Contains(v));
        report.Findings.ShouldContain(f => f.Kind == "logs.trace_link" && f.Entity.Name == culprit);
    }

    private string? FusedFirst(CascadeSimulator sim, SimFault fault, string culprit, string name)
    {
        var dir = Path.Combine(_dir, name);
        sim.WriteBundle(dir, fault, culprit);
        var read = BundleReader.Read(dir, TimeProvider.System);
        read.Evidence.ShouldNotBeNull(read.Error);
        read.Evidence.Spans.Count.ShouldBe(sim.WithTraces ? read.Evidence.Spans.Count : 0);
        var report = new Investigator(BuiltIn.Analyzers, Shipped, TimeProvider.System).Investigate(read.Evidence);
        return report.Findings.Where(f => f.Kind == "fusion.culprit").OrderBy(f => int.Parse(f.Attr("rank")!, CultureInfo.InvariantCulture)).FirstOrDefault()?.Entity.Name;
    }

    [Fact]
    public void Without_traces_metrics_and_logs_name_the_culprit_first_in_most_realistic_cases()
    {
        var hits = 0;
        var noisyFirst = 0;
        var misses = new List<string>();
        var faults = new[] { SimFault.Cpu, SimFault.NetworkDelay, SimFault.Error, SimFault.Exception, SimFault.Memory };
        for (var i = 0; i < 10; i++)
        {
            var sim = new CascadeSimulator(seed: 300 + i, services: i % 2 == 0 ? 40 : 16) { Realistic = true, WithTraces = false, BaselineMinutes = 4 };
            var culprit = Pick(sim, (i % 3) switch { 0 => "leaf", 1 => "middle", _ => "first" });
            var first = FusedFirst(sim, faults[i % faults.Length], culprit, $"ml-{i}");
            if (first == culprit)
            {
                hits++;
            }
            else
            {
                misses.Add($"{faults[i % faults.Length]} {culprit} -> {first}");
            }
            noisyFirst += first == sim.NoisyService ? 1 : 0;
        }
        hits.ShouldBeGreaterThanOrEqualTo(8, string.Join("; ", misses));
        // The noisy but innocent service is blamed at most once.
        noisyFirst.ShouldBeLessThanOrEqualTo(1, string.Join("; ", misses));
    }

    [Theory]
    [InlineData(SimFault.Cpu, 41)]
    [InlineData(SimFault.Memory, 42)]
    public void Metrics_alone_name_a_service_whose_own_resource_moved(SimFault fault, int seed)
    {
        var sim = new CascadeSimulator(seed, services: 20) { Realistic = true, WithTraces = false, WithLogs = false, BaselineMinutes = 4 };
        var culprit = Pick(sim, "middle");

        FusedFirst(sim, fault, culprit, "m").ShouldBe(culprit);
    }

    // Traces alone: the culprit is often the only service whose own spans moved. One anomalous service among many healthy ones is a lead,
    // not "one service in the evidence, nothing to rank".
    [Theory]
    [InlineData(SimFault.Cpu, 51)]
    [InlineData(SimFault.Error, 52)]
    [InlineData(SimFault.Exception, 53)]
    public void Traces_alone_name_the_culprit_first(SimFault fault, int seed)
    {
        var sim = new CascadeSimulator(seed, services: 20) { Realistic = true, WithMetrics = false, WithLogs = false, BaselineMinutes = 4 };
        var culprit = Pick(sim, "leaf");

        FusedFirst(sim, fault, culprit, "t").ShouldBe(culprit);
    }

    [Fact]
    public void Without_traces_or_a_fault_metrics_and_logs_name_no_culprit()
    {
        var sim = new CascadeSimulator(seed: 12, services: 30) { Realistic = true, WithTraces = false, BaselineMinutes = 4 };

        FusedFirst(sim, SimFault.None, sim.Leaves[0], "none").ShouldBeNull($"noisy {sim.NoisyService}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_bundle()
    {
        var a = Path.Combine(_dir, "a");
        var b = Path.Combine(_dir, "b");
        new CascadeSimulator(7, services: 12).WriteBundle(a, SimFault.Cpu, "ts-gateway-service");
        new CascadeSimulator(7, services: 12).WriteBundle(b, SimFault.Cpu, "ts-gateway-service");

        foreach (var file in Directory.GetFiles(a, "*", SearchOption.AllDirectories))
        {
            File.ReadAllBytes(file).ShouldBe(File.ReadAllBytes(Path.Combine(b, Path.GetRelativePath(a, file))), file);
        }
    }

    [Fact]
    public void Without_a_fault_nothing_is_called_the_root_cause()
    {
        var sim = new CascadeSimulator(seed: 11, services: 14);

        var report = Investigate(sim, SimFault.None, sim.Leaves[0]);

        report.Hypotheses.ShouldNotContain(h => h.Supported && h.Signature.StartsWith("service-", StringComparison.Ordinal), Describe(report));
    }
}
