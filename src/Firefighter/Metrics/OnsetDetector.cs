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
        Onset? best = null;
        foreach (var s in series)
        {
            var cp = ChangePointFinder.Find(s.Timestamps, s.Values);
            if (cp is null || cp.RobustZ < minZ)
            {
                continue;
            }
            // Ties at the same time go to the larger shift: it is the better explanation of the onset.
            if (best is null || cp.Time < best.Time || (cp.Time == best.Time && cp.RobustZ > best.Change.RobustZ))
            {
                best = new Onset(cp.Time, s, cp);
            }
        }
        return best;
    }
}
