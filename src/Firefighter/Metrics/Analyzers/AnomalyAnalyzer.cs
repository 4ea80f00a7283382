using System.Globalization;
using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Metrics.Analyzers;

/// <summary>Runs the streaming anomaly detector (<see cref="AnomalyScan"/>, the one <c>ff metrics detect</c> runs) over every metric
/// series and reports the strongest sample of each series that had any (<c>metrics.anomaly</c>).</summary>
/// <remarks>Counters are scanned as per-second rates, like the shift analyzer does. Series shorter than <see cref="AnomalyScan.MinSamples"/>
/// are skipped. O(total samples).</remarks>
public sealed class AnomalyAnalyzer : IAnalyzer
{
    /// <summary>Share of the detector's score a finding's strength takes: the score is calibrated to NAB's early-detection reward,
    /// not to how much a sample matters to an incident, so a level shift or a steady growth of the same series outranks it.</summary>
    public const double StrengthScale = 0.5;

    /// <inheritdoc/>
    public string Name => "metrics.anomalies";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [MetricFindingKinds.Anomaly];

    /// <inheritdoc/>
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var findings = new List<Finding>();
        var metrics = context.Evidence.Metrics;
        var rates = ScreeningFindings.AsRates(metrics);
        for (var i = 0; i < rates.Count; i++)
        {
            var s = rates[i];
            if (s.Count < AnomalyScan.MinSamples)
            {
                continue;
            }
            var scan = AnomalyScan.Scan(s);
            if (scan.Anomalies.Count == 0)
            {
                continue;
            }
            var isRate = !ReferenceEquals(s, metrics[i]);
            var what = isRate ? $"rate of {s.Name}" : s.Name;
            var top = scan.Anomalies.MaxBy(a => a.Score)!;
            var normal = top.NormalLow is { } lo && top.NormalHigh is { } hi ? $" (normal {ShiftsAnalyzer.Human(lo, s.Name, isRate)}..{ShiftsAnalyzer.Human(hi, s.Name, isRate)})" : "";
            var at = top.Time.ToUnixTimeMilliseconds() / 1000.0;
            var attributes = new Dictionary<string, string>
            {
                ["metric"] = s.Name,
                ["series"] = s.Id,
                ["value"] = MetricEntities.Format(top.Value),
                ["score"] = top.Score.ToString("0.###", CultureInfo.InvariantCulture),
                ["reported"] = scan.Anomalies.Count.ToString(CultureInfo.InvariantCulture),
                ["rate"] = isRate ? "true" : "false",
            };
            if (top.Kind is { } kind)
            {
                attributes["anomaly"] = kind;
            }
            if (top.NormalLow is { } low && top.NormalHigh is { } high)
            {
                attributes["normalLow"] = MetricEntities.Format(low);
                attributes["normalHigh"] = MetricEntities.Format(high);
            }
            findings.Add(new Finding(MetricFindingKinds.Anomaly,
                $"{what} {Describe(top.Kind)} at {top.Time:yyyy-MM-ddTHH:mm:ssZ}: {ShiftsAnalyzer.Human(top.Value, s.Name, isRate)}{normal}",
                MetricEntities.For(s), top.Time, null, top.Score * StrengthScale, [MetricEntities.Cite(s, at, at)])
            {
                Analyzer = Name,
                Severity = FindingSeverity.Info,
                Attributes = attributes,
            });
        }
        return AnalyzerResult.Of(findings);
    }

    private static string Describe(string? kind) => kind switch
    {
        AnomalyKinds.BeyondRange => "went beyond its range",
        AnomalyKinds.Flatline => "flatlined",
        AnomalyKinds.Sustained => "changed and stayed changed",
        AnomalyKinds.Seasonal => "left its usual daily/weekly pattern",
        _ => "showed a pattern not seen before",
    };
}
