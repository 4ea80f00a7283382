using Firefighter.Analysis;
using Firefighter.Correlation;

namespace Firefighter.Hypotheses;

/// <summary>The hypothesis stage: matches the signatures against the correlated findings and ranks the hypotheses.</summary>
public static class HypothesisStage
{
    /// <summary>Ranked hypotheses, best first.</summary>
    public static IReadOnlyList<Hypothesis> Run(IReadOnlyList<Signature> signatures, IReadOnlyList<Finding> findings, DateTimeOffset? onset, EntityGraph graph, double supportThreshold) =>
        HypothesisBuilder.Build(new SignatureMatcher(signatures, graph).MatchAll(findings, onset), onset, supportThreshold, graph);
}
