using Firefighter.Evidence;

namespace Firefighter.Analysis;

/// <summary>What one analyzer returns: its findings and what it could not use.</summary>
public sealed record AnalyzerResult(IReadOnlyList<Finding> Findings, IReadOnlyList<EvidenceWarning> Warnings)
{
    /// <summary>No findings, no warnings.</summary>
    public static AnalyzerResult Empty { get; } = new([], []);

    /// <summary>Findings only.</summary>
    public static AnalyzerResult Of(IReadOnlyList<Finding> findings) => new(findings, []);
}
