namespace Firefighter.Metrics;

/// <summary>Robust location and scale (median, quantiles, IQR) over spans; ignores NaN.</summary>
public static class RobustStats
{
    /// <summary>Copies the finite values into <paramref name="buffer"/> sorted and returns how many there are.</summary>
    public static int SortFinite(ReadOnlySpan<double> values, Span<double> buffer)
    {
        var n = 0;
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                buffer[n++] = v;
            }
        }
        buffer[..n].Sort();
        return n;
    }

    /// <summary>Linear-interpolated quantile of a sorted span.</summary>
    public static double QuantileSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var pos = q * (sorted.Length - 1);
        var lo = (int)pos;
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (pos - lo));
    }

    /// <summary>Median of the finite values.</summary>
    /// <remarks>Beyond 512 values, the median of an evenly strided subsample.</remarks>
    public static double Median(ReadOnlySpan<double> values)
    {
        Span<double> buf = stackalloc double[512];
        var n = SortSampled(values, buf, 512);
        return QuantileSorted(buf[..n], 0.5);
    }

    /// <summary>Median and a scale that is never zero: IQR/1.349, else MAD, else a small fraction of the level.</summary>
    public static (double Median, double Scale) Describe(ReadOnlySpan<double> values)
    {
        Span<double> buf = stackalloc double[512];
        var n = SortSampled(values, buf, 512);
        var s = buf[..n];
        if (n == 0)
        {
            return (double.NaN, double.NaN);
        }
        var med = QuantileSorted(s, 0.5);
        var scale = (QuantileSorted(s, 0.75) - QuantileSorted(s, 0.25)) / 1.349;
        if (scale <= 0)
        {
            scale = (QuantileSorted(s, 0.95) - QuantileSorted(s, 0.05)) / 3.29;
        }
        return (med, Floor(scale, med));
    }

    /// <summary>Copies at most <paramref name="max"/> evenly strided finite values into <paramref name="buffer"/>, sorted; returns the count.</summary>
    /// <remarks>Quantiles of a strided subsample are accurate to a few percent and keep screening linear in points.</remarks>
    public static int SortSampled(ReadOnlySpan<double> values, Span<double> buffer, int max)
    {
        var stride = Math.Max(1, (values.Length + max - 1) / max);
        var n = 0;
        for (var i = values.Length - 1; i >= 0 && n < buffer.Length; i -= stride)
        {
            if (double.IsFinite(values[i]))
            {
                buffer[n++] = values[i];
            }
        }
        buffer[..n].Sort();
        return n;
    }

    /// <summary>Keeps a scale away from zero so flat baselines still give finite, large z for real moves.</summary>
    public static double Floor(double scale, double level) => Math.Max(scale, Math.Max(Math.Abs(level) * 0.01, 1e-9));
}
