using System.Globalization;
using System.Reflection;

namespace Firefighter.Metrics;

/// <summary>The one configuration of <see cref="AnomalyDetector"/>; exists so the benchmark can explore, the product uses <see cref="Default"/>.</summary>
public sealed record AnomalyDetectorOptions
{
    /// <summary>The shipped configuration.</summary>
    public static AnomalyDetectorOptions Default { get; } = new();

    /// <summary>History length in samples for the robust baseline.</summary>
    public int History { get; init; } = 1000;

    /// <summary>Samples seen before any score is emitted.</summary>
    public int Warmup { get; init; } = 300;

    /// <summary>Short window (samples) whose mean is compared with the baseline, for level shifts.</summary>
    public int Short { get; init; } = 6;

    /// <summary>Weight of the short-window deviation relative to the single-point deviation.</summary>
    public double ShortWeight { get; init; } = 2.0;

    /// <summary>Deviation (robust z) that maps to the middle of the score range.</summary>
    public double ZMid { get; init; } = 6.0;

    /// <summary>Slope of the score in log robust z.</summary>
    public double ZSlope { get; init; }

    /// <summary>Slope of the score in log novelty (deviation over the largest recent deviation).</summary>
    public double NoveltySlope { get; init; } = 3.0;

    /// <summary>Samples over which a reported anomaly suppresses weaker reports.</summary>
    public int Suppress { get; init; } = 300;

    /// <summary>Length (samples) of the recent pattern compared with its nearest past neighbour.</summary>
    public int Pattern { get; init; } = 32;

    /// <summary>How the point and pattern scores combine: 0 point only, 1 pattern only, otherwise the larger of both.</summary>
    public double Mix { get; init; } = 1.0;

    /// <summary>How much the oldest history counts less when judging novelty (0 none, 1 fades to nothing).</summary>
    public double Fade { get; init; }

    /// <summary>Returns a copy with one property set from <c>Name=value</c> (benchmark exploration only).</summary>
    public AnomalyDetectorOptions With(string assignment)
    {
        var parts = assignment.Split('=', 2);
        var prop = typeof(AnomalyDetectorOptions).GetProperty(parts[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
            ?? throw new ArgumentException($"unknown detector option '{parts[0]}'", nameof(assignment));
        var copy = this with { };
        prop.SetValue(copy, Convert.ChangeType(parts[1], prop.PropertyType, CultureInfo.InvariantCulture));
        return copy;
    }
}
