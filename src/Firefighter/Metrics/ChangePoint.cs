namespace Firefighter.Metrics;

/// <summary>A level shift in one series: where, from what to what, and how significant.</summary>
/// <param name="Index">Index of the first sample at the new level.</param>
/// <param name="Time">Unix seconds of that sample.</param>
/// <param name="Before">Median before the change.</param>
/// <param name="After">Median after the change.</param>
/// <param name="RobustZ">|After - Before| in units of the robust scale of the before segment.</param>
public sealed record ChangePoint(int Index, double Time, double Before, double After, double RobustZ)
{
    /// <summary>"up" or "down".</summary>
    public string Direction => After >= Before ? "up" : "down";
}
