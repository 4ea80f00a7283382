using System.Text.RegularExpressions;
using Firefighter.Evidence;

namespace Firefighter.Metrics;

/// <summary>Recognises series that measure a share of failed requests, so impact and charts agree on what an error ratio is.</summary>
public static partial class ErrorRatio
{
    /// <summary>Whether the series is named like an error ratio and its values stay within 0..1.</summary>
    public static bool Is(MetricSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (!Name().IsMatch(series.Id))
        {
            return false;
        }
        var any = false;
        foreach (var v in series.Values)
        {
            if (!double.IsFinite(v)) { continue; }
            if (v < 0 || v > 1.0) { return false; }
            any = true;
        }
        return any;
    }

    [GeneratedRegex(@"5xx|error_?ratio|errors?_?rate|error_?percent|failure_?ratio", RegexOptions.IgnoreCase)]
    private static partial Regex Name();
}
