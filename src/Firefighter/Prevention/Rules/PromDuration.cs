using System.Globalization;
using System.Text;

namespace Firefighter.Prevention.Rules;

/// <summary>Prometheus duration strings (<c>1h30m</c>, <c>5m</c>, <c>30d</c>, <c>0s</c>): parsing and formatting as Prometheus prints them.</summary>
public static class PromDuration
{
    private static readonly (string Unit, long Ms)[] Units =
    [
        ("y", 365L * 24 * 3600 * 1000), ("w", 7L * 24 * 3600 * 1000), ("d", 24L * 3600 * 1000),
        ("h", 3600L * 1000), ("m", 60L * 1000), ("s", 1000L), ("ms", 1L),
    ];

    /// <summary>Parses a duration; null when the text is not a Prometheus duration.</summary>
    public static TimeSpan? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var s = text.Trim();
        if (s == "0")
        {
            return TimeSpan.Zero;
        }
        long total = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (i == start || !long.TryParse(s.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return null;
            }
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }
            var unit = s[unitStart..i];
            var ms = Array.Find(Units, u => u.Unit == unit).Ms;
            if (ms == 0)
            {
                return null;
            }
            total += n * ms;
        }
        return TimeSpan.FromMilliseconds(total);
    }

    /// <summary>Formats like Prometheus's <c>model.Duration.String()</c>: largest units first, <c>0s</c> for zero.</summary>
    public static string Format(TimeSpan duration)
    {
        var ms = (long)duration.TotalMilliseconds;
        if (ms == 0)
        {
            return "0s";
        }
        var sb = new StringBuilder();
        foreach (var (unit, size) in Units)
        {
            var n = ms / size;
            if (n > 0)
            {
                sb.Append(n.ToString(CultureInfo.InvariantCulture)).Append(unit);
                ms -= n * size;
            }
        }
        return sb.ToString();
    }
}
