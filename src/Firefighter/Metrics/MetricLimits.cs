using Firefighter.Evidence;
namespace Firefighter.Metrics;

/// <summary>Pairs a usage series with a limit series: a series whose name contains "limit" and that shares the pod (and container, when both have one).</summary>
public static class MetricLimits
{
    /// <summary>The latest limit value for <paramref name="usage"/> from <paramref name="all"/>, with the limit series; null when none is known.</summary>
    public static (double Value, MetricSeries Series)? Find(MetricSeries usage, IEnumerable<MetricSeries> all)
    {
        if (IsLimit(usage))
        {
            return null;
        }
        var pod = usage.Label("pod");
        var container = usage.Label("container");
        if (usage.Label("limit") is { } l && double.TryParse(l, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var lv) && lv > 0)
        {
            return (lv, usage);
        }
        foreach (var s in all)
        {
            if (!IsLimit(s) || s.Count == 0 || pod is null || s.Label("pod") != pod || !SameFamily(usage, s))
            {
                continue;
            }
            if (container is not null && s.Label("container") is { } c && c != container)
            {
                continue;
            }
            for (var i = s.Count - 1; i >= 0; i--)
            {
                if (double.IsFinite(s.Values[i]) && s.Values[i] > 0)
                {
                    return (s.Values[i], s);
                }
            }
        }
        return null;
    }

    /// <summary>True when the series name says it is a limit or capacity.</summary>
    public static bool IsLimit(MetricSeries s) => s.Name.Contains("limit", StringComparison.OrdinalIgnoreCase) || s.Name.Contains("capacity", StringComparison.OrdinalIgnoreCase);

    /// <summary>Memory goes with memory limits, CPU with CPU limits; names without a resource word pair with anything.</summary>
    private static bool SameFamily(MetricSeries usage, MetricSeries limit)
    {
        foreach (var word in new[] { "memory", "cpu", "disk", "fs", "storage", "connections" })
        {
            var u = usage.Name.Contains(word, StringComparison.OrdinalIgnoreCase);
            var l = limit.Name.Contains(word, StringComparison.OrdinalIgnoreCase);
            if (u || l)
            {
                return u && l;
            }
        }
        return true;
    }
}
