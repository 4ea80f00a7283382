using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Firefighter.Analysis;
using Firefighter.Evidence;
using Firefighter.Investigation;
using Firefighter.Sources.Bundles;
using Firefighter.Testing;

namespace Firefighter.Bench;

/// <summary>Root-cause accuracy on real fault injections (the Nezha cases in ../shared/datasets/rca/nezha): AC@1, AC@3, Avg@5 per system and
/// fault type, calibration of the top answer's confidence, and time per case.</summary>
/// <remarks>The answers (<c>cases.json</c>) are read here only; the product sees the bundle alone.</remarks>
public sealed partial class RcaHarness : IHarness
{
    /// <inheritdoc />
    public string Name => "rca";

    /// <inheritdoc />
    public string Description => "AC@1/AC@3/Avg@5 and calibration of ff investigate on real fault cases (args: [ob|tt] [-v] [-case PREFIX] [-dir DIR]; diagnostics: -oracle, -shifts, -fusion)";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var dir = Arg(args, "-dir") ?? RepoPaths.InShared("datasets", "rca", "nezha");
        var casesFile = Path.Combine(dir, "cases.json");
        if (!File.Exists(casesFile))
        {
            Console.Error.WriteLine($"rca: {casesFile} not found");
            return 3;
        }
        var system = args.FirstOrDefault(a => a is "ob" or "tt");
        var only = Arg(args, "-case");
        var verbose = args.Contains("-v");
        // Diagnostic only (never a reported result): the injection time is given as the incident start, to tell onset errors from ranking errors.
        var oracle = args.Contains("-oracle");
        var cases = LoadCases(casesFile)
            .Where(c => system is null || c.Id.StartsWith(system + "-", StringComparison.Ordinal))
            .Where(c => only is null || c.Id.StartsWith(only, StringComparison.Ordinal))
            .ToList();
        var signatures = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]).Signatures;
        var investigator = new Investigator(BuiltIn.Analyzers, signatures, TimeProvider.System);
        var results = new List<Result>();
        var total = Stopwatch.StartNew();
        foreach (var c in cases)
        {
            var sw = Stopwatch.StartNew();
            var evidence = BundleReader.Read(Path.Combine(dir, c.Bundle), TimeProvider.System).Evidence!;
            if (oracle)
            {
                evidence = WithStart(evidence, c.Injected);
            }
            var read = sw.Elapsed.TotalMilliseconds;
            if (args.Contains("-shifts"))
            {
                PrintShifts(evidence, c);
            }
            var report = investigator.Investigate(evidence);
            var ms = sw.Elapsed.TotalMilliseconds;
            var top = report.Hypotheses.Take(5).Select(h => (h.Entity, h.Confidence, h.Signature, h.Supported)).ToList();
            var rank = top.FindIndex(t => Names(t.Entity, c.Service));
            var r = new Result(c, rank < 0 ? int.MaxValue : rank + 1, top.Count > 0 ? top[0].Confidence : double.NaN, top.Count > 0 && top[0].Supported, read, ms);
            results.Add(r);
            if (verbose || r.Rank != 1)
            {
                Console.WriteLine($"{c.Id} {c.Fault,-14} {c.Service,-30} rank {(r.Rank > 5 ? "-" : r.Rank.ToString(CultureInfo.InvariantCulture))} "
                                  + $"[{string.Join(", ", top.Select(t => $"{t.Entity.Name} {t.Confidence:0.00}{(t.Supported ? "" : "?")} {t.Signature.Replace("service-", "", StringComparison.Ordinal)}"))}] "
                                  + (args.Contains("-fusion") ? $" {{{FusionLead(report)}}} " : "")
                                  + $"onset {Delta(report.Onset, c.Injected)} ({report.OnsetEvidence?.Finding}) traces {Delta(evidence.Spans.Count == 0 ? null : Firefighter.Traces.TraceAnalysis.For(evidence).Onset, c.Injected)} fault {Delta(FaultOnset(report), c.Injected)} {ms:0} ms");
            }
        }
        Console.WriteLine();
        Console.WriteLine($"{results.Count} cases from {dir}, {total.Elapsed.TotalSeconds:0.0} s in all (read + investigate, one process, warm after the first)");
        Print(results);
        return 0;
    }

    private static void Print(List<Result> results)
    {
        Console.WriteLine();
        Console.WriteLine("| system | fault | cases | AC@1 | AC@3 | Avg@5 | median ms |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var sys in results.GroupBy(r => r.Case.System).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Row(sys.Key, "all", sys.ToList());
            foreach (var f in sys.GroupBy(r => r.Case.Fault).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                Row(sys.Key, f.Key, f.ToList());
            }
        }
        Console.WriteLine();
        Console.WriteLine("Calibration of the top answer (confidence of right vs wrong top answers; right = AC@1):");
        Console.WriteLine("| system | right | mean conf right | wrong | mean conf wrong | gap |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var sys in results.GroupBy(r => r.Case.System).OrderBy(g => g.Key, StringComparer.Ordinal).Append(results.GroupBy(_ => "both").First()))
        {
            var right = sys.Where(r => r.Rank == 1 && !double.IsNaN(r.Confidence)).Select(r => r.Confidence).ToList();
            var wrong = sys.Where(r => r.Rank != 1 && !double.IsNaN(r.Confidence)).Select(r => r.Confidence).ToList();
            Console.WriteLine($"| {sys.Key} | {right.Count} | {Mean(right):0.00} | {wrong.Count} | {Mean(wrong):0.00} | {Mean(right) - Mean(wrong):0.00} |");
        }
        Console.WriteLine();
        Console.WriteLine("Reliability (top answers binned by confidence; 'supported' = called the root cause):");
        Console.WriteLine("| confidence | answers | right | accuracy | supported |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        double[] edges = [0, 0.3, 0.5, 0.6, 0.7, 0.8, 1.01];
        for (var b = 0; b + 1 < edges.Length; b++)
        {
            var inBin = results.Where(r => r.Confidence >= edges[b] && r.Confidence < edges[b + 1]).ToList();
            var right = inBin.Count(r => r.Rank == 1);
            Console.WriteLine($"| {edges[b]:0.0}–{Math.Min(1, edges[b + 1]):0.0} | {inBin.Count} | {right} | {(inBin.Count == 0 ? "" : $"{100.0 * right / inBin.Count:0}%")} | {inBin.Count(r => r.Supported)} |");
        }
        var none = results.Count(r => double.IsNaN(r.Confidence));
        if (none > 0)
        {
            Console.WriteLine($"| no hypothesis | {none} | 0 | | |");
        }
    }

    private static void Row(string system, string fault, List<Result> rs)
    {
        double At(int k) => (double)rs.Count(r => r.Rank <= k) / rs.Count;
        var avg5 = Enumerable.Range(1, 5).Average(At);
        var ms = rs.Select(r => r.Ms).Order().ToList();
        Console.WriteLine($"| {system} | {fault} | {rs.Count} | {At(1):0.00} | {At(3):0.00} | {avg5:0.00} | {ms[ms.Count / 2]:0} |");
    }

    /// <summary>The entity names the service: the service (or its workload) itself, or one of its pods (<c>service-hash-suffix</c>); never a substring match.</summary>
    internal static bool Names(EntityRef e, string service) =>
        e.Name == service || (e.Kind == "Pod" && e.Name.StartsWith(service + "-", StringComparison.Ordinal) && PodSuffix().IsMatch(e.Name[(service.Length + 1)..]));

    [GeneratedRegex("^[a-z0-9]{5,10}-[a-z0-9]{5}$")]
    private static partial Regex PodSuffix();

    private static string FusionLead(Firefighter.Reports.InvestigationReport report) =>
        report.Findings.FirstOrDefault(f => f.Kind == "fusion.culprit" && f.Title.StartsWith("#1 ", StringComparison.Ordinal)) is { } f
            ? $"{f.Title} stability {f.Attr("stability")}"
            : "";

    // Diagnostic only: each service's log shift at the injection time, strongest first.
    private static void PrintShifts(EvidenceSet evidence, Case c)
    {
        var resolver = new Firefighter.Correlation.ServiceResolver(new Firefighter.Correlation.EntityGraph(evidence), evidence.Spans.Select(s => s.Service).Distinct());
        var (shifts, _) = Firefighter.Logs.LogShifts.Compute(evidence.Logs, resolver.Of, c.Injected, []);
        foreach (var s in shifts.OrderByDescending(s => Math.Max(s.NewZ, Math.Max(s.ErrorZ, Math.Max(s.BrokenZ, s.VanishedZ)))).Take(8))
        {
            Console.WriteLine($"  {(s.Service == c.Service ? "*" : " ")}{s.Service,-30} lines {s.LinesBefore}/{s.LinesAfter} err {s.ErrorsBefore}/{s.ErrorsAfter} errZ {s.ErrorZ:0.0} newZ {s.NewZ:0.0} ({s.NewLines} new, {s.NewWarnLines} warn) vanZ {s.VanishedZ:0.0} brokenZ {s.BrokenZ:0.0} named {s.NamedBefore}/{s.Named} complains {s.ComplainsBefore}/{s.Complains} | {s.NewTemplate ?? s.VanishedTemplate}");
        }
    }

    private static EvidenceSet WithStart(EvidenceSet e, DateTimeOffset start)
    {
        var copy = new EvidenceSet { Origin = e.Origin, Incident = e.Incident with { Start = start } };
        copy.Logs.AddRange(e.Logs);
        copy.Metrics.AddRange(e.Metrics);
        copy.Objects.AddRange(e.Objects);
        copy.Events.AddRange(e.Events);
        copy.Changes.AddRange(e.Changes);
        copy.Alerts.AddRange(e.Alerts);
        copy.Spans.AddRange(e.Spans);
        copy.Warnings.AddRange(e.Warnings);
        copy.Files.AddRange(e.Files);
        return copy;
    }

    private static DateTimeOffset? FaultOnset(Firefighter.Reports.InvestigationReport report) =>
        report.Findings.FirstOrDefault(f => f.Kind == "fusion.culprit" && f.Title.StartsWith("#1 ", StringComparison.Ordinal))?.Attr("faultOnset") is { } s
            ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture) : null;

    private static string Delta(DateTimeOffset? t, DateTimeOffset truth) => t is { } o ? $"{(o - truth).TotalSeconds:+0;-0}s" : "none";

    private static double Mean(List<double> xs) => xs.Count == 0 ? double.NaN : xs.Average();

    private static string? Arg(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static List<Case> LoadCases(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateArray().Select(e => new Case(
            e.GetProperty("case").GetString()!, e.GetProperty("system").GetString()!, e.GetProperty("fault_type").GetString()!,
            e.GetProperty("root_cause_service").GetString()!, e.GetProperty("bundle").GetString()!,
            DateTimeOffset.Parse(e.GetProperty("inject_time").GetString()!, CultureInfo.InvariantCulture))).ToList();
    }

    private sealed record Case(string Id, string System, string Fault, string Service, string Bundle, DateTimeOffset Injected);

    private sealed record Result(Case Case, int Rank, double Confidence, bool Supported, double ReadMs, double Ms);
}
