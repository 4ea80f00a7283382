using System.Text.Json.Serialization;
using Firefighter.Evidence;

namespace Firefighter.Metrics;

/// <summary>One sample the streaming detector reported, with why and the normal range it left.</summary>
/// <param name="Time">When.</param>
/// <param name="Value">The sample's value.</param>
/// <param name="Score">The detector's score in [0,1].</param>
/// <param name="Kind">What the detector saw (<see cref="AnomalyKinds"/>); null when it gave no explanation.</param>
/// <param name="NormalLow">Bottom of the range recent history stayed in, when explained.</param>
/// <param name="NormalHigh">Top of that range, when explained.</param>
public sealed record SeriesAnomaly([property: JsonPropertyName("timestamp")] DateTimeOffset Time, double Value, double Score, string? Kind, double? NormalLow, double? NormalHigh);

/// <summary>The detector run over a whole series: every sample's score and the samples worth reporting.</summary>
/// <param name="Scores">One score in [0,1] per sample, in order.</param>
/// <param name="Anomalies">Samples at or above <see cref="AnomalyScan.ReportThreshold"/> (flatlines from <see cref="AnomalyScan.FlatlineThreshold"/>), in time order.</param>
public sealed record AnomalyScanResult(double[] Scores, IReadOnlyList<SeriesAnomaly> Anomalies);

/// <summary>
/// The one metric detector family, as <c>ff metrics detect</c> and the investigation's <c>metrics.anomalies</c> analyzer
/// both run it: the streaming <see cref="AnomalyDetector"/> (the NAB-tuned one, with the options it was measured with) over each series.
/// </summary>
/// <remarks>O(n) per series: the detector's work per sample is a few table probes (see <see cref="AnomalyDetector"/>).</remarks>
public static class AnomalyScan
{
    /// <summary>Score at which a sample is reported (the NAB-optimised standard threshold, rounded).</summary>
    public const double ReportThreshold = 0.81;

    /// <summary>Score from which a flatline is reported (flatlines are scored lower than novelties: they are less often incidents).</summary>
    public const double FlatlineThreshold = 0.5;

    /// <summary>Fewest samples a series needs to be scanned by an investigation: the detector's learning period and as much again to judge.
    /// The detector runs with the options its NAB score was measured with; a shorter series is left to the level-shift and spike analyses.</summary>
    public static int MinSamples => 2 * AnomalyDetectorOptions.Default.Learn;

    /// <summary>Scores every sample of <paramref name="series"/> and lists the reported ones.</summary>
    public static AnomalyScanResult Scan(MetricSeries series) => Scan(series.Timestamps, series.Values);

    /// <summary>Scores every sample and lists the reported ones.</summary>
    public static AnomalyScanResult Scan(double[] timestamps, double[] values)
    {
        var scores = new double[values.Length];
        var explained = new List<AnomalyReport>();
        AnomalyDetector.ScoreAll(timestamps, values, scores, explained);
        var why = new Dictionary<double, AnomalyReport>();
        foreach (var r in explained)
        {
            why[r.Timestamp] = r;
        }
        var anomalies = new List<SeriesAnomaly>();
        for (var i = 0; i < scores.Length; i++)
        {
            var r = why.GetValueOrDefault(timestamps[i]);
            if (scores[i] >= ReportThreshold || (scores[i] >= FlatlineThreshold && r?.Kind == AnomalyKinds.Flatline))
            {
                anomalies.Add(new SeriesAnomaly(MetricEntities.ToTime(timestamps[i]), values[i], scores[i], r?.Kind, r?.NormalLow, r?.NormalHigh));
            }
        }
        return new AnomalyScanResult(scores, anomalies);
    }
}
