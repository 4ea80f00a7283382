using Firefighter.Evidence;
namespace Firefighter.Metrics;

/// <summary>How much one series changed at the onset.</summary>
/// <param name="Series">The series.</param>
/// <param name="Score">Largest post-onset deviation from the pre-onset median, in IQR units (BARO-style).</param>
/// <param name="Baseline">Pre-onset median.</param>
/// <param name="After">Post-onset median.</param>
/// <param name="FirstMove">Unix seconds of the first sample (from shortly before the onset) outside 3 robust units, or NaN.</param>
public sealed record ScreenedSeries(MetricSeries Series, double Score, double Baseline, double After, double FirstMove)
{
    /// <summary>"up" or "down".</summary>
    public string Direction => After >= Baseline ? "up" : "down";
}
