using Firefighter.Evidence;
using Firefighter.Investigation;

namespace Firefighter.Metrics;

/// <summary>Finds level shifts (<c>metrics.level_shift</c>) and spikes (<c>metrics.spike</c>) in every metric series.</summary>
public sealed class ShiftsAnalyzer : IAnalyzer
{
    /// <summary>Robust z a shift must reach to be reported.</summary>
    public const double MinShiftZ = 5.0;

    /// <summary>Robust z a single sample must reach to be a spike.</summary>
    public const double MinSpikeZ = 10.0;

    /// <inheritdoc/>
    public string Name => "metrics.shifts";

    /// <inheritdoc/>
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var findings = new List<Finding>();
        foreach (var s in context.Evidence.Metrics)
        {
            if (s.Count < 2 * ChangePointFinder.MinSegment)
            {
                continue;
            }
            var entity = MetricEntities.For(s);
            var cite = MetricEntities.Cite(s, s.Timestamps[0], s.Timestamps[^1]);
            var cp = ChangePointFinder.Find(s.Timestamps, s.Values);
            if (cp is not null && cp.RobustZ >= MinShiftZ)
            {
                var changeAt = MetricEntities.ToTime(cp.Time);
                findings.Add(new Finding("metrics.level_shift",
                    $"{s.Name} shifted {cp.Direction} from {MetricUnits.Human(cp.Before, s.Name)} to {MetricUnits.Human(cp.After, s.Name)} at {changeAt:yyyy-MM-ddTHH:mm:ssZ}",
                    entity, changeAt, null, Math.Min(1.0, cp.RobustZ / 20.0), [cite])
                {
                    Analyzer = Name,
                    Severity = cp.RobustZ >= 20 ? "critical" : "warning",
                    Attributes = new Dictionary<string, string>
                    {
                        ["metric"] = s.Name,
                        ["series"] = s.Id,
                        ["before"] = MetricEntities.Format(cp.Before),
                        ["after"] = MetricEntities.Format(cp.After),
                        ["changeAt"] = changeAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                        ["direction"] = cp.Direction,
                        ["robustZ"] = MetricEntities.Format(cp.RobustZ),
                    },
                });
            }
            if (FindSpike(s, cp) is { } spike)
            {
                findings.Add(spike with { Analyzer = Name });
            }
        }
        return AnalyzerResult.Of(findings);
    }

    /// <summary>The largest single-sample excursion against the median/scale of its own segment, when it is not just the level shift.</summary>
    private static Finding? FindSpike(MetricSeries s, ChangePoint? cp)
    {
        var bestZ = 0.0;
        var bestI = -1;
        var segments = cp is not null && cp.RobustZ >= MinShiftZ ? new[] { (0, cp.Index), (cp.Index, s.Count) } : [(0, s.Count)];
        foreach (var (from, to) in segments)
        {
            if (to - from < 5)
            {
                continue;
            }
            var (med, scale) = RobustStats.Describe(s.Values.AsSpan(from, to - from));
            for (var i = from; i < to; i++)
            {
                var z = Math.Abs(s.Values[i] - med) / scale;
                if (double.IsFinite(z) && z > bestZ)
                {
                    bestZ = z;
                    bestI = i;
                }
            }
        }
        if (bestI < 0 || bestZ < MinSpikeZ)
        {
            return null;
        }
        var at = MetricEntities.ToTime(s.Timestamps[bestI]);
        return new Finding("metrics.spike", $"{s.Name} spiked to {MetricUnits.Human(s.Values[bestI], s.Name)} at {at:yyyy-MM-ddTHH:mm:ssZ}",
            MetricEntities.For(s), at, null, Math.Min(1.0, bestZ / 40.0), [MetricEntities.Cite(s, s.Timestamps[bestI], s.Timestamps[bestI])])
        {
            Severity = "info",
            Attributes = new Dictionary<string, string>
            {
                ["metric"] = s.Name,
                ["series"] = s.Id,
                ["value"] = MetricEntities.Format(s.Values[bestI]),
                ["robustZ"] = MetricEntities.Format(bestZ),
            },
        };
    }
}
