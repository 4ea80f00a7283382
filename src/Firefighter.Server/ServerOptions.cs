using Firefighter.Sources.Collect;

namespace Firefighter.Server;

/// <summary>How <c>ff serve</c> listens, stores, collects, investigates and notifies.</summary>
public sealed record ServerOptions
{
    /// <summary>Listen URL; loopback by default. A non-loopback address needs at least one token.</summary>
    public string Listen { get; init; } = "http://127.0.0.1:8080";

    /// <summary>SQLite database file (created; WAL journal).</summary>
    public string Database { get; init; } = "ff-incidents.db";

    /// <summary>Directory where each investigation's collected bundle is kept.</summary>
    public string BundleDirectory { get; init; } = "ff-bundles";

    /// <summary>Tokens that may read (API GETs, the UI).</summary>
    public IReadOnlyList<string> ReadTokens { get; init; } = [];

    /// <summary>Tokens that may read and write (post alerts, change status, re-investigate).</summary>
    public IReadOnlyList<string> WriteTokens { get; init; } = [];

    /// <summary>Largest request body accepted (Alertmanager caps a group at its <c>max_alerts</c>; 1 MiB holds hundreds).</summary>
    public long MaxBodyBytes { get; init; } = 1L << 20;

    /// <summary>Concurrent investigations.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Attempts of one job before it is marked failed (and reported, never dropped).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>The live sources each job collects from; the alert payload is set per job.</summary>
    public CollectOptions Collect { get; init; } = new();

    /// <summary>Signature directories (built-ins first).</summary>
    public IReadOnlyList<string> SignatureDirectories { get; init; } = [];

    /// <summary>Slack incoming-webhook URL; null sends nothing to Slack.</summary>
    public Uri? SlackWebhook { get; init; }

    /// <summary>Generic JSON webhook URL; null sends nothing.</summary>
    public Uri? Webhook { get; init; }

    /// <summary>Attempts per notification.</summary>
    public int NotifyAttempts { get; init; } = 4;

    /// <summary>First retry delay of a notification (doubles each time).</summary>
    public TimeSpan NotifyBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Least time between two notifications of the same kind for one alert group.</summary>
    public TimeSpan NotifyMinInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Base URL put in notification links (default: <see cref="Listen"/>).</summary>
    public string? PublicUrl { get; init; }

    /// <summary>When false, workers do not start (accept-only; tests of durability).</summary>
    public bool StartWorkers { get; init; } = true;
}
