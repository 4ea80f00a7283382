using System.Globalization;
using Firefighter.Analysis;
using Firefighter.Metrics;

namespace Firefighter.Metrics.Analyzers;

/// <summary>Finds steady growth (leaks, filling disks) with time-to-limit when a limit is known (<c>metrics.steady_growth</c>).</summary>
public sealed class GrowthAnalyzer : IAnalyzer
{
    /// <summary>Minimum fit quality for growth to count as steady.</summary>
    public const double MinR2 = 0.8;

    /// <summary>Minimum growth over the series' span, relative to its starting level.</summary>
    public const double MinRelativeGrowth = 0.1;

    /// <inheritdoc/>
    public string Name => "metrics.growth";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [MetricFindingKinds.SteadyGrowth];

    /// <inheritdoc/>
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var findings = new List<Finding>();
        var all = context.Evidence.Metrics;
        foreach (var s in all)
        {
            if (s.Count < 10 || MetricLimits.IsLimit(s))
            {
                continue;
            }
            var trend = LinearTrend.Fit(s.Timestamps, s.Values);
            if (trend is null || trend.SlopePerSecond <= 0 || trend.R2 < MinR2)
            {
                continue;
            }
            var start = trend.At(s.Timestamps[0]);
            var end = trend.At(s.Timestamps[^1]);
            if (end - start < MinRelativeGrowth * Math.Max(Math.Abs(start), 1e-9))
            {
                continue;
            }
            var slopePerHour = trend.SlopePerSecond * 3600;
            var attrs = new Dictionary<string, string>
            {
                ["metric"] = s.Name,
                ["series"] = s.Id,
                ["slopePerHour"] = MetricEntities.Format(slopePerHour),
                ["r2"] = MetricEntities.Format(trend.R2),
            };
            var title = $"{s.Name} grows steadily by {MetricUnits.Human(slopePerHour, s.Name)}/h";
            var strength = trend.R2 * 0.7;
            var severity = FindingSeverity.Warning;
            var evidence = new List<Firefighter.Evidence.EvidenceRef> { MetricEntities.Cite(s, s.Timestamps[0], s.Timestamps[^1]) };
            if (MetricLimits.Find(s, all) is { } limit)
            {
                var seconds = Math.Max(0, (limit.Value - end) / trend.SlopePerSecond);
                attrs["limit"] = MetricEntities.Format(limit.Value);
                attrs["timeToLimit"] = Human(seconds);
                attrs["timeToLimitSeconds"] = ((long)seconds).ToString(CultureInfo.InvariantCulture);
                title += $", limit {MetricUnits.Human(limit.Value, s.Name)} reached in ~{Human(seconds)}";
                strength = trend.R2 * (seconds < 86400 ? 1.0 : 0.8);
                severity = seconds < 6 * 3600 ? FindingSeverity.Critical : FindingSeverity.Warning;
                if (!ReferenceEquals(limit.Series, s))
                {
                    evidence.Add(MetricEntities.Cite(limit.Series, limit.Series.Timestamps[0], limit.Series.Timestamps[^1]));
                }
            }
            findings.Add(new Finding(MetricFindingKinds.SteadyGrowth, title, MetricEntities.For(s), MetricEntities.ToTime(s.Timestamps[0]), null, strength, evidence)
            {
                Analyzer = Name,
                Severity = severity,
                Attributes = attrs,
            });
        }
        return AnalyzerResult.Of(findings);
    }

    /// <summary>Compact duration: 45m, 3h20m, 2d4h.</summary>
    public static string Human(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
        return t.TotalDays >= 1 ? $"{(int)t.TotalDays}d{t.Hours}h" : t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes}m" : $"{Math.Max(0, (int)t.TotalMinutes)}m";
    }
}
