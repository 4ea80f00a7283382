using Prometheus;

namespace Firefighter.Server;

/// <summary>The server's own metrics (prometheus-net, one registry per server so several servers in a process do not share counts).</summary>
public sealed class ServerMetrics
{
    /// <summary>Creates the metrics in a new registry.</summary>
    public ServerMetrics()
    {
        Registry = global::Prometheus.Metrics.NewCustomRegistry();
        var f = global::Prometheus.Metrics.WithCustomRegistry(Registry);
        AlertsReceived = f.CreateCounter("ff_alerts_received_total", "Alertmanager webhook posts by outcome (accepted, deduplicated, rejected).", "outcome");
        QueueDepth = f.CreateGauge("ff_queue_depth", "Jobs pending or being investigated.");
        Investigations = f.CreateCounter("ff_investigations_total", "Investigations by outcome (ok, retry, failed).", "outcome");
        Duration = f.CreateHistogram("ff_investigation_duration_seconds", "Time to collect and investigate one job.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.25, 2, 10) });
        Notifications = f.CreateCounter("ff_notifications_total", "Notifications by channel and outcome.", "channel", "outcome");
    }

    /// <summary>The registry served at /metrics.</summary>
    public CollectorRegistry Registry { get; }

    public Counter AlertsReceived { get; }

    public Gauge QueueDepth { get; }

    public Counter Investigations { get; }

    public Histogram Duration { get; }

    public Counter Notifications { get; }
}
