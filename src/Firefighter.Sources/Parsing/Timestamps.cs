using System.Globalization;

namespace Firefighter.Sources.Parsing;

/// <summary>Parses the timestamps found in logs, metrics and kubectl output, without allocating for the common ISO-8601 forms.</summary>
internal static class Timestamps
{
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static readonly string[] HumanFormats =
    [
        "ddd, dd MMM yyyy HH:mm:ss zzz",
        "ddd, d MMM yyyy HH:mm:ss zzz",
        "ddd MMM d HH:mm:ss yyyy zzz",
        "ddd MMM dd HH:mm:ss yyyy zzz",
        "ddd, dd MMM yyyy HH:mm:ss 'GMT'",
    ];

    /// <summary>Parses a timestamp at the start of <paramref name="s"/>: ISO-8601/RFC 3339 (T or space, . or , fraction, optional zone),
    /// <c>yyyy/MM/dd HH:mm:ss</c>, or syslog <c>Jan 15 14:22:45</c> (year taken from <paramref name="year"/>).</summary>
    /// <returns>True with the time in UTC, the number of chars consumed, whether a zone was given and whether the year was assumed.</returns>
    public static bool TryParseLeading(ReadOnlySpan<char> s, int year, out DateTimeOffset time, out int consumed, out bool hasZone, out bool yearAssumed)
    {
        yearAssumed = false;
        if (TryIso(s, out time, out consumed, out hasZone))
        {
            return true;
        }
        if (TrySyslog(s, year, out time, out consumed))
        {
            yearAssumed = true;
            hasZone = false;
            return true;
        }
        return false;
    }

