using System.Globalization;

namespace Firefighter.Parsing;

/// <summary>Kubernetes resource quantities (<c>512Mi</c>, <c>2Gi</c>, <c>99M</c>, <c>250m</c>) as numbers.</summary>
public static class KubeQuantity
{
    /// <summary>Parses a quantity into its base unit (bytes for memory, cores for cpu); null when unreadable.</summary>
    public static double? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var s = text.Trim();
        var i = s.Length;
        while (i > 0 && char.IsLetter(s[i - 1]))
        {
            i--;
        }
        // "1e3" is a valid quantity: the trailing letter is an exponent only when digits follow it.
        var number = s[..i];
        var suffix = s[i..];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }
        double? factor = suffix switch
        {
            "" => 1,
            "n" => 1e-9,
            "u" => 1e-6,
            "m" => 1e-3,
            "k" => 1e3,
            "M" => 1e6,
            "G" => 1e9,
            "T" => 1e12,
            "P" => 1e15,
            "E" => 1e18,
            "Ki" => 1024d,
            "Mi" => 1024d * 1024,
            "Gi" => 1024d * 1024 * 1024,
            "Ti" => 1024d * 1024 * 1024 * 1024,
            "Pi" => 1024d * 1024 * 1024 * 1024 * 1024,
            "Ei" => 1024d * 1024 * 1024 * 1024 * 1024 * 1024,
            _ => null,
        };
        return factor is { } f ? value * f : null;
    }

    /// <summary>Formats bytes the way a manifest would (<c>512Mi</c>, <c>2Gi</c>), rounding up to whole Mi.</summary>
    public static string FormatBytes(double bytes)
    {
        const double mi = 1024d * 1024;
        var inMi = Math.Ceiling(bytes / mi);
        return inMi >= 1024 && inMi % 1024 == 0
            ? (inMi / 1024).ToString(CultureInfo.InvariantCulture) + "Gi"
            : inMi.ToString(CultureInfo.InvariantCulture) + "Mi";
    }
}
