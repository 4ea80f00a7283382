using Firefighter.Evidence;

namespace Firefighter.Analysis;

/// <summary>A structured fact an analyzer established: what, where, when, how strong, and from which evidence.</summary>
/// <param name="Kind">Dotted kind code (<c>k8s.container.oomkilled</c>, <c>logs.error_burst</c>, <c>metrics.level_shift</c>, <c>change.deploy</c>...).</param>
/// <param name="Title">One line a human would write.</param>
/// <param name="Entity">What it is about.</param>
/// <param name="Start">When it began (or happened), when known.</param>
/// <param name="End">When it ended, null when ongoing or instantaneous.</param>
/// <param name="Strength">How strong or certain, 0..1.</param>
/// <param name="Evidence">Citations.</param>
public sealed record Finding(string Kind, string Title, EntityRef Entity, DateTimeOffset? Start, DateTimeOffset? End, double Strength, IReadOnlyList<EvidenceRef> Evidence)
{
    /// <summary>Severity for the finding alone.</summary>
    public FindingSeverity Severity { get; init; } = FindingSeverity.Warning;

    /// <summary>Facts signatures can match on and templates can use (reason, exitCode, image, version, metric, limit...).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Commands that confirm the finding (kubectl describe, logs --previous...).</summary>
    public IReadOnlyList<string> Commands { get; init; } = [];

    /// <summary>Which analyzer produced it.</summary>
    public string Analyzer { get; init; } = "";

    /// <summary>Returns the attribute or null.</summary>
    public string? Attr(string key) => Attributes.TryGetValue(key, out var v) ? v : null;
}
