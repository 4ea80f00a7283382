using Firefighter.Evidence;
using Firefighter.Metrics;
using Firefighter.Analysis;
using Firefighter.Hypotheses;

namespace Firefighter.Reports;

/// <summary>Chooses the metric series worth charting: those behind the top hypothesis, then error ratios; downsampled for display.</summary>
public static class ChartPicker
{
    private const int MaxCharts = 6;
    private const int MaxPoints = 240;

    /// <summary>The charts for the report.</summary>
    public static IReadOnlyList<ChartSeries> Pick(EvidenceSet evidence, Hypothesis? top, IReadOnlyList<Finding> findings)
    {
        var byId = new Dictionary<string, MetricSeries>(StringComparer.Ordinal);
        foreach (var s in evidence.Metrics)
        {
            byId.TryAdd(s.Id, s);
        }
        var wanted = new List<(string Title, MetricSeries Series)>();
        void Want(string title, string? id)
        {
            if (id is not null && byId.TryGetValue(id, out var s) && wanted.All(w => w.Series != s) && wanted.Count < MaxCharts)
            {
                wanted.Add((title, s));
            }
        }
        var cited = top?.Evidence.SelectMany(c => c.Refs).Select(r => r.Field).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var f in findings.Where(f => f.Kind.StartsWith("metrics.", StringComparison.Ordinal)).OrderByDescending(f => f.Strength))
        {
            var id = f.Attr("series") ?? (f.Evidence.Count > 0 ? f.Evidence[0].Field : null);
            if (id is not null && (cited.Contains(id) || top is null))
            {
                Want(f.Title, id);
            }
        }
        foreach (var s in evidence.Metrics.Where(ErrorRatio.Is))
        {
            Want(s.Name, s.Id);
        }
        return wanted.Select(w => new ChartSeries(w.Title, w.Series.Id, UnitOf(w.Series.Name), Downsample(w.Series), w.Series.Ref)).ToList();
    }

    private static string UnitOf(string name) =>
        name.EndsWith("_bytes", StringComparison.Ordinal) ? "bytes"
        : name.EndsWith("_seconds", StringComparison.Ordinal) ? "seconds"
        : name.Contains("ratio", StringComparison.Ordinal) ? "ratio"
        : "";

    private static List<double[]> Downsample(MetricSeries s)
    {
        var step = Math.Max(1, (int)Math.Ceiling(s.Count / (double)MaxPoints));
        var points = new List<double[]>();
        for (var i = 0; i < s.Count; i += step)
        {
            // Keep the window's maximum so spikes survive downsampling.
            var maxIndex = i;
            for (var j = i; j < Math.Min(s.Count, i + step); j++)
            {
                if (double.IsFinite(s.Values[j]) && (!double.IsFinite(s.Values[maxIndex]) || s.Values[j] > s.Values[maxIndex]))
                {
                    maxIndex = j;
                }
            }
            points.Add([s.Timestamps[maxIndex], double.IsFinite(s.Values[maxIndex]) ? s.Values[maxIndex] : 0]);
        }
        return points;
    }
}
