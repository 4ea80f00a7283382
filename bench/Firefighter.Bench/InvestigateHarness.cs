using System.Diagnostics;
using Firefighter.Investigation;
using Firefighter.Sources.Bundles;
using Firefighter.Testing;
using Firefighter.Analysis;
using Firefighter.Reports;

namespace Firefighter.Bench;

/// <summary>Times a whole investigation (read bundle, analyze, correlate, rank) of each sample bundle, warm, median of N runs.</summary>
public sealed class InvestigateHarness : IHarness
{
    /// <inheritdoc />
    public string Name => "investigate";

    /// <inheritdoc />
    public string Description => "whole-investigation time per sample bundle (read + analyze + rank), median of 20 warm runs";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var runs = args.Length > 0 && int.TryParse(args[0], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 20;
        var signatures = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]).Signatures;
        var investigator = new Investigator(BuiltIn.Analyzers, signatures, TimeProvider.System);
        Console.WriteLine($"| sample | files | log records | series | findings | top hypothesis | read ms | analyze ms | total ms (median of {runs}) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---|---:|---:|---:|");
        foreach (var dir in Directory.GetDirectories(RepoPaths.InRepo("samples")).Order(StringComparer.Ordinal))
        {
            if (!File.Exists(Path.Combine(dir, "incident.yaml")))
            {
                continue;
            }
            var reads = new List<double>();
            var analyses = new List<double>();
            InvestigationReport? report = null;
            Firefighter.Evidence.EvidenceSet? evidence = null;
            for (var i = 0; i < runs + 2; i++)
            {
                var sw = Stopwatch.StartNew();
                evidence = BundleReader.Read(dir, TimeProvider.System).Evidence!;
                var read = sw.Elapsed.TotalMilliseconds;
                report = investigator.Investigate(evidence);
                var total = sw.Elapsed.TotalMilliseconds;
                if (i >= 2)
                {
                    reads.Add(read);
                    analyses.Add(total - read);
                }
            }
            var top = report!.Hypotheses.FirstOrDefault(h => h.Supported)?.Signature ?? "(none)";
            Console.WriteLine($"| {Path.GetFileName(dir)} | {evidence!.Files.Count} | {evidence.Logs.Count} | {evidence.Metrics.Count} | {report.Findings.Count} | {top} | " +
                              $"{Median(reads):0.0} | {Median(analyses):0.0} | {Median(reads.Zip(analyses, (a, b) => a + b).ToList()):0.0} |");
        }
        return 0;
    }

    private static double Median(List<double> xs)
    {
        xs.Sort();
        return xs.Count == 0 ? 0 : xs[xs.Count / 2];
    }
}
