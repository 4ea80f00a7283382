using Firefighter.Evidence;
namespace Firefighter.Metrics;

/// <summary>Finds when an incident started: the earliest significant level shift across series (used by the correlator and screening).</summary>
public static class OnsetDetector
{
    /// <summary>Robust z a change must reach to count as significant.</summary>
    public const double DefaultMinZ = 5.0;

    /// <summary>Returns the earliest change point whose robust z is at least <paramref name="minZ"/> across <paramref name="series"/>, or null when nothing changed.</summary>
    /// <param name="series">Series to scan; each gets its single most significant shift.</param>
    /// <param name="minZ">Significance threshold in robust z (shift over the pre-change robust scale).</param>
    public static Onset? Find(IEnumerable<MetricSeries> series, double minZ = DefaultMinZ)
    {
        var list = series as IReadOnlyList<MetricSeries> ?? [.. series];
        // Each series' change point is independent work (a linear scan and three small sorts); the choice among them is
        // made afterwards in series order, so the answer does not depend on scheduling.
        var found = new ChangePoint?[list.Count];
        Parallel.For(0, list.Count, i => found[i] = ChangePointFinder.Find(list[i].Timestamps, list[i].Values, minZ));
        Onset? best = null;
        for (var i = 0; i < list.Count; i++)
        {
            var cp = found[i];
            if (cp is null || cp.RobustZ < minZ)
            {
                continue;
            }
            // Ties at the same time go to the larger shift: it is the better explanation of the onset.
            if (best is null || cp.Time < best.Time || (cp.Time == best.Time && cp.RobustZ > best.Change.RobustZ))
            {
                best = new Onset(cp.Time, list[i], cp);
            }
        }
        return best;
    }
}
