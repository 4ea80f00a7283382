namespace Firefighter.Reports;

/// <summary>What the investigation could read and what it could not, per source; and whether that is enough to call anything healthy.</summary>
/// <param name="Sources">One entry per source, always the six standard ones in a fixed order (and <c>other</c> when files outside them were seen).</param>
/// <param name="Missing">Null when the evidence is usable; else what is missing, said plainly (why no verdict can be given).</param>
public sealed record EvidenceCoverage(IReadOnlyList<SourceCoverage> Sources, string? Missing)
{
    /// <summary>Whether the evidence is enough to give a verdict.</summary>
    public bool Sufficient => Missing is null;

    /// <summary>No coverage recorded (reports written before coverage existed).</summary>
    public static EvidenceCoverage None { get; } = new([], null);
}
