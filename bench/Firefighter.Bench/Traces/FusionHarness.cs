using System.Diagnostics;
using System.Globalization;
using Firefighter.Investigation;
using Firefighter.Sources.Bundles;
using Firefighter.Testing;
using Firefighter.Analysis;

namespace Firefighter.Bench.Traces;

/// <summary>Accuracy of the fused culprit ranking over simulated cascades, per mix of sources (traces + metrics + logs, metrics + logs,
/// metrics only, traces only) and per fault kind: AC@1/AC@3 of <c>fusion.culprit</c>, of the top hypothesis, and the fault kind named.</summary>
public sealed class FusionHarness : IHarness
{
    private static readonly SimFault[] Faults = [SimFault.Cpu, SimFault.NetworkDelay, SimFault.Error, SimFault.Exception, SimFault.Memory];
    private static readonly int[] Sizes = [45, 20, 30, 12];

    private static readonly (string Name, bool Traces, bool Metrics, bool Logs)[] Mixes =
    [
        ("traces + metrics + logs", true, true, true),
        ("metrics + logs", false, true, true),
        ("metrics only", false, true, false),
        ("traces only", true, false, false),
    ];

    /// <inheritdoc />
    public string Name => "fusion";

    /// <inheritdoc />
    public string Description => "AC@1/AC@3 of the fused culprit ranking per source mix and fault kind over simulated bundles (args: [cases=40] [-easy] [-v] [-mix N])";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var cases = args.Length > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 40;
        var verbose = args.Contains("-v");
        var realistic = !args.Contains("-easy");
        var onlyMix = Array.IndexOf(args, "-mix") is var mi and >= 0 && mi + 1 < args.Length ? int.Parse(args[mi + 1], CultureInfo.InvariantCulture) : -1;
        var signatures = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]).Signatures;
        var investigator = new Investigator(BuiltIn.Analyzers, signatures, TimeProvider.System);
        var root = Directory.CreateTempSubdirectory("ff-bench-fusion-").FullName;
        var stats = Mixes.Select(_ => new Stats()).ToArray();
        var sw = Stopwatch.StartNew();
        try
        {
            var from = Array.IndexOf(args, "-from") is var fi and >= 0 && fi + 1 < args.Length ? int.Parse(args[fi + 1], CultureInfo.InvariantCulture) : 0;
            for (var i = from; i < cases; i++)
            {
                var fault = Faults[i % Faults.Length];
                var size = Sizes[(i / Faults.Length) % Sizes.Length];
                for (var x = 0; x < Mixes.Length; x++)
                {
                    if (onlyMix >= 0 && x != onlyMix)
                    {
                        continue;
                    }
                    var mix = Mixes[x];
                    var sim = new CascadeSimulator(seed: 1000 + i, services: size)
                    {
                        Realistic = realistic,
                        WithTraces = mix.Traces,
                        WithMetrics = mix.Metrics,
                        WithLogs = mix.Logs,
                        BaselineMinutes = realistic ? 4 : 5,
                    };
                    var positions = new[] { sim.Leaves, sim.Middle, sim.FirstLayer };
                    var pool = positions[(i / 3) % positions.Length] is { Count: > 0 } p ? p : sim.Leaves;
                    var culprit = pool[(i * 7) % pool.Count];
                    var dir = Path.Combine(root, $"case-{i:D3}-{x}");
                    sim.WriteBundle(dir, fault, culprit, otlp: i % 4 == 3);
                    var evidence = BundleReader.Read(dir, TimeProvider.System).Evidence!;
                    var report = investigator.Investigate(evidence);
                    var fused = report.Findings.Where(f => f.Kind == "fusion.culprit").OrderBy(f => int.Parse(f.Attr("rank")!, CultureInfo.InvariantCulture)).ToList();
                    var names = fused.Select(f => f.Entity.Name).ToList();
                    var top = report.Hypotheses.FirstOrDefault();
                    var hit1 = names.FirstOrDefault() == culprit;
                    var s = stats[x];
                    s.Cases++;
                    s.Hit1 += hit1 ? 1 : 0;
                    s.Hit3 += names.Take(3).Contains(culprit) ? 1 : 0;
                    s.Hyp1 += top?.Entity.Name == culprit ? 1 : 0;
                    s.Kind += hit1 && fused[0].Attr("fault") == Expected(fault) ? 1 : 0;
                    s.VictimFirst += names.FirstOrDefault() is { } t && sim.Upstream(culprit).Contains(t) ? 1 : 0;
                    s.NoisyFirst += names.FirstOrDefault() is { } u && u == sim.NoisyService ? 1 : 0;
                    var pf = s.PerFault.GetValueOrDefault(fault);
                    s.PerFault[fault] = (pf.Cases + 1, pf.Hit1 + (hit1 ? 1 : 0), pf.Hit3 + (names.Take(3).Contains(culprit) ? 1 : 0));
                    if (verbose || (!hit1 && args.Contains("-miss")))
                    {
                        Console.WriteLine($"case {i,3} {mix.Name,-24} {size,2} svcs {fault,-12} culprit {culprit,-28} fused [{string.Join(", ", fused.Select(f => $"{f.Entity.Name}:{f.Attr("fault")}:{f.Attr("score")}"))}] top {top?.Signature} {top?.Entity.Name} noisy {sim.NoisyService} onset {report.Onset:HH:mm:ss} vs {sim.FaultStart:HH:mm:ss} from {report.OnsetEvidence?.Finding}");
                    }
                    if (args.Contains("-keep"))
                    {
                        Console.WriteLine($"    kept {dir}");
                        continue;
                    }
                    Directory.Delete(dir, recursive: true);
                }
            }
        }
        finally
        {
            if (!args.Contains("-keep"))
            {
                Directory.Delete(root, recursive: true);
            }
        }
        Console.WriteLine();
        Console.WriteLine($"{cases} simulated cases ({(realistic ? "realistic: periodic load, per-pod noise, a noisy innocent service, server-side latency, 4 min baseline" : "easy simulator")}; "
                          + $"services {string.Join("/", Sizes)}, faults {string.Join("/", Faults)}, culprit at a leaf / in the middle / first layer), {sw.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine("| sources | AC@1 | AC@3 | top hypothesis | kind right | victim first | noisy first | " + string.Join(" | ", Faults.Select(f => $"{f} @1/@3")) + " |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|" + string.Concat(Faults.Select(_ => "---:|")));
        for (var x = 0; x < Mixes.Length; x++)
        {
            var s = stats[x];
            if (s.Cases == 0)
            {
                continue;
            }
            double Pct(int v) => 100.0 * v / s.Cases;
            Console.WriteLine($"| {Mixes[x].Name} | {Pct(s.Hit1):F1}% | {Pct(s.Hit3):F1}% | {Pct(s.Hyp1):F1}% | {Pct(s.Kind):F1}% | {s.VictimFirst} | {s.NoisyFirst} | "
                              + string.Join(" | ", Faults.Select(f => s.PerFault.TryGetValue(f, out var v) ? $"{v.Hit1}/{v.Cases} · {v.Hit3}/{v.Cases}" : "")) + " |");
        }
        return 0;
    }

    private static string Expected(SimFault fault) => fault switch
    {
        SimFault.Cpu => "cpu_saturation",
        SimFault.NetworkDelay => "network_delay",
        SimFault.Error => "error_return",
        SimFault.Exception => "exception",
        SimFault.Memory => "memory",
        _ => "",
    };

    private sealed class Stats
    {
        public int Cases;
        public int Hit1;
        public int Hit3;
        public int Hyp1;
        public int Kind;
        public int VictimFirst;
        public int NoisyFirst;
        public Dictionary<SimFault, (int Cases, int Hit1, int Hit3)> PerFault { get; } = [];
    }
}
