using Firefighter.Evidence;

namespace Firefighter.Hypotheses;

/// <summary>Points at another hypothesis of the same report by its signature and entity (ranks are assigned later).</summary>
/// <param name="Signature">The other hypothesis' signature id.</param>
/// <param name="Entity">The other hypothesis' entity.</param>
public sealed record HypothesisRef(string Signature, EntityRef Entity);
