using Firefighter.Alerts;
using Firefighter.Analysis;
using Firefighter.Evidence;
using Firefighter.Metrics;

namespace Firefighter.Correlation;

/// <summary>The correlation stage: the onset, the entity graph, metric screening at the onset, and fusion of traces, metrics and logs.</summary>
public static class CorrelationStage
{
    /// <summary>What the stage established.</summary>
    /// <param name="Onset">When the incident began, when known.</param>
    /// <param name="OnsetFinding">The finding that gives the onset.</param>
    /// <param name="Findings">The analyzers' findings plus screening and fusion findings, in the stable order.</param>
    /// <param name="Graph">Entities and their relations.</param>
    public sealed record Result(DateTimeOffset? Onset, Finding? OnsetFinding, List<Finding> Findings, EntityGraph Graph);

    /// <summary>Correlates the analyzers' findings.</summary>
    public static Result Run(EvidenceSet evidence, IReadOnlyList<Finding> analyzed)
    {
        var findings = new List<Finding>(analyzed);
        var graph = new EntityGraph(evidence);
        var (onset, onsetFinding) = Correlator.FindOnset(findings);
        // Alerts lag the impact: when only an alert (or nothing) gives the onset, the metrics' first significant shift is the better one.
        if ((onsetFinding is null || onsetFinding.Kind == AlertFindingKinds.Firing) && ScreeningFindings.FindOnset(evidence.Metrics) is { } metricOnset)
        {
            findings.Add(metricOnset);
            (onset, onsetFinding) = (metricOnset.Start, metricOnset);
        }
        onset ??= evidence.Incident.Start;
        // Screening needs the onset and fusion needs every other finding, so both run after the analyzers.
        var (screen, screened) = ScreeningFindings.Screen(evidence.Metrics, onset, e => e.Kind == "Service" ? graph.WorkloadOfService(e) ?? e : graph.Workload(e));
        findings.AddRange(screened);
        findings.AddRange(CulpritFusion.Fuse(evidence, findings, onset, graph, screen));
        return new Result(onset, onsetFinding, AnalysisStage.Order(findings).ToList(), graph);
    }
}
