using System.Globalization;
using Firefighter.Evidence;
using Firefighter.Analysis;

namespace Firefighter.Metrics;

/// <summary>Screens every metric series at the incident onset and reports, per component, how significantly it moved and which moved first
/// (<c>metrics.screen</c>); finds the onset from the metrics when nothing else gives it (<c>metrics.onset</c>).</summary>
/// <remarks>Counters (<c>_total</c>, <c>_count</c>) are screened as per-second rates, so a counter that keeps counting is not a change.
/// Series are grouped by the workload that owns their entity (pods of one Deployment are one component); the component's score is its best
/// series' robust z (median/IQR of the pre-onset baseline, as BARO does). Never throws.</remarks>
public static class ScreeningFindings
{
    /// <summary>At most this many components are reported.</summary>
    public const int MaxComponents = 20;

    /// <summary>The onset from the metrics alone (<see cref="OnsetDetector"/>), as a <c>metrics.onset</c> finding, or null when nothing shifted.</summary>
    public static Finding? FindOnset(IReadOnlyList<MetricSeries> metrics)
    {
        if (metrics.Count == 0)
        {
            return null;
        }
        var rates = AsRates(metrics);
        if (OnsetDetector.Find(rates) is not { } o)
        {
            return null;
        }
        var at = MetricEntities.ToTime(o.Time);
        return new Finding(MetricFindingKinds.Onset,
            $"Metrics first shifted at {at:yyyy-MM-ddTHH:mm:ssZ}: {o.Series.Name} {o.Change.Direction} from {MetricEntities.Format(o.Change.Before)} to {MetricEntities.Format(o.Change.After)}",
            MetricEntities.For(o.Series), at, null, Math.Min(1, o.Change.RobustZ / 20), [MetricEntities.Cite(o.Series, o.Time, o.Time)])
        {
            Severity = FindingSeverity.Info,
            Analyzer = MetricFindingKinds.Screen,
            Attributes = new Dictionary<string, string>
            {
                ["metric"] = o.Series.Name,
                ["series"] = o.Series.Id,
                ["robustZ"] = MetricEntities.Format(o.Change.RobustZ),
                ["direction"] = o.Change.Direction,
            },
        };
    }

    /// <summary>Screens <paramref name="metrics"/> at <paramref name="onset"/> and returns the screening and one <c>metrics.screen</c> finding per component that moved.</summary>
    /// <param name="metrics">All series of the investigation.</param>
    /// <param name="onset">The onset; when null, it is found from the metrics.</param>
    /// <param name="workloadOf">Maps a series' entity to the component it belongs to (its owning workload); identity when null.</param>
    public static (ScreenResult Screen, IReadOnlyList<Finding> Findings) Screen(IReadOnlyList<MetricSeries> metrics, DateTimeOffset? onset, Func<EntityRef, EntityRef>? workloadOf = null)
    {
        var empty = new ScreenResult(double.NaN, [], [], null);
        if (metrics.Count == 0)
        {
            return (empty, []);
        }
        var rates = AsRates(metrics);
        var screen = SeriesScreener.Screen(rates, onset is { } o ? o.ToUnixTimeMilliseconds() / 1000.0 : null);
        if (double.IsNaN(screen.Onset))
        {
            return (screen, []);
        }
        workloadOf ??= e => e;
        var moved = screen.Series.Where(s => s.Score > SeriesScreener.Significant).Select(s => (Entity: workloadOf(MetricEntities.For(s.Series)), Series: s)).ToList();
        var known = moved.Select(m => m.Entity).Distinct().ToList();
        var components = moved
            .GroupBy(m => Canonical(m.Entity, known), m => m.Series)
            .Select(g => (Entity: g.Key, Series: g.ToList(), Score: g.Max(s => s.Score),
                FirstMove: g.Where(s => !double.IsNaN(s.FirstMove)).Select(s => s.FirstMove).DefaultIfEmpty(double.NaN).Min()))
            .OrderByDescending(c => c.Score).ThenBy(c => c.FirstMove).ThenBy(c => c.Entity.ToString(), StringComparer.Ordinal)
            .Take(MaxComponents)
            .ToList();
        var moveOrder = components.Where(c => !double.IsNaN(c.FirstMove)).OrderBy(c => c.FirstMove).ThenByDescending(c => c.Score)
            .Select((c, i) => (c.Entity, Order: i + 1)).ToDictionary(x => x.Entity, x => x.Order);
        var inv = CultureInfo.InvariantCulture;
        var findings = new List<Finding>();
        for (var rank = 0; rank < components.Count; rank++)
        {
            var c = components[rank];
            var top = c.Series[0];
            var firstMove = double.IsNaN(c.FirstMove) ? screen.Onset : c.FirstMove;
            var peak = Peak(top, screen.Onset);
            var order = moveOrder.GetValueOrDefault(c.Entity);
            var metricsMoved = string.Join(",", c.Series.Select(s => s.Series.Name).Distinct().Take(10));
            findings.Add(new Finding(MetricFindingKinds.Screen,
                $"{c.Entity.Name} moved at the onset: {top.Series.Name} {top.Direction} from {MetricEntities.Format(top.Baseline)} to {MetricEntities.Format(top.After)}, peak {MetricEntities.Format(peak)} "
                + $"(robust z {(top.Score > 1000 ? ">1000" : top.Score.ToString("0.#", inv))}, #{rank + 1} of {components.Count} components{(order == 1 ? ", moved first" : "")})",
                c.Entity, MetricEntities.ToTime(firstMove), null, Math.Round(Math.Min(1, c.Score / 20), 3),
                c.Series.Take(3).Select(s => MetricEntities.Cite(s.Series, s.Series.Timestamps[0], s.Series.Timestamps[^1])).ToList())
            {
                Severity = FindingSeverity.Info,
                Analyzer = MetricFindingKinds.Screen,
                Attributes = new Dictionary<string, string>
                {
                    ["rank"] = (rank + 1).ToString(inv),
                    ["moveOrder"] = order == 0 ? "" : order.ToString(inv),
                    ["score"] = MetricEntities.Format(c.Score),
                    ["metric"] = top.Series.Name,
                    ["series"] = top.Series.Id,
                    ["metrics"] = metricsMoved,
                    ["before"] = MetricEntities.Format(top.Baseline),
                    ["after"] = MetricEntities.Format(top.After),
                    ["peak"] = MetricEntities.Format(peak),
                    ["direction"] = top.Direction,
                    ["firstMove"] = MetricEntities.ToTime(firstMove).ToString("O", inv),
                    ["onset"] = MetricEntities.ToTime(screen.Onset).ToString("O", inv),
                    ["seriesEntity"] = MetricEntities.For(top.Series).ToString(),
                },
            });
        }
        return (screen, findings);
    }

