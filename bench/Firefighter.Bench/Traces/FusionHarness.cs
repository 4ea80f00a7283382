using System.Diagnostics;
using System.Globalization;
using Firefighter.Investigation;
using Firefighter.Signatures;
using Firefighter.Sources.Bundles;
using Firefighter.Testing;
using Firefighter.Tests.Traces;

namespace Firefighter.Bench.Traces;

/// <summary>Accuracy of the fused culprit ranking (traces + metrics + logs) over simulated cascades: AC@1/AC@3 of the fused ranking, of the
/// top hypothesis and of the traces alone, and how often the fault kind is named right.</summary>
public sealed class FusionHarness : IHarness
{
    private static readonly SimFault[] Faults = [SimFault.Cpu, SimFault.NetworkDelay, SimFault.Error, SimFault.Exception, SimFault.Memory];
    private static readonly int[] Sizes = [12, 20, 30, 45];

    /// <inheritdoc />
    public string Name => "fusion";

    /// <inheritdoc />
    public string Description => "AC@1/AC@3 of the fused culprit ranking over simulated bundles (args: [cases=40] [-v])";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var cases = args.Length > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 40;
        var verbose = args.Contains("-v");
        var signatures = SignatureLoader.LoadDirectories([RepoPaths.InRepo("signatures")]).Signatures;
        var investigator = new Investigator(AnalyzerRegistry.BuiltIn, signatures, TimeProvider.System);
        var root = Directory.CreateTempSubdirectory("ff-bench-fusion-").FullName;
        int fused1 = 0, fused3 = 0, hyp1 = 0, trace1 = 0, trace3 = 0, kindRight = 0, victimFirst = 0;
        var perFault = Faults.ToDictionary(f => f, _ => (Cases: 0, Hits: 0));
        var sw = Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < cases; i++)
            {
                var fault = Faults[i % Faults.Length];
                var size = Sizes[(i / Faults.Length) % Sizes.Length];
                var sim = new CascadeSimulator(seed: 1000 + i, services: size);
                var positions = new[] { sim.Leaves, sim.Middle, sim.FirstLayer };
                var pool = positions[(i / 3) % positions.Length] is { Count: > 0 } p ? p : sim.Leaves;
                var culprit = pool[(i * 7) % pool.Count];
                var dir = Path.Combine(root, $"case-{i:D3}");
                sim.WriteBundle(dir, fault, culprit, otlp: i % 4 == 3);
                var evidence = BundleReader.Read(dir, TimeProvider.System).Evidence!;
                var report = investigator.Investigate(evidence);
                var fusedRank = report.Findings.Where(f => f.Kind == "fusion.culprit").OrderBy(f => int.Parse(f.Attr("rank")!, CultureInfo.InvariantCulture)).ToList();
                var traceRank = report.Findings.Where(f => f.Kind == "traces.culprit").OrderBy(f => int.Parse(f.Attr("rank")!, CultureInfo.InvariantCulture)).Select(f => f.Entity.Name).ToList();
                var fusedNames = fusedRank.Select(f => f.Entity.Name).ToList();
                var top = report.Hypotheses.FirstOrDefault();
                var victims = sim.Upstream(culprit);
                var hit1 = fusedNames.FirstOrDefault() == culprit;
                fused1 += hit1 ? 1 : 0;
                fused3 += fusedNames.Take(3).Contains(culprit) ? 1 : 0;
                hyp1 += top?.Entity.Name == culprit ? 1 : 0;
                trace1 += traceRank.FirstOrDefault() == culprit ? 1 : 0;
                trace3 += traceRank.Take(3).Contains(culprit) ? 1 : 0;
                victimFirst += top?.Entity.Name is { } t && victims.Contains(t) ? 1 : 0;
                var kind = fusedRank.FirstOrDefault()?.Attr("fault");
                var kindOk = hit1 && kind == Expected(fault);
                kindRight += kindOk ? 1 : 0;
                var pf = perFault[fault];
                perFault[fault] = (pf.Cases + 1, pf.Hits + (hit1 ? 1 : 0));
                if (verbose || !hit1)
                {
                    Console.WriteLine($"case {i,3} {size,2} svcs {fault,-12} culprit {culprit,-28} fused [{string.Join(", ", fusedNames)}] kind {kind} | traces [{string.Join(", ", traceRank.Take(3))}] | top {top?.Signature} {top?.Entity.Name}");
                }
                if (!hit1 && args.Contains("-vv"))
                {
                    foreach (var f in report.Findings.Where(f => f.Kind is "traces.error_origin" or "traces.latency_origin" or "fusion.victim" or "metrics.screen").Take(12))
                    {
                        Console.WriteLine($"    {f.Kind} {f.Entity.Name} {f.Strength:F2} {f.Title}");
                    }
                }
                if (args.Contains("-keep"))
                {
                    Console.WriteLine($"    kept {dir}");
                    continue;
                }
                Directory.Delete(dir, recursive: true);
            }
        }
        finally
        {
            if (!args.Contains("-keep"))
            {
                Directory.Delete(root, recursive: true);
            }
        }
        double Pct(int x) => 100.0 * x / cases;
        Console.WriteLine();
        Console.WriteLine($"{cases} simulated cases (services {string.Join("/", Sizes)}, faults {string.Join("/", Faults)}, culprit at a leaf / in the middle / first layer), {sw.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine("| ranking | AC@1 | AC@3 |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| fused (fusion.culprit) | {Pct(fused1):F1}% | {Pct(fused3):F1}% |");
        Console.WriteLine($"| top hypothesis entity | {Pct(hyp1):F1}% | |");
        Console.WriteLine($"| traces alone (traces.culprit) | {Pct(trace1):F1}% | {Pct(trace3):F1}% |");
        Console.WriteLine($"fault kind named right (of all cases): {Pct(kindRight):F1}%; a victim ranked first: {victimFirst} case(s)");
        Console.WriteLine("per fault AC@1 (fused): " + string.Join(", ", perFault.Select(kv => $"{kv.Key} {kv.Value.Hits}/{kv.Value.Cases}")));
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
}
