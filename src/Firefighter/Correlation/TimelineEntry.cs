using Firefighter.Evidence;

namespace Firefighter.Correlation;

/// <summary>One row of the incident timeline.</summary>
/// <param name="Time">When (UTC).</param>
/// <param name="Kind">change, onset, first_error, alert, restart, finding, recovery.</param>
/// <param name="Text">What happened.</param>
/// <param name="Refs">Evidence.</param>
public sealed record TimelineEntry(DateTimeOffset Time, string Kind, string Text, IReadOnlyList<EvidenceRef> Refs);
