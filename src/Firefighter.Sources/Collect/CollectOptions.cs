using Firefighter.Sources.Kubernetes;
using Firefighter.Sources.Prometheus;

namespace Firefighter.Sources.Collect;

/// <summary>What <c>ff collect</c> reads and how much: the alert, the live sources, the window and the size caps.</summary>
public sealed record CollectOptions
{
    /// <summary>The Alertmanager webhook body (version 4) that scopes the collection; null collects a namespace over an explicit window.</summary>
    public string? AlertJson { get; init; }

    /// <summary>Namespace to collect when the alert names none (or there is no alert).</summary>
    public string? Namespace { get; init; }

    /// <summary>How far before the alert's <c>startsAt</c> the window opens.</summary>
    public TimeSpan Lookback { get; init; } = TimeSpan.FromHours(3);

    /// <summary>Window start when there is no alert (default: end minus <see cref="Lookback"/>).</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>Window end (default: now).</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>The cluster to read; null skips Kubernetes.</summary>
    public KubeApiOptions? Kube { get; init; }

    /// <summary>Prometheus (or Thanos/Mimir) base URL; null skips metrics.</summary>
    public Uri? Prometheus { get; init; }

    /// <summary>Prometheus connection settings.</summary>
    public PrometheusClientOptions PrometheusOptions { get; init; } = new();

    /// <summary>Extra PromQL to fetch over the window (counters given bare are pushed down as <c>rate()</c>).</summary>
    public IReadOnlyList<string> Queries { get; init; } = [];

    /// <summary>Loki base URL; null skips Loki.</summary>
    public Uri? Loki { get; init; }

    /// <summary>Bearer token for Loki.</summary>
    public string? LokiToken { get; init; }

    /// <summary>Loki tenant (<c>X-Scope-OrgID</c>).</summary>
    public string? LokiTenant { get; init; }

    /// <summary>Most lines one Loki query returns (Loki's own default cap is 5000).</summary>
    public int LokiLimit { get; init; } = 5000;

    /// <summary>Most pods whose container logs are read from the API (pods named by the alert first, then unhealthy ones).</summary>
    public int MaxPods { get; init; } = 30;

    /// <summary>Most bytes of one container log (the newest part is kept).</summary>
    public long MaxLogBytes { get; init; } = 4L << 20;

    /// <summary>Most objects kept from one list.</summary>
    public int MaxObjectsPerList { get; init; } = 2000;

    /// <summary>Most series kept from one Prometheus query.</summary>
    public int MaxSeriesPerQuery { get; init; } = 500;

    /// <summary>Most bytes the whole bundle may hold; files past it are skipped and listed in the manifest.</summary>
    public long MaxTotalBytes { get; init; } = 256L << 20;
}
