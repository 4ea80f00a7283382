using Firefighter.Evidence;

namespace Firefighter.Metrics;

/// <summary>Per-service, per-metric move at a split time, judged against the pod's own short baseline and against the same metric's move in
/// the other services (a service that moves like everyone else is not the culprit).</summary>
/// <remarks>Own baseline: median and MAD of the samples before the split, the MAD floored at 5% of the level, at half the range when the
/// baseline is a few samples, and for counters at their Poisson noise; the score is the median deviation after the split, so a bad minute
/// that comes and goes is not a move. Peers: for each metric, the median and MAD of |z| over the services that have it. Never throws.</remarks>
public static class MetricShifts
{
    private const double Moved = 3;
    private const int MinPeers = 3;
    private const double FullZ = 50;
    private const double LocalBaseline = 6 * 60;
    private const double LocalAfter = 3 * 60;

    /// <summary>One shift per (service, metric) that has samples on both sides of <paramref name="split"/> (Unix seconds).</summary>
    /// <param name="rates">The series as rates (<see cref="ScreeningFindings.AsRates"/>).</param>
    /// <param name="split">The split time, Unix seconds.</param>
    /// <param name="serviceOf">Maps a series' entity to its service; null skips the series.</param>
    public static IReadOnlyList<ServiceMetricShift> Compute(IReadOnlyList<MetricSeries> rates, double split, Func<EntityRef, string?> serviceOf)
    {
        var best = new Dictionary<(string Service, string Metric), (double Z, double First, MetricSeries Series)>();
        foreach (var s in rates)
        {
            // A node's series carried on a pod's labels (node_exporter's node_* names) describe the node and every pod on it, not this pod.
            if (s.Name.StartsWith("node_", StringComparison.Ordinal) || serviceOf(MetricEntities.For(s)) is not { } svc)
            {
                continue;
            }
            var (z, up, first) = Score(s, split);
            var signed = up ? z : -z;
            var key = (svc, s.Name);
            if (!best.TryGetValue(key, out var b) || Math.Abs(signed) > Math.Abs(b.Z))
            {
                best[key] = (signed, first, s);
            }
        }
        var peers = new Dictionary<string, (double Median, double Scale, int Count)>(StringComparer.Ordinal);
        foreach (var g in best.GroupBy(kv => kv.Key.Metric, StringComparer.Ordinal))
        {
            var abs = g.Select(kv => Math.Log(1 + Math.Min(FullZ, Math.Abs(kv.Value.Z)))).Order().ToArray();
            var med = RobustStats.QuantileSorted(abs, 0.5);
            var mad = RobustStats.QuantileSorted(abs.Select(x => Math.Abs(x - med)).Order().ToArray(), 0.5);
            peers[g.Key] = (med, Math.Max(1.4826 * mad, 0.25), abs.Length);
        }
        var result = new List<ServiceMetricShift>(best.Count);
        foreach (var ((svc, metric), (z, first, series)) in best.OrderBy(kv => kv.Key.Service, StringComparer.Ordinal).ThenBy(kv => kv.Key.Metric, StringComparer.Ordinal))
        {
            var p = peers[metric];
            // On a log scale: a move of 10x its noise among peers that moved 2x stands out, a move of 200 among moves of 150 does not.
            var peer = p.Count < MinPeers ? 0 : Math.Max(0, (Math.Log(1 + Math.Min(FullZ, Math.Abs(z))) - p.Median) / p.Scale);
            result.Add(new ServiceMetricShift(svc, metric, Kind(metric), z, peer, double.IsNaN(first) ? null : MetricEntities.ToTime(first),
                MetricEntities.Cite(series, series.Timestamps[0], series.Timestamps[^1])));
        }
        return result;
    }

    /// <summary>The start of the latest episode in [<paramref name="from"/>, <paramref name="to"/>] during which the series moved most: every
    /// sample time is a candidate, scored by the sum over series of log(1 + robust z) against the few minutes before it; the candidates
    /// within a quarter of the best form episodes, and the strongest time of the latest episode wins. NaN when none.</summary>
    /// <remarks>Faults come and go: an earlier episode that is over is history, the latest one is the incident. Ties go to the earlier time.</remarks>
    public static double BestSplit(IReadOnlyList<MetricSeries> rates, double from = double.NegativeInfinity, double to = double.PositiveInfinity)
    {
        var times = new SortedSet<double>();
        foreach (var s in rates)
        {
            foreach (var t in s.Timestamps)
            {
                if (t >= from && t <= to)
                {
                    times.Add(t);
                }
            }
        }
        if (times.Count == 0)
        {
            return double.NaN;
        }
        // Samples of different pods land a second apart: one candidate per step.
        var candidates = new List<double>();
        foreach (var t in times)
        {
            if (candidates.Count == 0 || t - candidates[^1] >= 30)
            {
                candidates.Add(t);
            }
        }
        var scores = new double[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            var t = candidates[i] - 15;
            foreach (var s in rates)
            {
                scores[i] += Math.Log(1 + Math.Min(Score(s, t, LocalBaseline, LocalAfter, minAfter: 2).Z, FullZ));
            }
        }
        var best = scores.Max();
        if (best <= 0)
        {
            return double.NaN;
        }
        var pick = -1;
        for (var i = candidates.Count - 1; i >= 0; i--)
        {
            if (scores[i] < 0.75 * best)
            {
                if (pick >= 0)
                {
                    break;
                }
                continue;
            }
            if (pick < 0 || scores[i] >= scores[pick])
            {
                pick = i;
            }
        }
        return candidates[pick] - 15;
    }

