using Firefighter.Evidence;

namespace Firefighter.Logs;

/// <summary>One template that changed between a baseline and an incident window.</summary>
/// <param name="Change"><c>new</c>, <c>spike</c> or <c>vanished</c>.</param>
/// <param name="Template">The template text.</param>
/// <param name="BaselineCount">Records in the baseline.</param>
/// <param name="IncidentCount">Records in the incident window.</param>
/// <param name="Ratio">Incident rate over baseline rate (rates normalised by window length or volume); infinity when new.</param>
/// <param name="PValue">One-sided binomial test p-value of the change under "same rate".</param>
/// <param name="Level">Dominant level.</param>
/// <param name="Score">Rank score: significance weighted by level and stack traces.</param>
/// <param name="Sample">A sample message.</param>
public sealed record LogDiffEntry(string Change, string Template, long BaselineCount, long IncidentCount, double Ratio, double PValue, LogLevel Level, double Score, string Sample)
{
    /// <summary>Indices (into the incident input) of up to three sample records, for evidence citations.</summary>
    public IReadOnlyList<int> SampleRecords { get; init; } = [];
}