    /// <summary>Parses a whole string as a timestamp (ISO-8601, RFC 1123, git's default date, Unix seconds/ms/µs/ns).</summary>
    public static bool TryParse(string? text, out DateTimeOffset time, out bool hasZone)
    {
        time = default;
        hasZone = true;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var s = text.Trim();
        if (TryIso(s, out time, out var consumed, out hasZone) && consumed == s.Length)
        {
            return true;
        }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && TryFromEpoch(number, out time))
        {
            hasZone = true;
            return true;
        }
        hasZone = true;
        var normalized = NormalizeNumericZone(s);
        if (DateTimeOffset.TryParseExact(normalized, HumanFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out time))
        {
            time = time.ToUniversalTime();
            return true;
        }
        return false;
    }

    /// <summary>Converts a Unix epoch number to a time, choosing seconds, milliseconds, microseconds or nanoseconds by magnitude.</summary>
    public static bool TryFromEpoch(double value, out DateTimeOffset time)
    {
        time = default;
        if (double.IsNaN(value) || double.IsInfinity(value) || value < 0)
        {
            return false;
        }
        var seconds = value switch
        {
            > 1e17 => value / 1e9,
            > 1e14 => value / 1e6,
            > 1e11 => value / 1e3,
            _ => value,
        };
        if (seconds > 253402300799)
        {
            return false;
        }
        time = DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        return true;
    }

    /// <summary>Parses a kubectl age (<c>45s</c>, <c>2m14s</c>, <c>3h5m</c>, <c>2d3h</c>, <c>2y30d</c>).</summary>
    public static bool TryParseAge(ReadOnlySpan<char> s, out TimeSpan age)
    {
        age = TimeSpan.Zero;
        s = s.Trim();
        if (s.IsEmpty)
        {
            return false;
        }
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (i == start || i >= s.Length)
            {
                return false;
            }
            var n = int.Parse(s[start..i], NumberStyles.None, CultureInfo.InvariantCulture);
            var unit = s[i++];
            if (unit == 'm' && i < s.Length && s[i] == 's')
            {
                age += TimeSpan.FromMilliseconds(n);
                i++;
                continue;
            }
            age += unit switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                'y' => TimeSpan.FromDays(365 * n),
                _ => TimeSpan.MinValue,
            };
            if (age < TimeSpan.Zero)
            {
                return false;
            }
        }
        return true;
    }

    private static string NormalizeNumericZone(string s)
    {
        // .NET's zzz wants +00:00; git and kubectl describe print +0000.
        if (s.Length > 5 && (s[^5] == '+' || s[^5] == '-') && char.IsAsciiDigit(s[^4]) && char.IsAsciiDigit(s[^1]))
        {
            return string.Concat(s.AsSpan(0, s.Length - 2), ":", s.AsSpan(s.Length - 2));
        }
        return s;
    }

    private static bool TryIso(ReadOnlySpan<char> s, out DateTimeOffset time, out int consumed, out bool hasZone)
    {
        time = default;
        consumed = 0;
        hasZone = false;
        if (s.Length < 16 || !Digits(s, 0, 4, out var year) || (s[4] != '-' && s[4] != '/') || !Digits(s, 5, 2, out var month) || s[7] != s[4]
            || !Digits(s, 8, 2, out var day) || (s[10] != 'T' && s[10] != ' ' && s[10] != 't' && s[10] != '_')
            || !Digits(s, 11, 2, out var hour) || s[13] != ':' || !Digits(s, 14, 2, out var minute))
        {
            return false;
        }
        var i = 16;
        var second = 0;
        if (i + 2 < s.Length + 0 && s[i] == ':' && Digits(s, i + 1, 2, out second))
        {
            i += 3;
        }
        long fractionTicks = 0;
        if (i < s.Length && (s[i] == '.' || s[i] == ',') && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]))
        {
            fractionTicks = FractionTicks(s, ref i);
        }
        var offset = TimeSpan.Zero;
        if (i < s.Length)
        {
            if (s[i] == 'Z' || s[i] == 'z')
            {
                hasZone = true;
                i++;
            }
            else if (TryOffset(s, i, out var len, out offset))
            {
                hasZone = true;
                i += len;
            }
            else if (s[i] == ' ' && TryOffset(s, i + 1, out len, out offset) && (i + 1 + len == s.Length || s[i + 1 + len] == ' '))
            {
                hasZone = true;
                i += 1 + len;
            }
            else if (s[i..].StartsWith(" UTC", StringComparison.Ordinal) && (i + 4 == s.Length || !char.IsAsciiLetterOrDigit(s[i + 4])))
            {
                hasZone = true;
                i += 4;
            }
        }
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || hour > 23 || minute > 59 || second > 60 || year < 1)
        {
            return false;
        }
        try
        {
            var dt = new DateTime(year, month, day, hour, minute, Math.Min(second, 59), DateTimeKind.Unspecified).AddTicks(fractionTicks);
            time = new DateTimeOffset(dt, offset).ToUniversalTime();
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
        consumed = i;
        return true;
    }

    private static bool TryOffset(ReadOnlySpan<char> s, int i, out int length, out TimeSpan offset)
    {
        length = 0;
        offset = default;
        if (i >= s.Length || (s[i] != '+' && s[i] != '-') || !Digits(s, i + 1, 2, out var h))
        {
            return false;
        }
        var j = i + 3;
        var m = 0;
        if (j < s.Length && s[j] == ':' && Digits(s, j + 1, 2, out m))
        {
            j += 3;
        }
        else if (Digits(s, j, 2, out m))
        {
            j += 2;
        }
        if (h > 14 || m > 59)
        {
            return false;
        }
        offset = new TimeSpan(h, m, 0);
        if (s[i] == '-')
        {
            offset = -offset;
        }
        length = j - i;
        return true;
    }

    private static bool TrySyslog(ReadOnlySpan<char> s, int year, out DateTimeOffset time, out int consumed)
    {
        time = default;
        consumed = 0;
        if (s.Length < 15 || s[3] != ' ')
        {
            return false;
        }
        var month = 0;
        for (var m = 0; m < 12; m++)
        {
            if (s[..3].Equals(MonthNames[m], StringComparison.OrdinalIgnoreCase))
            {
                month = m + 1;
                break;
            }
        }
        if (month == 0)
        {
            return false;
        }
        int day;
        if (s[4] == ' ' && Digits(s, 5, 1, out day)) { }
        else if (!Digits(s, 4, 2, out day))
        {
            return false;
        }
        if (s[6] != ' ' || !Digits(s, 7, 2, out var hour) || s[9] != ':' || !Digits(s, 10, 2, out var minute) || s[12] != ':' || !Digits(s, 13, 2, out var second))
        {
            return false;
        }
        var i = 15;
        long fractionTicks = 0;
        if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
        {
            fractionTicks = FractionTicks(s, ref i);
        }
        if (day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        time = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(fractionTicks);
        consumed = i;
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }
        for (var i = start; i < start + count; i++)
        {
            var c = s[i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            value = (value * 10) + (c - '0');
        }
        return true;
    }

    /// <summary>The ticks of the digits after a decimal separator at <paramref name="i"/>, which moves past them.</summary>
    private static long FractionTicks(ReadOnlySpan<char> s, ref int i)
    {
        i++;
        long ticks = 0;
        var scale = TimeSpan.TicksPerSecond / 10;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            ticks += (s[i] - '0') * scale;
            scale /= 10;
            i++;
        }
        return ticks;
    }
}
