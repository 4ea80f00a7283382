namespace Firefighter.Sources.Collect;

/// <summary>The <c>manifest.json</c> of a collected bundle: what was asked of which source, when, and what came back or failed.</summary>
public sealed record CollectManifest
{
    /// <summary>Manifest format version.</summary>
    public int Version { get; init; } = 1;

    /// <summary>When the collection started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset FinishedAt { get; set; }

    /// <summary>Start of the evidence window.</summary>
    public DateTimeOffset WindowStart { get; init; }

    /// <summary>End of the evidence window.</summary>
    public DateTimeOffset WindowEnd { get; init; }

    /// <summary>The alert group collected for, when there was one.</summary>
    public string? GroupKey { get; init; }

    /// <summary>Alert names of the group.</summary>
    public IReadOnlyList<string> Alerts { get; init; } = [];

    /// <summary>Namespace in scope (null: all).</summary>
    public string? Namespace { get; init; }

    /// <summary>Workloads named by the alert's labels.</summary>
    public IReadOnlyList<string> Workloads { get; init; } = [];

    /// <summary>Every query, in the order it was made.</summary>
    public List<CollectEntry> Entries { get; init; } = [];

    /// <summary>Secret-looking values removed from logs (Secret and ConfigMap values are always emptied).</summary>
    public int Redactions { get; set; }

    /// <summary>Bytes written.</summary>
    public long Bytes { get; set; }
}

/// <summary>One query of a collection.</summary>
/// <param name="Source">kubernetes, prometheus, loki or alert.</param>
/// <param name="What">What was asked (a list call, PromQL, LogQL, a log read).</param>
/// <param name="File">Bundle path written, if any.</param>
/// <param name="Status">ok, empty, truncated, failed or skipped.</param>
/// <param name="Items">Objects, series, lines or streams received.</param>
/// <param name="Error">Why it failed or was cut, if it did.</param>
/// <param name="At">When it was made.</param>
public sealed record CollectEntry(string Source, string What, string? File, string Status, int Items, string? Error, DateTimeOffset At);
