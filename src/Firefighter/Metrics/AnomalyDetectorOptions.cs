using System.Globalization;
using System.Reflection;

namespace Firefighter.Metrics;

/// <summary>The one configuration of <see cref="AnomalyDetector"/>; exists so the benchmark can explore, the product uses <see cref="Default"/>.</summary>
public sealed record AnomalyDetectorOptions
{
    /// <summary>The shipped configuration.</summary>
    public static AnomalyDetectorOptions Default { get; } = new();

    /// <summary>Samples seen before any score is emitted (the quantiser is calibrated on them).</summary>
    public int Learn { get; init; } = 150;

    /// <summary>Number of quantisation levels spanning the robust (1%-99%) range of recent history.</summary>
    public int Levels { get; init; } = 4;

    /// <summary>Recent samples kept to recalibrate the quantiser and relearn contexts when the range changes a lot.</summary>
    public int History { get; init; } = 2048;

    /// <summary>Recalibrate when the ideal level width differs from the current one by more than this factor.</summary>
    public double Rescale { get; init; } = 2.0;

    /// <summary>Longest context (symbols) whose novelty is tracked.</summary>
    public int MaxOrder { get; init; } = 4;

    /// <summary>Whether (hour of day, symbol) and (hour of week, symbol) contexts are tracked, for daily/weekly seasonality.</summary>
    public bool Calendar { get; init; } = true;

    /// <summary>Earlier visits an hour of day (or of week) needs before a new value at that hour counts as novel.</summary>
    public int CalendarVisits { get; init; } = 1;

    /// <summary>Raw novelty above which a report starts the rest period.</summary>
    public double BaseThreshold { get; init; } = 0.75;

    /// <summary>Samples after a strong raw novelty during which nothing is reported (report once per regime).</summary>
    public int Rest { get; init; } = 150;

    /// <summary>Time constant (samples) of each context order's novelty rate.</summary>
    public double RateSpan { get; init; } = 500;

    /// <summary>Samples after which an unrevisited context counts as new again (the detector forgets old regimes).</summary>
    public long Memory { get; init; } = 10_000;

    /// <summary>Whether a run of identical values longer than any seen before is reported on its own.</summary>
    public bool Flatline { get; init; } = true;

    /// <summary>Confidence given to a flatline (a stuck source is worth reporting but is less often an incident than a new pattern).</summary>
    public double FlatlineScore { get; init; } = 0.7;

    /// <summary>Weight of the deseasonalised (change over one day) novelty when a daily period is found; 0 turns it off.</summary>
    public double SeasonalWeight { get; init; } = 1;

    /// <summary>Autocorrelation at the daily lag above which the series counts as daily-seasonal.</summary>
    public double SeasonalAcf { get; init; } = 0.5;

    /// <summary>Whether a weekly period is also tried (when history holds two weeks).</summary>
    public bool Weekly { get; init; } = true;

    /// <summary>Samples over which raw novelty is averaged to catch a sustained run of mild novelty (0 turns it off).</summary>
    public int SustainWindow { get; init; } = 8;

    /// <summary>Samples of novelty averages seen before a sustained novelty can be reported.</summary>
    public int SustainWarmup { get; init; } = 200;

    /// <summary>Time constant (samples) of the mean and variance of that average.</summary>
    public double SustainSpan { get; init; } = 2000;

    /// <summary>Standard scores of the average above its own history at which a sustained novelty is reported.</summary>
    public double SustainZ { get; init; } = 6;

    /// <summary>Smallest average novelty that can be reported as sustained.</summary>
    public double SustainFloor { get; init; } = 0.15;

    /// <summary>Smallest standard deviation assumed for the average (a series that is never novel must not alarm on one blip).</summary>
    public double SustainSdFloor { get; init; } = 0.04;

    /// <summary>A value beyond every value seen so far by more than this share of their range is reported (0 turns it off).</summary>
    public double Spatial { get; init; } = 0.02;

    /// <summary>Latest samples left out of the extremes a value is compared with.</summary>
    public int SpatialLag { get; init; } = 24;

    /// <summary>Samples the extreme on that side must have stood still for a value beyond it to be reported.</summary>
    public long SpatialQuiet { get; init; } = 400;

    /// <summary>Novelty given to a value beyond everything seen.</summary>
    public double SpatialScore { get; init; } = 1;

    /// <summary>Score of a sustained-novelty report.</summary>
    public double SustainScore { get; init; } = 0.9;

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
