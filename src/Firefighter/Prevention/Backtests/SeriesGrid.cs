using Firefighter.Evidence;
using Firefighter.Prevention.Rules;

namespace Firefighter.Prevention.Backtests;

/// <summary>Series resampled onto a regular grid the way an instant query sees them: at each grid time, the latest sample within the lookback.</summary>
public sealed class SeriesGrid
{
    /// <summary>Prometheus's default lookback (5 minutes).</summary>
    public static readonly TimeSpan DefaultLookback = TimeSpan.FromMinutes(5);

    private SeriesGrid(long start, long step, int steps, IReadOnlyList<MetricSeries> series, IReadOnlyList<double?[]> values)
    {
        Start = start;
        Step = step;
        Steps = steps;
        Series = series;
        Values = values;
    }

    /// <summary>Unix seconds of grid point 0.</summary>
    public long Start { get; }

    /// <summary>Seconds between grid points.</summary>
    public long Step { get; }

    /// <summary>Number of grid points.</summary>
    public int Steps { get; }

    /// <summary>The source series (merged by id), parallel to <see cref="Values"/>.</summary>
    public IReadOnlyList<MetricSeries> Series { get; }

    /// <summary>Per series, the value at each grid point, null where no sample is within the lookback.</summary>
    public IReadOnlyList<double?[]> Values { get; }

    /// <summary>Resamples <paramref name="series"/> onto <c>start + k*step</c> for k in [0, steps).</summary>
    public static SeriesGrid Build(IReadOnlyList<MetricSeries> series, long start, long step, int steps, TimeSpan? lookback = null)
    {
        var lb = (lookback ?? DefaultLookback).TotalSeconds;
        var values = new List<double?[]>(series.Count);
        foreach (var s in series)
        {
            var v = new double?[steps];
            var j = -1;
            for (var k = 0; k < steps; k++)
            {
                var t = start + (k * step);
                while (j + 1 < s.Count && s.Timestamps[j + 1] <= t)
                {
                    j++;
                }
                // Walk back over NaN samples: they are treated as missing.
                var i = j;
                while (i >= 0 && double.IsNaN(s.Values[i]))
                {
                    i--;
                }
                v[k] = i >= 0 && t - s.Timestamps[i] < lb ? s.Values[i] : null;
            }
            values.Add(v);
        }
        return new SeriesGrid(start, step, steps, series, values);
    }

    /// <summary>Merges series with the same id (several files may hold the same series) and drops those that cannot be stored (no valid metric name).</summary>
    public static IReadOnlyList<MetricSeries> Normalize(IReadOnlyList<MetricSeries> series, ICollection<string>? skipped = null)
    {
        var byId = new Dictionary<string, List<MetricSeries>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var s in series)
        {
            if (!PromQlNames.IsMetricName(s.Name) || s.Labels.Keys.Any(k => !PromQlNames.IsLabelName(k)))
            {
                skipped?.Add($"{s.Id} ({s.Ref}): not a storable metric name or label set");
                continue;
            }
            if (!byId.TryGetValue(s.Id, out var list))
            {
                byId[s.Id] = list = [];
                order.Add(s.Id);
            }
            list.Add(s);
        }
        var result = new List<MetricSeries>(order.Count);
        foreach (var id in order)
        {
            var parts = byId[id];
            if (parts.Count == 1)
            {
                result.Add(parts[0]);
                continue;
            }
            var merged = new SortedDictionary<double, double>();
            foreach (var p in parts)
            {
                for (var i = 0; i < p.Count; i++)
                {
                    merged[p.Timestamps[i]] = p.Values[i];
                }
            }
            result.Add(parts[0] with { Timestamps = [.. merged.Keys], Values = [.. merged.Values] });
        }
        return result;
    }
}
