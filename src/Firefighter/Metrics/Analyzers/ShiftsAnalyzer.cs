using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Metrics;

namespace Firefighter.Metrics.Analyzers;

/// <summary>Finds level shifts (<c>metrics.level_shift</c>) and spikes (<c>metrics.spike</c>) in every metric series.</summary>
/// <remarks>Counters (<c>_total</c>, <c>_count</c> that only go down on resets) are analysed as per-second rates: a raw counter always "shifts"
/// at its first increment, which would put the onset at the first request or restart rather than at the change in rate.</remarks>
public sealed class ShiftsAnalyzer : IAnalyzer
{
    /// <summary>Robust z a shift must reach to be reported.</summary>
    public const double MinShiftZ = 5.0;

    /// <summary>Robust z a single sample must reach to be a spike.</summary>
    public const double MinSpikeZ = 10.0;

    /// <inheritdoc/>
    public string Name => "metrics.shifts";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [MetricFindingKinds.LevelShift, MetricFindingKinds.Spike];

    /// <inheritdoc/>
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var findings = new List<Finding>();
        var metrics = context.Evidence.Metrics;
        var rates = ScreeningFindings.AsRates(metrics);
        for (var i = 0; i < rates.Count; i++)
        {
            var s = rates[i];
            var isRate = !ReferenceEquals(s, metrics[i]);
            var what = isRate ? $"rate of {s.Name}" : s.Name;
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
                findings.Add(new Finding(MetricFindingKinds.LevelShift,
                    $"{what} shifted {cp.Direction} from {Human(cp.Before, s.Name, isRate)} to {Human(cp.After, s.Name, isRate)} at {changeAt:yyyy-MM-ddTHH:mm:ssZ}",
                    entity, changeAt, null, Math.Min(1.0, cp.RobustZ / 20.0), [cite])
                {
                    Analyzer = Name,
                    Severity = cp.RobustZ >= 20 ? FindingSeverity.Critical : FindingSeverity.Warning,
                    Attributes = new Dictionary<string, string>
                    {
                        ["metric"] = s.Name,
                        ["series"] = s.Id,
                        ["before"] = MetricEntities.Format(cp.Before),
                        ["after"] = MetricEntities.Format(cp.After),
                        ["changeAt"] = changeAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                        ["direction"] = cp.Direction,
                        ["robustZ"] = MetricEntities.Format(cp.RobustZ),
                        ["rate"] = isRate ? "true" : "false",
                    },
                });
            }
            if (FindSpike(s, cp, what, isRate) is { } spike)
            {
                findings.Add(spike with { Analyzer = Name });
            }
        }
        return AnalyzerResult.Of(findings);
    }

    /// <summary>The largest single-sample excursion against the median/scale of its own segment, when it is not just the level shift.</summary>
    private static Finding? FindSpike(MetricSeries s, ChangePoint? cp, string what, bool isRate)
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
        return new Finding(MetricFindingKinds.Spike, $"{what} spiked to {Human(s.Values[bestI], s.Name, isRate)} at {at:yyyy-MM-ddTHH:mm:ssZ}",
            MetricEntities.For(s), at, null, Math.Min(1.0, bestZ / 40.0), [MetricEntities.Cite(s, s.Timestamps[bestI], s.Timestamps[bestI])])
        {
            Severity = FindingSeverity.Info,
            Attributes = new Dictionary<string, string>
            {
                ["metric"] = s.Name,
                ["series"] = s.Id,
                ["value"] = MetricEntities.Format(s.Values[bestI]),
                ["robustZ"] = MetricEntities.Format(bestZ),
                ["rate"] = isRate ? "true" : "false",
            },
        };
    }

    internal static string Human(double v, string name, bool isRate) => isRate ? MetricEntities.Format(v) + "/s" : MetricUnits.Human(v, name);
}
