using System.CommandLine;
using System.Globalization;
using Firefighter.Parsing;

namespace Firefighter.Cli;

/// <summary>The one way commands take times (<c>--now</c>, <c>--onset</c>, <c>--split</c>) and durations (<c>--since</c>): parsed by the
/// option itself, so a bad value is a usage error (exit 1) naming the option, in every command alike.</summary>
public static class TimeOptions
{
    /// <summary>A time option: RFC 3339 / ISO 8601 (a missing zone is UTC), or Unix seconds.</summary>
    public static Option<DateTimeOffset?> Time(string name, string description) => new(name)
    {
        Description = description + " (RFC 3339, e.g. 2024-01-15T14:22:00Z, or Unix seconds)",
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (TryParseTime(text, out var t))
            {
                return t;
            }
            r.AddError($"{name}: '{text}' is not a time (use RFC 3339, e.g. 2024-01-15T14:22:00Z, or Unix seconds)");
            return null;
        },
    };

    /// <summary>A duration option: a number and a unit, <c>90s</c>, <c>15m</c>, <c>6h</c>, <c>2d</c> (or combined, <c>1h30m</c>).</summary>
    public static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = description + " (e.g. 15m, 6h, 2d)",
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (TryParseDuration(text, out var d))
            {
                return d;
            }
            r.AddError($"{name}: '{text}' is not a duration (use e.g. 90s, 15m, 6h, 2d)");
            return null;
        },
    };

    /// <summary>Parses a time as the options do.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset time)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var unix) && !text.Contains('-', StringComparison.Ordinal))
        {
            return Timestamps.TryFromEpoch(unix, out time);
        }
        return Timestamps.TryParse(text, out time, out _);
    }

    /// <summary>Parses a duration as the options do; zero and negative durations are refused.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration) =>
        Timestamps.TryParseAge(text, out duration) && duration > TimeSpan.Zero;
}
