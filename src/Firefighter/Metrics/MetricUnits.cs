using System.Globalization;

namespace Firefighter.Metrics;

/// <summary>Formats metric values for people, in the unit the Prometheus naming convention gives the series (bytes, seconds, ratio).</summary>
public static class MetricUnits
{
    private static readonly string[] BinaryPrefixes = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    /// <summary>The value in the series' unit: <c>653 MiB</c>, <c>250 ms</c>, <c>12.5%</c>, otherwise four significant digits.</summary>
    public static string Human(double value, string metricName)
    {
        ArgumentNullException.ThrowIfNull(metricName);
        var inv = CultureInfo.InvariantCulture;
        if (!double.IsFinite(value))
        {
            return value.ToString(inv);
        }
        if (metricName.EndsWith("_bytes", StringComparison.Ordinal) || metricName.EndsWith("_bytes_total", StringComparison.Ordinal))
        {
            var abs = Math.Abs(value);
            var i = 0;
            while (abs >= 1024 && i < BinaryPrefixes.Length - 1)
            {
                abs /= 1024;
                i++;
            }
            return (Math.Sign(value) * abs).ToString(abs >= 100 || i == 0 ? "0" : "0.#", inv) + " " + BinaryPrefixes[i];
        }
        if (metricName.EndsWith("_seconds", StringComparison.Ordinal))
        {
            var abs = Math.Abs(value);
            return abs >= 1 || abs == 0 ? value.ToString("0.##", inv) + " s" : (value * 1000).ToString("0.#", inv) + " ms";
        }
        if (metricName.EndsWith("_ratio", StringComparison.Ordinal))
        {
            return (value * 100).ToString("0.##", inv) + "%";
        }
        return value.ToString("G4", inv);
    }
}
