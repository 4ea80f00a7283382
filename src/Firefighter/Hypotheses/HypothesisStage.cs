using Firefighter.Analysis;
using Firefighter.Correlation;

namespace Firefighter.Hypotheses;

/// <summary>The hypothesis stage: matches the signatures against the correlated findings and ranks the hypotheses.</summary>
public static class HypothesisStage
{
    /// <summary>Ranked hypotheses, best first; then, when <paramref name="meaning"/> is given, one hypothesis per component whose critical
    /// findings no signature explains (<see cref="UnexplainedFindings"/>).</summary>
    /// <param name="signatures">The knowledge base.</param>
    /// <param name="findings">The correlated findings.</param>
    /// <param name="onset">The onset, if known.</param>
    /// <param name="graph">The entity graph.</param>
    /// <param name="supportThreshold">Confidence from which a hypothesis counts as supported.</param>
    /// <param name="meaning">What a finding kind means (the catalogue's sentence), or null to skip the unexplained findings.</param>
    public static IReadOnlyList<Hypothesis> Run(IReadOnlyList<Signature> signatures, IReadOnlyList<Finding> findings, DateTimeOffset? onset, EntityGraph graph,
        double supportThreshold, Func<string, string?>? meaning = null)
    {
        var ranked = HypothesisBuilder.Build(new SignatureMatcher(signatures, graph).MatchAll(findings, onset), onset, supportThreshold, graph);
        return meaning is null ? ranked : UnexplainedFindings.Append(ranked, findings, meaning, graph);
    }
}