    // A Service and a workload of the same name are one component, and a series without a namespace (a CSV, a recording rule)
    // names the same component as a namespaced one: prefer the namespaced workload when exactly one matches.
    private static EntityRef Canonical(EntityRef e, List<EntityRef> known)
    {
        if (e.Kind != "Service" && e.Namespace is not null)
        {
            return e;
        }
        var same = known.Where(k => k != e && k.Name == e.Name && k.Namespace is not null && (e.Namespace is null || k.Namespace == e.Namespace))
            .OrderBy(k => k.Kind == "Service" ? 1 : 0).ThenBy(k => k.ToString(), StringComparer.Ordinal).ToList();
        return same.Count == 0 ? e : same[0];
    }

    // The post-onset value farthest from the baseline: a crash-looping counter's rate is mostly zero with spikes, its median says nothing.
    private static double Peak(ScreenedSeries s, double onset)
    {
        var peak = s.After;
        var v = s.Series.Values;
        for (var k = 0; k < v.Length; k++)
        {
            if (s.Series.Timestamps[k] >= onset && double.IsFinite(v[k]) && Math.Abs(v[k] - s.Baseline) > Math.Abs(peak - s.Baseline))
            {
                peak = v[k];
            }
        }
        return peak;
    }

    /// <summary>Counters become per-second rates (resets restart from zero); other series pass through unchanged.</summary>
    public static IReadOnlyList<MetricSeries> AsRates(IReadOnlyList<MetricSeries> metrics)
    {
        var result = new MetricSeries[metrics.Count];
        for (var i = 0; i < metrics.Count; i++)
        {
            result[i] = IsCounter(metrics[i]) ? Rate(metrics[i]) : metrics[i];
        }
        return result;
    }

    private static bool IsCounter(MetricSeries s)
    {
        if (s.Count < 3)
        {
            return false;
        }
        // A declared type (exposition TYPE line, Prometheus metadata) beats the name: a gauge called *_count stays a gauge,
        // a counter without _total, and a histogram's _bucket/_sum, become rates.
        var declared = s.Type switch
        {
            "counter" => !s.Name.EndsWith("_created", StringComparison.Ordinal),
            "histogram" or "summary" => s.Name.EndsWith("_bucket", StringComparison.Ordinal) || s.Name.EndsWith("_sum", StringComparison.Ordinal) || s.Name.EndsWith("_count", StringComparison.Ordinal),
            "gauge" or "gaugehistogram" or "info" or "stateset" => false,
            _ => (bool?)null,
        };
        if (declared == false || (declared is null && !(s.Name.EndsWith("_total", StringComparison.Ordinal) || s.Name.EndsWith("_count", StringComparison.Ordinal))))
        {
            return false;
        }
        // A gauge named like a counter (a ratio query saved under a counter's name) goes down often; a counter only on resets.
        var downs = 0;
        for (var k = 1; k < s.Count; k++)
        {
            downs += s.Values[k] < s.Values[k - 1] ? 1 : 0;
        }
        return downs <= Math.Max(1, s.Count / 20);
    }

    private static MetricSeries Rate(MetricSeries s)
    {
        var n = s.Count - 1;
        var ts = new double[n];
        var vs = new double[n];
        for (var k = 1; k < s.Count; k++)
        {
            var dt = s.Timestamps[k] - s.Timestamps[k - 1];
            var dv = s.Values[k] >= s.Values[k - 1] ? s.Values[k] - s.Values[k - 1] : s.Values[k];
            ts[k - 1] = s.Timestamps[k];
            vs[k - 1] = dt > 0 ? dv / dt : double.NaN;
        }
        return s with { Timestamps = ts, Values = vs };
    }
}
