using Firefighter.Evidence;

namespace Firefighter.Sources.Bundles;

/// <summary>The outcome of reading a bundle: the evidence (with its warnings), or why the bundle could not be read at all.</summary>
public sealed record BundleReadResult
{
    private BundleReadResult(EvidenceSet? evidence, string? error)
    {
        Evidence = evidence;
        Error = error;
    }

    /// <summary>The evidence read; null when <see cref="Error"/> is set.</summary>
    public EvidenceSet? Evidence { get; }

    /// <summary>Why the bundle could not be read (path missing, not a bundle, truncated archive); null on success.</summary>
    public string? Error { get; }

    /// <summary>True when the bundle was read (possibly with warnings).</summary>
    public bool Succeeded => Evidence is not null;

    /// <summary>A successful read.</summary>
    public static BundleReadResult Success(EvidenceSet evidence) => new(evidence, null);

    /// <summary>A failed read with a message naming the path and the reason.</summary>
    public static BundleReadResult Failure(string error) => new(null, error);
}
