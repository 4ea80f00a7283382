using System.Collections.Concurrent;
using Firefighter.Evidence;

namespace Firefighter.Analysis;

/// <summary>The analysis stage: runs analyzers in parallel with fault isolation and merges their findings deterministically.</summary>
/// <remarks>Used by every command that analyzes (investigate, k8s scan). Never throws: an analyzer that throws is reported as a warning
/// and the others' findings are kept.</remarks>
public static class AnalysisStage
{
    /// <summary>What the stage produced.</summary>
    /// <param name="Findings">All findings, deduplicated, ordered by start, kind, entity and title.</param>
    /// <param name="Warnings">Analyzer warnings in analyzer-name order, including analyzers that failed.</param>
    public sealed record Result(List<Finding> Findings, List<EvidenceWarning> Warnings);

    /// <summary>Runs the analyzers on the context.</summary>
    public static Result Run(IReadOnlyList<IAnalyzer> analyzers, AnalysisContext context)
    {
        var results = new ConcurrentDictionary<string, AnalyzerResult>(StringComparer.Ordinal);
        Parallel.ForEach(analyzers, analyzer =>
        {
            try
            {
                var r = analyzer.Analyze(context);
                results[analyzer.Name] = r with { Findings = r.Findings.Select(f => f.Analyzer.Length == 0 ? f with { Analyzer = analyzer.Name } : f).ToList() };
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The contract says analyzers never throw; if one does, the others go on without it.
                results[analyzer.Name] = new AnalyzerResult([], [new EvidenceWarning(analyzer.Name, null, $"analyzer failed: {e.GetType().Name}: {e.Message}")]);
            }
        });
        var ordered = results.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var findings = Order(Dedupe(ordered.SelectMany(r => r.Value.Findings))).ToList();
        return new Result(findings, ordered.SelectMany(r => r.Value.Warnings).ToList());
    }

    /// <summary>The stable order of findings: by start (unknown last), kind, entity, title.</summary>
    public static IEnumerable<Finding> Order(IEnumerable<Finding> findings) =>
        findings.OrderBy(f => f.Start ?? DateTimeOffset.MaxValue).ThenBy(f => f.Kind, StringComparer.Ordinal)
            .ThenBy(f => f.Entity.ToString(), StringComparer.Ordinal).ThenBy(f => f.Title, StringComparer.Ordinal);

    // The same object can arrive twice (a `kubectl get` dump and a `describe` of one pod): one finding, both citations.
    private static IEnumerable<Finding> Dedupe(IEnumerable<Finding> findings) =>
        findings.GroupBy(f => (f.Kind, f.Entity, f.Title))
            .Select(g => g.Count() == 1 ? g.First() : g.First() with { Evidence = g.SelectMany(f => f.Evidence).Distinct().ToList() });
}
