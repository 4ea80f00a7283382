using Firefighter.Evidence;
namespace Firefighter.Metrics;

/// <summary>Ranks many series by how significantly they changed at an onset against the pre-onset baseline (median/IQR, as BARO does).</summary>
public static class SeriesScreener
{
    /// <summary>Score above which a series counts as having moved.</summary>
    public const double Significant = 3.0;

    /// <summary>Screens <paramref name="series"/> at <paramref name="onset"/> (Unix seconds); when null the onset is found first with <see cref="OnsetDetector"/>.</summary>
    /// <remarks>Parallel over series, linear in points apart from sorting each baseline.</remarks>
    public static ScreenResult Screen(IReadOnlyList<MetricSeries> series, double? onset = null)
    {
        var t0 = onset ?? OnsetDetector.Find(series)?.Time ?? double.NaN;
        if (double.IsNaN(t0))
        {
            return new ScreenResult(double.NaN, [], [], null);
        }
        var results = new ScreenedSeries?[series.Count];
        Parallel.For(0, series.Count, () => new double[512], (i, _, buffer) =>
        {
            var s = series[i];
            var split = LowerBound(s.Timestamps, t0);
            if (split < 2 || split >= s.Count)
            {
                return buffer;
            }
            var n = RobustStats.SortSampled(s.Values.AsSpan(0, split), buffer, buffer.Length);
            if (n < 2)
            {
                return buffer;
            }
            var sorted = buffer.AsSpan(0, n);
            var med = RobustStats.QuantileSorted(sorted, 0.5);
            var iqr = RobustStats.QuantileSorted(sorted, 0.75) - RobustStats.QuantileSorted(sorted, 0.25);
            if (iqr <= 0)
            {
                iqr = (RobustStats.QuantileSorted(sorted, 0.95) - RobustStats.QuantileSorted(sorted, 0.05)) / 2.44;
            }
            iqr = RobustStats.Floor(iqr, med);
            var max = 0.0;
            var firstMove = double.NaN;
            // Look a few samples before the onset too: a cause may lead the symptom that defined the onset.
            var from = Math.Max(1, split - 3);
            var v = s.Values;
            for (var k = from; k < v.Length; k++)
            {
                var d = Math.Abs(v[k] - med) / iqr;
                if (!double.IsFinite(d))
                {
                    continue;
                }
                if (k >= split && d > max)
                {
                    max = d;
                }
                if (double.IsNaN(firstMove) && d > Significant)
                {
                    firstMove = s.Timestamps[k];
                }
            }
            var after = RobustStats.Median(v.AsSpan(split));
            results[i] = new ScreenedSeries(s, max, med, after, max > Significant ? firstMove : double.NaN);
            return buffer;
        }, _ => { });
        var ranked = results.Where(r => r is not null).Select(r => r!).OrderByDescending(r => r.Score).ToList();
        var entities = ranked.GroupBy(r => MetricEntities.For(r.Series))
            .Select(g => new ScreenedEntity(g.Key, g.First().Score, g.Where(r => !double.IsNaN(r.FirstMove)).Select(r => r.FirstMove).DefaultIfEmpty(double.NaN).Min(), [.. g]))
            .OrderByDescending(e => e.Score)
            .ToList();
        var firstMover = ranked.Where(r => !double.IsNaN(r.FirstMove)).OrderBy(r => r.FirstMove).ThenByDescending(r => r.Score).FirstOrDefault();
        return new ScreenResult(t0, ranked, entities, firstMover);
    }

    private static int LowerBound(double[] sorted, double value)
    {
        var lo = 0;
        var hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
