using System.Globalization;

namespace Firefighter.SampleGen.Common;

/// <summary>Formatting of times and numbers exactly as the real tools print them.</summary>
public static class Fmt
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>RFC 3339 with seconds, as Kubernetes serialises metav1.Time.</summary>
    public static string K8s(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Inv);

    /// <summary>RFC 3339 with milliseconds (application logs).</summary>
    public static string Ms(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", Inv);

    /// <summary>Go's RFC3339Nano (trailing zeros trimmed), as CRI log lines carry; <paramref name="extraNanos"/> adds sub-tick digits.</summary>
    public static string Nano(DateTimeOffset t, int extraNanos)
    {
        var ns = (t.UtcTicks % TimeSpan.TicksPerSecond) * 100 + extraNanos;
        var frac = ns.ToString("D9", Inv).TrimEnd('0');
        var head = t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", Inv);
        return frac.Length == 0 ? head + "Z" : head + "." + frac + "Z";
    }

    /// <summary>Go's time.RFC1123Z for UTC, as kubectl describe prints.</summary>
    public static string Rfc1123Z(DateTimeOffset t) => t.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss", Inv) + " +0000";

    /// <summary>nginx $time_local in UTC.</summary>
    public static string NginxLocal(DateTimeOffset t) => t.UtcDateTime.ToString("dd/MMM/yyyy:HH:mm:ss", Inv) + " +0000";

    /// <summary>PostgreSQL log_line_prefix '%m' (milliseconds, zone name).</summary>
    public static string Pg(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", Inv) + " UTC";

    /// <summary>Integer text.</summary>
    public static string I(long v) => v.ToString(Inv);

    /// <summary>Fixed-point text with up to <paramref name="decimals"/> decimals, no exponent (like Go's 'f', -1 for short values).</summary>
    public static string F(double v, int decimals)
    {
        var pattern = decimals == 0 ? "0" : "0." + new string('#', decimals);
        var s = Math.Round(v, decimals, MidpointRounding.AwayFromZero).ToString(pattern, Inv);
        return s == "-0" ? "0" : s;
    }

    /// <summary>k8s.io/apimachinery duration.HumanDuration, as kubectl prints ages.</summary>
    public static string Human(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }
        if (seconds < 0)
        {
            return "0s";
        }
        if (seconds < 60 * 2)
        {
            return I(seconds) + "s";
        }
        var minutes = seconds / 60;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? I(minutes) + "m" : I(minutes) + "m" + I(s) + "s";
        }
        if (minutes < 60 * 3)
        {
            return I(minutes) + "m";
        }
        var hours = minutes / 60;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? I(hours) + "h" : I(hours) + "h" + I(m) + "m";
        }
        if (hours < 48)
        {
            return I(hours) + "h";
        }
        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? I(hours / 24) + "d" : I(hours / 24) + "d" + I(h) + "h";
        }
        return I(hours / 24) + "d";
    }

    /// <summary>Parses a fixed UTC timestamp written in code ("2024-01-15T12:05:02Z").</summary>
    public static DateTimeOffset T(string iso) => DateTimeOffset.Parse(iso, Inv, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
