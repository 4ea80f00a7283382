using Firefighter.Evidence;

namespace Firefighter.Prevention.Backtests;

/// <summary>Applies an alerting rule's <c>for</c> to its expression's results over evaluation steps, as Prometheus's rule manager does.</summary>
public static class ForEvaluator
{
    /// <summary>Episodes from a range-query result evaluated at <c>start + k*step</c>: a series present at a step means the expression held there.</summary>
    /// <remarks>Pending starts at the first step the series is returned; it fires at the first step where <c>t - activeAt &gt;= for</c>; a missing step ends it.</remarks>
    public static IReadOnlyList<AlertEpisode> Episodes(IReadOnlyList<MetricSeries> result, long start, long step, int steps, TimeSpan forDuration)
    {
        var episodes = new List<AlertEpisode>();
        var forSeconds = (long)forDuration.TotalSeconds;
        foreach (var s in result)
        {
            var present = new bool[steps];
            for (var i = 0; i < s.Count; i++)
            {
                var k = (long)Math.Round((s.Timestamps[i] - start) / step);
                if (k >= 0 && k < steps && !double.IsNaN(s.Values[i]))
                {
                    present[k] = true;
                }
            }
            long? activeAt = null;
            long? firedAt = null;
            for (var k = 0; k <= steps; k++)
            {
                var t = start + (k * step);
                if (k < steps && present[k])
                {
                    activeAt ??= t;
                    if (firedAt is null && t - activeAt.Value >= forSeconds)
                    {
                        firedAt = t;
                    }
                    continue;
                }
                if (activeAt is { } a)
                {
                    episodes.Add(new AlertEpisode(s.Labels, At(a), firedAt is { } f ? At(f) : null, k < steps ? At(t) : null));
                    activeAt = null;
                    firedAt = null;
                }
            }
        }
        return [.. episodes.OrderBy(e => e.FiredAt ?? e.ActiveAt)];
    }

    private static DateTimeOffset At(long unix) => DateTimeOffset.FromUnixTimeSeconds(unix);
}
