namespace Firefighter.Metrics;

/// <summary>Finds the most significant single level shift in a series (mean-split search with prefix sums, then robust confirmation).</summary>
public static class ChangePointFinder
{
    /// <summary>Minimum samples on each side of a change.</summary>
    public const int MinSegment = 3;

    /// <summary>Returns the best change point, or null when the series is too short or flat.</summary>
    /// <remarks>Linear in the number of samples; NaN samples are carried as the previous value.</remarks>
    public static ChangePoint? Find(ReadOnlySpan<double> timestamps, ReadOnlySpan<double> values) => Find(timestamps, values, 0);

    /// <summary>As <see cref="Find(ReadOnlySpan{double}, ReadOnlySpan{double})"/>, but null as soon as the change cannot reach <paramref name="minZ"/>.</summary>
    /// <remarks>The noise floor only ever lowers z, so a shift already below <paramref name="minZ"/> against the baseline's own scale is dropped without it.</remarks>
    public static ChangePoint? Find(ReadOnlySpan<double> timestamps, ReadOnlySpan<double> values, double minZ)
    {
        var n = values.Length;
        if (n < 2 * MinSegment)
        {
            return null;
        }
        var x = n <= 4096 ? stackalloc double[n] : new double[n];
        var last = double.NaN;
        for (var i = 0; i < n; i++)
        {
            last = double.IsFinite(values[i]) ? values[i] : last;
            x[i] = last;
        }
        var first = 0;
        while (first < n && !double.IsFinite(x[first]))
        {
            first++;
        }
        if (n - first < 2 * MinSegment)
        {
            return null;
        }
        double total = 0;
        for (var i = first; i < n; i++)
        {
            total += x[i];
        }
        var m = n - first;
        double prefix = 0;
        var bestK = -1;
        var bestStat = 0.0;
        // CUSUM-style statistic: |mean(after) - mean(before)| weighted by sqrt(k(m-k)/m); maximised at the most likely single shift.
        for (var i = first; i < n - MinSegment; i++)
        {
            prefix += x[i];
            var k = i - first + 1;
            if (k < MinSegment)
            {
                continue;
            }
            var diff = ((total - prefix) / (m - k)) - (prefix / k);
            var stat = Math.Abs(diff) * Math.Sqrt((double)k * (m - k) / m);
            if (stat > bestStat)
            {
                bestStat = stat;
                bestK = i + 1;
            }
        }
        if (bestK < 0)
        {
            return null;
        }
        var before = RobustStats.Describe(x[first..bestK]);
        var after = RobustStats.Median(x[bestK..]);
        if (Math.Abs(after - before.Median) / before.Scale < minZ)
        {
            return null;
        }
        // Short segments underestimate spread; the sample-to-sample noise of the whole series is a floor that a step does not inflate.
        var z = Math.Abs(after - before.Median) / Math.Max(before.Scale, NoiseScale(x[first..]));
        return new ChangePoint(bestK, timestamps[bestK], before.Median, after, z);
    }

    /// <summary>Noise level from first differences: 1.4826 MAD(diff) / sqrt(2).</summary>
    private static double NoiseScale(ReadOnlySpan<double> x)
    {
        var d = x.Length <= 4096 ? stackalloc double[x.Length - 1] : new double[x.Length - 1];
        for (var i = 1; i < x.Length; i++)
        {
            d[i - 1] = Math.Abs(x[i] - x[i - 1]);
        }
        return RobustStats.Median(d) * 1.4826 / Math.Sqrt(2);
    }
}
