using Firefighter.Analysis;
using Firefighter.Changes;
using Firefighter.Correlation;
using Firefighter.Evidence;
using Firefighter.Hypotheses;
using Firefighter.Metrics;

namespace Firefighter.Reports;

/// <summary>Assembles the report from the stages' results: status, title, impact, timeline, unknowns, checklist, charts.</summary>
public static class ReportBuilder
{
    /// <summary>Builds the report.</summary>
    public static InvestigationReport Build(EvidenceSet evidence, DateTimeOffset now, CorrelationStage.Result correlated, IReadOnlyList<Hypothesis> hypotheses,
        IReadOnlyList<EvidenceWarning> warnings, IReadOnlyList<string> analyzers)
    {
        var findings = correlated.Findings;
        var onset = correlated.Onset;
        var onsetFinding = correlated.OnsetFinding;
        var top = hypotheses.FirstOrDefault(h => h.Supported);
        var problems = findings.Where(IsProblem).ToList();
        var coverage = CoverageAssessor.Assess(evidence);
        // "Could not read" is never "healthy": with nothing wrong found, a verdict needs the sources the alert or the user points at.
        var status = top is not null ? "root_cause" : problems.Count > 0 ? "problems" : coverage.Sufficient ? "healthy" : InsufficientEvidence;
        var impact = ImpactAssessor.Assess(evidence, findings, onset, now);
        var healthy = status is "healthy" or InsufficientEvidence;
        return new InvestigationReport
        {
            Status = status,
            Title = Title(status, top, problems, evidence),
            Origin = evidence.Origin,
            AsOf = now,
            Onset = healthy ? null : onset,
            OnsetEvidence = healthy || onsetFinding is null ? null : new Citation(onsetFinding.Kind, onsetFinding.Title, onsetFinding.Evidence),
            Severity = status == InsufficientEvidence ? new SeverityAssessment("unknown", ["not enough evidence to judge"])
                : healthy ? new SeverityAssessment("none", ["no problem found in the evidence"]) : impact.Severity,
            Impact = healthy ? [] : impact.Statements,
            RecentChanges = RecentChanges(findings, onset),
            Hypotheses = hypotheses,
            Findings = findings,
            Timeline = Correlator.Timeline(findings, healthy ? null : onset, onsetFinding),
            Warnings = warnings,
            Unknowns = Unknowns(status, hypotheses, evidence),
            Checklist = Checklist(top, impact),
            Charts = ChartPicker.Pick(evidence, top, findings),
            Inventory = evidence.Files,
            Coverage = coverage,
            Analyzers = analyzers,
        };
    }

    private static bool IsProblem(Finding f) =>
        !Correlator.IsPrecursor(f) && f.Severity != FindingSeverity.Info && f.Attr("status") != "resolved"
        || f.Kind == MetricFindingKinds.SteadyGrowth && f.Severity == FindingSeverity.Critical;

    /// <summary>The status when nothing wrong was found but the evidence cannot show that nothing is wrong.</summary>
    public const string InsufficientEvidence = "insufficient_evidence";

    private static string Title(string status, Hypothesis? top, List<Finding> problems, EvidenceSet evidence)
    {
        if (status == InsufficientEvidence)
        {
            var subject = evidence.Incident.Title is { Length: > 0 } named ? named + ": " : "";
            return $"{subject}insufficient evidence to judge";
        }
        if (top is not null)
        {
            return top.Title;
        }
        if (status == "problems")
        {
            var worst = problems.OrderByDescending(f => f.Severity == FindingSeverity.Critical).ThenByDescending(f => f.Strength).First();
            return $"Unexplained problems: {worst.Title}";
        }
        return evidence.Incident.Title is { Length: > 0 } t ? $"{t}: no problem found" : "No problem found in the evidence";
    }

    private static List<Citation> RecentChanges(IReadOnlyList<Finding> findings, DateTimeOffset? onset) =>
        findings.Where(f => ChangeFindingKinds.All.Any(k => k == f.Kind) && f.Start is { } t
                            && (onset is null || (t <= onset && t >= onset.Value.AddHours(-24))))
            .OrderByDescending(f => f.Start).Take(10)
            .Select(f => new Citation(f.Kind, $"{f.Start:yyyy-MM-dd HH:mm} UTC {f.Title}", f.Evidence)).ToList();

    private static List<string> Unknowns(string status, IReadOnlyList<Hypothesis> hypotheses, EvidenceSet evidence)
    {
        var unknowns = new List<string>();
        if (status == "problems")
        {
            unknowns.Add("No known cause explains the problems found with enough evidence; the candidates below are unconfirmed.");
            foreach (var h in hypotheses.Take(3))
            {
                unknowns.AddRange(h.Collect.Select(c => $"To confirm or rule out '{h.Title}': {c}"));
            }
        }
        if (evidence.Metrics.Count == 0) { unknowns.Add("No metrics in the evidence: collect container memory/CPU, restarts and request error ratios (Prometheus query_range JSON) for the window."); }
        if (evidence.Logs.Count == 0) { unknowns.Add("No logs in the evidence: collect `kubectl logs --previous` of the failing pods and of their callers."); }
        if (evidence.Objects.Count == 0) { unknowns.Add("No Kubernetes objects in the evidence: collect `kubectl get pods,rs,deploy,svc -o yaml` for the namespace."); }
        if (evidence.Changes.Count == 0) { unknowns.Add("No change events in the evidence: collect the deploy history (`kubectl rollout history`, CI/CD log) for the last 24 hours."); }
        return unknowns;
    }

    private static List<ChecklistItem> Checklist(Hypothesis? top, ImpactAssessor.Result impact) =>
    [
        new("Root cause is identified with evidence", top is not null, top is null ? null : $"{top.Title} (confidence {top.Confidence:0.00})"),
        new("Service is fully restored and stable", impact.Recovered, impact.RecoveryEvidence),
        new("No data loss or corruption occurred", false, null),
        new("Monitoring will catch recurrence", false, null),
        new("Runbook updated with learnings", false, null),
        new("Stakeholders informed with clear summary", false, null),
        new("Postmortem scheduled within 48 hours", false, null),
    ];
}
