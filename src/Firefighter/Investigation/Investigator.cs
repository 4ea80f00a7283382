using Firefighter.Prevention.Rules;
using System.Collections.Concurrent;
using Firefighter.Evidence;
using Firefighter.Metrics;
using Firefighter.Analysis;
using Firefighter.Correlation;
using Firefighter.Hypotheses;
using Firefighter.Reports;
using Firefighter.Alerts;

namespace Firefighter.Investigation;

/// <summary>Runs one investigation: analyzers in parallel → findings → correlation → signatures → ranked hypotheses → report.</summary>
/// <remarks>Deterministic for the same evidence and options. Never throws on bad evidence: what fails becomes a warning.</remarks>
public sealed class Investigator(AnalyzerRegistry analyzers, IReadOnlyList<Signature> signatures, TimeProvider time)
{
    /// <summary>Investigates the evidence.</summary>
    public InvestigationReport Investigate(EvidenceSet evidence, InvestigationOptions? options = null)
    {
        options ??= new InvestigationOptions();
        var now = options.Now ?? evidence.Incident.CapturedAt ?? evidence.LatestTime() ?? time.GetUtcNow();
        var warnings = new List<EvidenceWarning>(evidence.Warnings);

        var (selected, unknown) = options.Analyzers.Count == 0 ? (analyzers.All, []) : analyzers.Select(options.Analyzers);
        warnings.AddRange(unknown.Select(u => new EvidenceWarning("--analyzer", null, $"unknown analyzer '{u}' (known: {string.Join(", ", analyzers.Names)})")));
        var (findings, analyzerWarnings) = RunAnalyzers(selected, new AnalysisContext(evidence, now));
        warnings.AddRange(analyzerWarnings);

        var graph = new EntityGraph(evidence);
        var (onset, onsetFinding) = Correlator.FindOnset(findings);
        // Alerts lag the impact: when only an alert (or nothing) gives the onset, the metrics' first significant shift is the better one.
        if ((onsetFinding is null || onsetFinding.Kind == AlertFindingKinds.Firing) && ScreeningFindings.FindOnset(evidence.Metrics) is { } metricOnset)
        {
            findings.Add(metricOnset);
            (onset, onsetFinding) = (metricOnset.Start, metricOnset);
        }
        onset ??= evidence.Incident.Start;
        findings = WithScreeningAndFusion(evidence, findings, onset, graph);

        var matches = new SignatureMatcher(signatures, graph).MatchAll(findings, onset);
        // Alert rules read only metrics the evidence has: a rule on a series nobody scrapes would never fire.
        var hypotheses = AlertGrounding.Ground(HypothesisBuilder.Build(matches, onset, options.SupportThreshold, graph), signatures, evidence, onset);
        hypotheses = UnexplainedFindings.Append(hypotheses, findings, k => FindingCatalogue.Find(k)?.Meaning, graph);
        var top = hypotheses.FirstOrDefault(h => h.Supported);
        var problems = findings.Where(IsProblem).ToList();
        var status = top is not null ? "root_cause" : problems.Count > 0 ? "problems" : "healthy";
        var impact = ImpactAssessor.Assess(evidence, findings, onset, now);

        return new InvestigationReport
        {
            Status = status,
            Title = Title(status, top, problems, evidence),
            Origin = evidence.Origin,
            AsOf = now,
            Onset = status == "healthy" ? null : onset,
            OnsetEvidence = status == "healthy" || onsetFinding is null ? null : new Citation(onsetFinding.Kind, onsetFinding.Title, onsetFinding.Evidence),
            Severity = status == "healthy" ? new SeverityAssessment("none", ["no problem found in the evidence"]) : impact.Severity,
            Impact = status == "healthy" ? [] : impact.Statements,
            RecentChanges = RecentChanges(findings, onset),
            Hypotheses = hypotheses,
            Findings = findings,
            Timeline = Correlator.Timeline(findings, status == "healthy" ? null : onset, onsetFinding),
            Warnings = warnings,
            Unknowns = Unknowns(status, hypotheses, evidence),
            Checklist = Checklist(top, impact),
            Charts = ChartPicker.Pick(evidence, top, findings),
            Inventory = evidence.Files,
            Analyzers = selected.Select(a => a.Name).ToList(),
        };
    }

    private static (List<Finding>, List<EvidenceWarning>) RunAnalyzers(IReadOnlyList<IAnalyzer> selected, AnalysisContext context)
    {
        var results = new ConcurrentDictionary<string, AnalyzerResult>(StringComparer.Ordinal);
        Parallel.ForEach(selected, analyzer =>
        {
            try
            {
                var r = analyzer.Analyze(context);
                results[analyzer.Name] = r with { Findings = r.Findings.Select(f => f.Analyzer.Length == 0 ? f with { Analyzer = analyzer.Name } : f).ToList() };
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The contract says analyzers never throw; if one does, the investigation goes on without it.
                results[analyzer.Name] = new AnalyzerResult([], [new EvidenceWarning(analyzer.Name, null, $"analyzer failed: {e.GetType().Name}: {e.Message}")]);
            }
        });
        var findings = Dedupe(results.OrderBy(r => r.Key, StringComparer.Ordinal).SelectMany(r => r.Value.Findings))
            .OrderBy(f => f.Start ?? DateTimeOffset.MaxValue).ThenBy(f => f.Kind, StringComparer.Ordinal)
            .ThenBy(f => f.Entity.ToString(), StringComparer.Ordinal).ThenBy(f => f.Title, StringComparer.Ordinal).ToList();
        var warnings = results.OrderBy(r => r.Key, StringComparer.Ordinal).SelectMany(r => r.Value.Warnings).ToList();
        return (findings, warnings);
    }

    // Screening needs the onset and fusion needs every other finding, so both run after the analyzers; their findings join the list in its order.
    private static List<Finding> WithScreeningAndFusion(EvidenceSet evidence, List<Finding> findings, DateTimeOffset? onset, EntityGraph graph)
    {
        var (screen, screened) = ScreeningFindings.Screen(evidence.Metrics, onset, e => e.Kind == "Service" ? graph.WorkloadOfService(e) ?? e : graph.Workload(e));
        var all = new List<Finding>(findings);
        all.AddRange(screened);
        all.AddRange(CulpritFusion.Fuse(evidence, all, onset, graph, screen));
        return all.OrderBy(f => f.Start ?? DateTimeOffset.MaxValue).ThenBy(f => f.Kind, StringComparer.Ordinal)
            .ThenBy(f => f.Entity.ToString(), StringComparer.Ordinal).ThenBy(f => f.Title, StringComparer.Ordinal).ToList();
    }

    // The same object can arrive twice (a `kubectl get` dump and a `describe` of one pod): one finding, both citations.
    private static IEnumerable<Finding> Dedupe(IEnumerable<Finding> findings) =>
        findings.GroupBy(f => (f.Kind, f.Entity, f.Title))
            .Select(g => g.Count() == 1 ? g.First() : g.First() with { Evidence = g.SelectMany(f => f.Evidence).Distinct().ToList() });

    private static bool IsProblem(Finding f) =>
        !Correlator.IsPrecursor(f) && f.Severity != FindingSeverity.Info && f.Attr("status") != "resolved"
        || f.Kind == MetricFindingKinds.SteadyGrowth && f.Severity == FindingSeverity.Critical;

    private static string Title(string status, Hypothesis? top, List<Finding> problems, EvidenceSet evidence)
    {
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
        findings.Where(f => f.Kind.StartsWith("change.", StringComparison.Ordinal) && f.Start is { } t
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
