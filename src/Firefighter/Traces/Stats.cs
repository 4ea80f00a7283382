namespace Firefighter.Traces;

/// <summary>Small robust statistics over sorted samples.</summary>
internal static class Stats
{
    /// <summary>Linear-interpolated quantile of an ascending-sorted span; 0 when empty.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (pos - lo));
    }

    /// <summary>Median absolute deviation around the median of an ascending-sorted span.</summary>
    public static double Mad(ReadOnlySpan<double> sorted, double median)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }
        var dev = new double[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            dev[i] = Math.Abs(sorted[i] - median);
        }
        Array.Sort(dev);
        return Quantile(dev, 0.5);
    }

    /// <summary>Ticks to milliseconds.</summary>
    public static double Ms(long ticks) => ticks / (double)TimeSpan.TicksPerMillisecond;
}
