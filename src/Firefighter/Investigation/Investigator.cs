using Firefighter.Analysis;
using Firefighter.Correlation;
using Firefighter.Evidence;
using Firefighter.Hypotheses;
using Firefighter.Prevention.Rules;
using Firefighter.Reports;

namespace Firefighter.Investigation;

/// <summary>Runs one investigation by composing the stages: analysis → correlation → hypotheses → prevention (alert grounding) → report.</summary>
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
        var analyzed = AnalysisStage.Run(selected, new AnalysisContext(evidence, now));
        warnings.AddRange(analyzed.Warnings);

        var correlated = CorrelationStage.Run(evidence, analyzed.Findings);
        var ranked = HypothesisStage.Run(signatures, correlated.Findings, correlated.Onset, correlated.Graph, options.SupportThreshold,
            k => FindingCatalogue.Find(k)?.Meaning);
        // Alert rules read only metrics the evidence has: a rule on a series nobody scrapes would never fire.
        var justified = PlanJustifier.Justify(ranked, correlated.Findings, correlated.Onset);
        var hypotheses = AlertGrounding.Ground(justified, signatures, evidence, correlated.Onset);
        return ReportBuilder.Build(evidence, now, correlated, hypotheses, warnings, selected.Select(a => a.Name).ToList());
    }
}