    /// <summary>The robust z of the series after <paramref name="split"/> against its own baseline, whether it went up, and when it first moved.</summary>
    public static (double Z, bool Up, double First) Score(MetricSeries s, double split) => Score(s, split, double.PositiveInfinity, double.PositiveInfinity);

    /// <summary>As <see cref="Score(MetricSeries, double)"/> with the baseline limited to <paramref name="baselineSeconds"/> before the split
    /// and the samples after it to <paramref name="afterSeconds"/>.</summary>
    /// <param name="s">The series.</param>
    /// <param name="split">The split time, Unix seconds.</param>
    /// <param name="baselineSeconds">How far back the baseline reaches.</param>
    /// <param name="afterSeconds">How far after the split samples count.</param>
    /// <param name="minAfter">Fewer samples after the split than this score 0 (the median of one sample is noise).</param>
    public static (double Z, bool Up, double First) Score(MetricSeries s, double split, double baselineSeconds, double afterSeconds, int minAfter = 1)
    {
        var t = s.Timestamps;
        var v = s.Values;
        var begin = 0;
        while (begin < t.Length && t[begin] < split - baselineSeconds)
        {
            begin++;
        }
        var at = begin;
        while (at < t.Length && t[at] < split)
        {
            at++;
        }
        var end = at;
        while (end < t.Length && t[end] <= split + afterSeconds)
        {
            end++;
        }
        if (at - begin < 2 || end - at < Math.Max(1, minAfter))
        {
            return (0, false, double.NaN);
        }
        t = t.AsSpan(begin, end - begin).ToArray();
        v = v.AsSpan(begin, end - begin).ToArray();
        at -= begin;
        var buffer = new double[at];
        var n = RobustStats.SortFinite(v.AsSpan(0, at), buffer);
        if (n < 2)
        {
            return (0, false, double.NaN);
        }
        var sorted = buffer.AsSpan(0, n);
        var med = RobustStats.QuantileSorted(sorted, 0.5);
        // MAD, not IQR: faults come every few minutes, and a baseline that holds the last one (a third of its samples) must not
        // pass for noise.
        var deviations = new double[n];
        for (var k = 0; k < n; k++)
        {
            deviations[k] = Math.Abs(sorted[k] - med);
        }
        Array.Sort(deviations);
        var scale = 1.4826 * RobustStats.QuantileSorted(deviations, 0.5);
        scale = Math.Max(scale, Math.Max(0.05 * Math.Abs(med), 1e-9));
        if (n < 5)
        {
            // A few samples of baseline underestimate the noise as often as not: half the range is a safer floor.
            scale = Math.Max(scale, (sorted[n - 1] - sorted[0]) / 2);
        }
        if (IsCounterName(s.Name))
        {
            // A rate of counted events is Poisson noise at least: sqrt(count) per step.
            var dt = (t[at - 1] - t[0]) / Math.Max(1, at - 1);
            if (dt > 0)
            {
                scale = Math.Max(scale, Math.Sqrt(Math.Max(1, Math.Abs(med) * dt)) / dt);
            }
        }
        var post = new List<double>(v.Length - at);
        var first = double.NaN;
        for (var k = Math.Max(1, at - 1); k < v.Length; k++)
        {
            var d = (v[k] - med) / scale;
            if (!double.IsFinite(d))
            {
                continue;
            }
            if (k >= at)
            {
                post.Add(d);
            }
            // A move is two consecutive samples beyond the noise (or the last one).
            if (double.IsNaN(first) && Math.Abs(d) > Moved && (k + 1 >= v.Length || Math.Abs((v[k + 1] - med) / scale) > Moved))
            {
                first = t[k];
            }
        }
        if (post.Count == 0)
        {
            return (0, false, double.NaN);
        }
        post.Sort();
        var mid = post.Count % 2 == 1 ? post[post.Count / 2] : (post[(post.Count / 2) - 1] + post[post.Count / 2]) / 2;
        return (Math.Abs(mid), mid > 0, first);
    }

    /// <summary>What a metric measures, from generic words in its name: <c>cpu</c>, <c>memory</c>, <c>latency</c>, <c>errors</c>, <c>traffic</c>, <c>other</c>.</summary>
    public static string Kind(string name)
    {
        var n = name.ToLowerInvariant();
        if (n.Contains("cpu", StringComparison.Ordinal))
        {
            return "cpu";
        }
        if (n.Contains("memory", StringComparison.Ordinal) || n.Contains("heap", StringComparison.Ordinal) || n.Contains("rss", StringComparison.Ordinal)
            || n.Contains("working_set", StringComparison.Ordinal))
        {
            return "memory";
        }
        if (n.Contains("error", StringComparison.Ordinal) || n.Contains("5xx", StringComparison.Ordinal) || n.Contains("fail", StringComparison.Ordinal))
        {
            return "errors";
        }
        if (n.Contains("latency", StringComparison.Ordinal) || n.Contains("duration", StringComparison.Ordinal) || n.Contains("seconds", StringComparison.Ordinal))
        {
            return "latency";
        }
        return n.Contains("byte", StringComparison.Ordinal) || n.Contains("request", StringComparison.Ordinal)
            || n.Contains("network", StringComparison.Ordinal) || n.Contains("packets", StringComparison.Ordinal)
            ? "traffic" : "other";
    }

    private static bool IsCounterName(string name) =>
        (name.EndsWith("_total", StringComparison.Ordinal) || name.EndsWith("_count", StringComparison.Ordinal))
        && !name.Contains("seconds", StringComparison.Ordinal);
}
