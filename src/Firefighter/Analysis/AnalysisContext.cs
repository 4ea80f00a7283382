using Firefighter.Evidence;

namespace Firefighter.Analysis;

/// <summary>What an analyzer sees: the evidence and the moment of analysis.</summary>
/// <param name="Evidence">All evidence (read-only by contract).</param>
/// <param name="Now">The "as of" time: capture time of a dump, or the clock for live sources.</param>
public sealed record AnalysisContext(EvidenceSet Evidence, DateTimeOffset Now)
{
    /// <summary>The window the user asked about, when given.</summary>
    public (DateTimeOffset? Start, DateTimeOffset? End) Window => (Evidence.Incident.Start, Evidence.Incident.End);
}
