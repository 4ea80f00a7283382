using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Firefighter.Analysis;
using Firefighter.Hypotheses;
using Firefighter.Investigation;
using Firefighter.Sources.Bundles;
using Firefighter.Testing;

namespace Firefighter.Bench;

/// <summary>Runs an incident corpus (folders with <c>expect.json</c>), prints pass/fail per case, the pass rate and the warm time of a whole
/// investigation; with <c>--held-out MAP</c> also re-runs each case family without the rules written for it.</summary>
/// <remarks>Usage: <c>incidents [DIR] [--runs N] [--held-out bench/incident-motivation.json]</c>. DIR defaults to
/// <c>../shared/datasets/incidents</c>. MAP names, per case family, the cases and the analyzers, readers and signatures that were written for
/// them; the held-out run removes exactly those and scores only that family's cases.</remarks>
public sealed class IncidentsHarness : IHarness
{
    /// <inheritdoc />
    public string Name => "incidents";

    /// <inheritdoc />
    public string Description => "incident corpus: pass rate (score.py rules), warm ms per case; --held-out MAP drops each family's own rules";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var dir = RepoPaths.InShared("datasets", "incidents");
        var runs = 5;
        string? heldOut = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs" when i + 1 < args.Length:
                    runs = int.Parse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture);
                    break;
                case "--held-out" when i + 1 < args.Length:
                    heldOut = args[++i];
                    break;
                default:
                    dir = args[i];
                    break;
            }
        }
        var cases = Directory.GetDirectories(dir).Where(d => File.Exists(Path.Combine(d, "expect.json"))).Order(StringComparer.Ordinal).ToList();
        var signatures = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]).Signatures;

        Console.WriteLine($"| case | result | top hypothesis | warm ms (median of {runs}) | CPU ms |");
        Console.WriteLine("|---|---|---|---:|---:|");
        var passed = 0;
        var times = new List<double>();
        var cpus = new List<double>();
        foreach (var c in cases)
        {
            var (ok, why, top, ms, cpu) = Score(c, BuiltIn.Analyzers, ReaderRegistry.BuiltIn, signatures, runs);
            passed += ok ? 1 : 0;
            times.Add(ms);
            cpus.Add(cpu);
            Console.WriteLine($"| {Path.GetFileName(c)} | {(ok ? "PASS" : "FAIL " + why)} | {top} | {ms:0.0} | {cpu:0.0} |");
        }
        Console.WriteLine();
        Console.WriteLine($"{passed}/{cases.Count} passed ({(cases.Count == 0 ? 0 : 100 * passed / cases.Count)}%); warm ms per case: median {Median(times):0.0}, " +
                          $"max {(times.Count == 0 ? 0 : times.Max()):0.0}; process CPU ms: median {Median(cpus):0.0}, max {(cpus.Count == 0 ? 0 : cpus.Max()):0.0}");

        if (heldOut is not null)
        {
            HeldOut(heldOut, cases, signatures);
        }
        return 0;
    }

    private static void HeldOut(string mapPath, List<string> cases, IReadOnlyList<Signature> signatures)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(mapPath));
        static HashSet<string> Set(JsonElement e, string name) =>
            e.TryGetProperty(name, out var a) ? a.EnumerateArray().Select(x => x.GetString() ?? "").ToHashSet(StringComparer.Ordinal) : [];

        Console.WriteLine();
        Console.WriteLine("| family | cases | removed (analyzers / readers / signatures) | in-sample | held-out |");
        Console.WriteLine("|---|---|---|---:|---:|");
        int inTotal = 0, outTotal = 0, n = 0;
        foreach (var family in doc.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
        {
            var members = Set(family.Value, "cases");
            var analyzers = Set(family.Value, "analyzers");
            var readers = Set(family.Value, "readers");
            var sigs = Set(family.Value, "signatures");
            var registry = new AnalyzerRegistry(BuiltIn.Analyzers.All.Where(a => !analyzers.Contains(a.Name)));
            var readerRegistry = new ReaderRegistry(ReaderRegistry.BuiltIn.All.Where(r => !readers.Contains(r.GetType().Name)));
            var kept = signatures.Where(s => !sigs.Contains(s.Id)).ToList();
            var dirs = cases.Where(c => members.Contains(Path.GetFileName(c))).ToList();
            int inSample = 0, heldOutPass = 0;
            var fails = new List<string>();
            foreach (var c in dirs)
            {
                inSample += Score(c, BuiltIn.Analyzers, ReaderRegistry.BuiltIn, signatures, 0).Ok ? 1 : 0;
                var r = Score(c, registry, readerRegistry, kept, 0);
                heldOutPass += r.Ok ? 1 : 0;
                if (!r.Ok)
                {
                    fails.Add($"{Path.GetFileName(c)} → {r.Top}");
                }
            }
            inTotal += inSample;
            outTotal += heldOutPass;
            n += dirs.Count;
            Console.WriteLine($"| {family.Name} | {string.Join(", ", dirs.Select(Path.GetFileName))} | {string.Join(", ", analyzers)} / {string.Join(", ", readers)} / {string.Join(", ", sigs)} | " +
                              $"{inSample}/{dirs.Count} | {heldOutPass}/{dirs.Count}{(fails.Count > 0 ? " (top without: " + string.Join("; ", fails) + ")" : "")} |");
        }
        Console.WriteLine();
        Console.WriteLine($"families' cases: in-sample {inTotal}/{n}, held-out (each family without its own rules) {outTotal}/{n}");
    }

    private static (bool Ok, string Why, string Top, double Ms, double CpuMs) Score(string dir, AnalyzerRegistry analyzers, ReaderRegistry readers, IReadOnlyList<Signature> signatures, int runs)
    {
        var expect = CaseScorer.Load(dir);
        var investigator = new Investigator(analyzers, signatures, TimeProvider.System);
        var times = new List<double>();
        var cpu = new List<double>();
        IReadOnlyList<Hypothesis> hypotheses = [];
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < runs + 1; i++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var evidence = BundleReader.Read(dir, TimeProvider.System, BundleReadOptions.Default, readers).Evidence;
            hypotheses = evidence is null ? [] : investigator.Investigate(evidence).Hypotheses;
            if (i > 0)
            {
                times.Add(sw.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
            }
        }
        var (ok, why) = CaseScorer.Judge(expect, hypotheses);
        var top = hypotheses.OrderBy(h => h.Rank).FirstOrDefault() is { } h ? $"{h.Signature} {h.Confidence:0.00}" : "(none)";
        return (ok, why.Split(" | top 3:")[0], top, Median(times), Median(cpu));
    }

    private static double Median(List<double> xs)
    {
        xs.Sort();
        return xs.Count == 0 ? 0 : xs[xs.Count / 2];
    }
}
