using Firefighter.Analysis;
using Firefighter.Metrics;

namespace Firefighter.Metrics.Analyzers;

/// <summary>Reports usage at more than 90% of its known limit (<c>metrics.saturation</c>).</summary>
public sealed class SaturationAnalyzer : IAnalyzer
{
    /// <summary>Usage/limit ratio above which a series is saturated.</summary>
    public const double Threshold = 0.9;

    /// <inheritdoc/>
    public string Name => "metrics.saturation";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [MetricFindingKinds.Saturation];

    /// <inheritdoc/>
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var findings = new List<Finding>();
        var all = context.Evidence.Metrics;
        foreach (var s in all)
        {
            if (s.Count == 0 || MetricLimits.Find(s, all) is not { } limit)
            {
                continue;
            }
            // The peak matters: an OOM kill resets usage, so the last sample may already be low again.
            var peak = double.NegativeInfinity;
            var at = -1;
            for (var i = 0; i < s.Count; i++)
            {
                if (double.IsFinite(s.Values[i]) && s.Values[i] > peak)
                {
                    peak = s.Values[i];
                    at = i;
                }
            }
            var ratio = peak / limit.Value;
            if (at < 0 || ratio <= Threshold)
            {
                continue;
            }
            var when = MetricEntities.ToTime(s.Timestamps[at]);
            findings.Add(new Finding(MetricFindingKinds.Saturation, $"{s.Name} reached {ratio:P0} of its limit {MetricUnits.Human(limit.Value, s.Name)}",
                MetricEntities.For(s), when, null, Math.Min(1.0, ratio), [MetricEntities.Cite(s, s.Timestamps[at], s.Timestamps[at]), MetricEntities.Cite(limit.Series, limit.Series.Timestamps[0], limit.Series.Timestamps[^1])])
            {
                Analyzer = Name,
                Severity = ratio >= 0.98 ? FindingSeverity.Critical : FindingSeverity.Warning,
                Attributes = new Dictionary<string, string>
                {
                    ["metric"] = s.Name,
                    ["series"] = s.Id,
                    ["ratio"] = MetricEntities.Format(Math.Round(ratio, 4)),
                    ["limit"] = MetricEntities.Format(limit.Value),
                    ["peak"] = MetricEntities.Format(peak),
                },
            });
        }
        return AnalyzerResult.Of(findings);
    }
}
