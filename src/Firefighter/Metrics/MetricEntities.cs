using Firefighter.Evidence;

namespace Firefighter.Metrics;

/// <summary>Maps a series' labels to the entity it is about, and builds its citation.</summary>
public static class MetricEntities
{
    /// <summary>Pod from <c>pod</c>(+<c>namespace</c>); else the claim, workload or service the labels name; else Service from <c>job</c>; else Node/Host; else the metric.</summary>
    /// <remarks>The <c>job</c> label names the scraper (often <c>kubelet</c>), so it ranks below labels that name the thing measured.</remarks>
    public static EntityRef For(MetricSeries series)
    {
        var ns = series.Label("namespace");
        if (series.Label("pod") is { Length: > 0 } pod)
        {
            return new EntityRef("Pod", ns, pod);
        }
        if (series.Label("persistentvolumeclaim") is { Length: > 0 } claim)
        {
            return new EntityRef("PersistentVolumeClaim", ns, claim);
        }
        foreach (var (label, kind) in WorkloadLabels)
        {
            if (series.Label(label) is { Length: > 0 } name)
            {
                return new EntityRef(kind, ns, name);
            }
        }
        if ((series.Label("service") ?? series.Label("job")) is { Length: > 0 } svc)
        {
            return new EntityRef("Service", ns, svc);
        }
        if (series.Label("node") is { Length: > 0 } node)
        {
            return new EntityRef("Node", null, node);
        }
        if (series.Label("instance") is { Length: > 0 } inst)
        {
            return new EntityRef("Host", null, inst);
        }
        return new EntityRef("Metric", null, series.Name);
    }

    private static readonly (string Label, string Kind)[] WorkloadLabels =
    [
        ("deployment", "Deployment"), ("statefulset", "StatefulSet"), ("daemonset", "DaemonSet"), ("service", "Service"),
    ];

    /// <summary>The series' own reference with <c>Field</c> = series id and the time range as excerpt.</summary>
    public static EvidenceRef Cite(MetricSeries series, double from, double to) =>
        series.Ref with { Field = series.Id, Excerpt = $"{ToTime(from):yyyy-MM-ddTHH:mm:ssZ} .. {ToTime(to):yyyy-MM-ddTHH:mm:ssZ}" };

    /// <summary>Unix seconds to a UTC time.</summary>
    public static DateTimeOffset ToTime(double unixSeconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(unixSeconds * 1000));

    /// <summary>Invariant short number formatting for attributes.</summary>
    public static string Format(double v) => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
}
