using Firefighter.Evidence;

namespace Firefighter.Analysis;

/// <summary>A statement backed by evidence: the finding's words and where they can be checked.</summary>
/// <param name="Finding">The finding kind the statement comes from.</param>
/// <param name="Text">The statement.</param>
/// <param name="Refs">Where to check it.</param>
public sealed record Citation(string Finding, string Text, IReadOnlyList<EvidenceRef> Refs);
