namespace Firefighter.Evidence;

/// <summary>All the evidence of one investigation, typed and each item with its source.</summary>
/// <remarks>Built by a source (bundle reader, live connectors); read-only to analyzers.</remarks>
public sealed class EvidenceSet
{
    /// <summary>Where the evidence came from (bundle path or a description of the live sources).</summary>
    public string Origin { get; init; } = "";

    /// <summary>What the user said about the incident.</summary>
    public IncidentInfo Incident { get; init; } = new();

    /// <summary>Log records, in file order per file.</summary>
    public List<LogRecord> Logs { get; } = [];

    /// <summary>Metric series.</summary>
    public List<MetricSeries> Metrics { get; } = [];

    /// <summary>Kubernetes objects.</summary>
    public List<KubeObject> Objects { get; } = [];

    /// <summary>Kubernetes events.</summary>
    public List<KubeEvent> Events { get; } = [];

    /// <summary>Deploys and other changes.</summary>
    public List<ChangeEvent> Changes { get; } = [];

    /// <summary>Alerts from Alertmanager payloads.</summary>
    public List<AlertEvent> Alerts { get; } = [];

    /// <summary>Trace spans.</summary>
    public List<Span> Spans { get; } = [];

    /// <summary>What could not be read, with the file, line and reason.</summary>
    public List<EvidenceWarning> Warnings { get; } = [];

    /// <summary>Files read, with what each contributed (for the report's evidence inventory).</summary>
    public List<SourceFile> Files { get; } = [];

    /// <summary>True when no evidence of any kind was read.</summary>
    public bool IsEmpty => Logs.Count == 0 && Metrics.Count == 0 && Objects.Count == 0 && Events.Count == 0
        && Changes.Count == 0 && Alerts.Count == 0 && Spans.Count == 0;

    /// <summary>The first and last timestamp of the log records, or null when none has one.</summary>
    public (DateTimeOffset From, DateTimeOffset To)? LogTimeRange()
    {
        long from = long.MaxValue, to = long.MinValue;
        foreach (var r in Logs)
        {
            if (r.Timestamp is { } t)
            {
                from = Math.Min(from, t.UtcTicks);
                to = Math.Max(to, t.UtcTicks);
            }
        }
        return from == long.MaxValue ? null : (new DateTimeOffset(from, TimeSpan.Zero), new DateTimeOffset(to, TimeSpan.Zero));
    }

    /// <summary>The latest time seen in any evidence, the default "now" for a dump.</summary>
    public DateTimeOffset? LatestTime()
    {
        DateTimeOffset? max = null;
        void See(DateTimeOffset? t)
        {
            if (t is { } v && (max is null || v > max))
            {
                max = v;
            }
        }
        foreach (var l in Logs) { See(l.Timestamp); }
        foreach (var m in Metrics) { if (m.Count > 0) { See(DateTimeOffset.FromUnixTimeMilliseconds((long)(m.Timestamps[^1] * 1000))); } }
        foreach (var e in Events) { See(e.LastSeen ?? e.FirstSeen); }
        foreach (var c in Changes) { See(c.Time); }
        foreach (var a in Alerts) { See(a.StartsAt); }
        return max;
    }
}

/// <summary>One file of a bundle and what was read from it.</summary>
/// <param name="Path">Bundle-relative path.</param>
/// <param name="Kind">What the reader recognised it as (logs, metrics, k8s, events, changes, alerts, traces, incident).</param>
/// <param name="Items">How many evidence items it gave.</param>
public sealed record SourceFile(string Path, string Kind, int Items);
