namespace Firefighter.Sources.Prometheus;

/// <summary>Connection settings for <see cref="PrometheusClient"/> (Prometheus, Thanos, Mimir, VictoriaMetrics).</summary>
public sealed record PrometheusClientOptions
{
    /// <summary>Bearer token sent as <c>Authorization: Bearer</c>.</summary>
    public string? BearerToken { get; init; }

    /// <summary>Basic auth user (with <see cref="Password"/>).</summary>
    public string? Username { get; init; }

    /// <summary>Basic auth password.</summary>
    public string? Password { get; init; }

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt for transient failures (connection errors, 5xx, 429, <c>unavailable</c>).</summary>
    public int Retries { get; init; } = 3;

    /// <summary>First backoff delay; doubles on each retry.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Accept any server certificate (self-signed test clusters only).</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>Most points per series a range query may ask for (Prometheus rejects more than 11,000).</summary>
    public int MaxPoints { get; init; } = 11_000;
}
