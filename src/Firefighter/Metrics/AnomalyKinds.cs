namespace Firefighter.Metrics;

/// <summary>The kinds of novelty <see cref="AnomalyDetector"/> explains a report with.</summary>
public static class AnomalyKinds
{
    /// <summary>The value left every level seen before (spike, dip, level shift, counter reset, end of a flatline).</summary>
    public const string BeyondRange = "beyond-range";

    /// <summary>The value is within the usual range but the sequence of recent values was never seen (shape or variance change, flatline in a moving series).</summary>
    public const string NewPattern = "new-pattern";

    /// <summary>The value has stayed exactly the same for longer than ever seen before (stuck sensor, dead exporter).</summary>
    public const string Flatline = "flatline";

    /// <summary>A run of mildly unusual values, none alarming alone, far above how often the series is usually novel (a holiday, spikes growing denser).</summary>
    public const string Sustained = "sustained";

    /// <summary>Only the time-of-day / day-of-week context is new: usual values at an unusual time (broken seasonality).</summary>
    public const string Seasonal = "off-season";
}
