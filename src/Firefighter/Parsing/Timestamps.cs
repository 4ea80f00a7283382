using System.Globalization;

namespace Firefighter.Parsing;

/// <summary>The one timestamp parser: the shapes found in log headers, JSON/logfmt fields, metrics, kubectl and git output,
/// without allocating for the common forms. Results are in UTC.</summary>
/// <remarks>Never throws; an offset beyond ±14 h or a field out of range is "not a timestamp". O(length of the text).</remarks>
public static class Timestamps
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

    /// <summary>Parses the time text of a log header or structured field: ISO-8601/RFC 3339, epoch seconds or milliseconds,
    /// syslog (<c>Jun 14 15:16:01</c>), Apache (<c>Sun Dec 04 04:47:44 2005</c>), <c>yy/MM/dd HH:mm:ss</c>, <c>yyMMdd HHmmss</c>,
    /// <c>yyyy-MM-dd-HH.mm.ss.ffffff</c>; a missing year is <paramref name="defaultYear"/>, a missing zone UTC (both said in <paramref name="flags"/>).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, int defaultYear, out DateTimeOffset value, out TimestampFlags flags)
    {
        text = text.Trim();
        if (TryIso(text, out value, out var consumed, out var hasZone) && consumed == text.Length)
        {
            flags = hasZone ? TimestampFlags.None : TimestampFlags.ZoneAssumed;
            return true;
        }
        if (TryKlog(text, defaultYear, out value))
        {
            flags = TimestampFlags.ZoneAssumed | TimestampFlags.YearAssumed;
            return true;
        }
        flags = TimestampFlags.None;
        // Epoch seconds, ms, µs or ns: 10, 13, 16 or 19 integer digits (shorter numbers are pids and counters, not times).
        var intDigits = text.IndexOfAnyExceptInRange('0', '9') is var k && k < 0 ? text.Length : k;
        if (intDigits is 10 or 13 or 16 or 19 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return TryFromEpoch(number, out value);
        }
        if (TryLoose(text, defaultYear, out value, out flags))
        {
            return true;
        }
        // RFC 1123 and git's dates come last: the only path that allocates.
        flags = TimestampFlags.None;
        return text.Length is > 15 and < 64 && char.IsAsciiLetter(text[0]) && TryParse(text.ToString(), out value, out _);
    }

    // klog (Kubernetes components): "I0115 14:22:45.123456", level letter then MMdd and the time, no year.
    private static bool TryKlog(ReadOnlySpan<char> s, int year, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 14 || "IWEF".IndexOf(s[0]) < 0 || s[5] != ' ' || !Digits(s, 1, 2, out var month) || !Digits(s, 3, 2, out var day)
            || !Digits(s, 6, 2, out var hour) || s[8] != ':' || !Digits(s, 9, 2, out var minute) || s[11] != ':' || !Digits(s, 12, 2, out var second)
            || month is < 1 or > 12 || day < 1 || year is < 1 or > 9999 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var i = 14;
        var fraction = i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]) ? FractionTicks(s, ref i) : 0;
        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(fraction);
        return true;
    }

    private static bool TryLoose(ReadOnlySpan<char> text, int defaultYear, out DateTimeOffset value, out TimestampFlags flags)
    {
        value = default;
        flags = TimestampFlags.None;
        var hasOffset = false;
        Span<long> nums = stackalloc long[10];
        Span<int> digits = stackalloc int[10];
        var count = 0;
        var month = 0;
        var fracTicks = 0L;
        var offsetMinutes = 0;
        var i = 0;
        while (i < text.Length && count < nums.Length)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                long v = 0;
                while (i < text.Length && char.IsAsciiDigit(text[i]) && i - start < 18) { v = v * 10 + (text[i] - '0'); i++; }
                var len = i - start;
                // A fraction follows seconds: ".123" or ",123" after at least hour:minute:second.
                if (start > 0 && text[start - 1] is '.' or ',' && count >= 5 + (month > 0 ? -1 : 0) && fracTicks == 0 && len <= 9)
                {
                    var ticks = v;
                    for (var k = len; k < 7; k++) { ticks *= 10; }
                    for (var k = 7; k < len; k++) { ticks /= 10; }
                    fracTicks = ticks;
                    continue;
                }
                if (start > 0 && text[start - 1] is '+' or '-' && count >= 5 && len is 2 or 4)
                {
                    var h = len == 4 ? (int)(v / 100) : (int)v;
                    var m = len == 4 ? (int)(v % 100) : 0;
                    if (len == 2 && i + 2 < text.Length && text[i] == ':' && char.IsAsciiDigit(text[i + 1]))
                    {
                        m = (text[i + 1] - '0') * 10 + (text[i + 2] - '0');
                        i += 3;
                    }
                    offsetMinutes = (text[start - 1] == '-' ? -1 : 1) * (h * 60 + m);
                    hasOffset = true;
                    continue;
                }
                nums[count] = v;
                digits[count] = len;
                count++;
            }
            else if (char.IsAsciiLetter(c))
            {
                var start = i;
                while (i < text.Length && char.IsAsciiLetter(text[i])) { i++; }
                var word = text[start..i];
                if (word is "Z" or "UTC" or "GMT") { hasOffset = true; }
                if (word.Length >= 3 && month == 0)
                {
                    for (var m = 0; m < 12; m++)
                    {
                        if (word[..3].Equals(MonthNames[m], StringComparison.OrdinalIgnoreCase)) { month = m + 1; break; }
                    }
                }
            }
            else
            {
                i++;
            }
        }
        int year, mon, day, hour = 0, min = 0, sec = 0;
        var n = 0;
        if (month > 0)
        {
            mon = month;
            if (count < 1) { return false; }
            day = (int)nums[n++];
            if (count >= 4) { hour = (int)nums[n++]; min = (int)nums[n++]; sec = (int)nums[n++]; }
            var hasYear = n < count && digits[n] == 4;
            year = hasYear ? (int)nums[n] : defaultYear;
            if (!hasYear) { flags |= TimestampFlags.YearAssumed; }
        }
        else if (count == 1 && digits[0] is 10 or 13)
        {
            return TryFromEpoch(nums[0], out value);
        }
        else if (count >= 2 && digits[0] == 6 && digits[1] == 6)
        {
            year = 2000 + (int)(nums[0] / 10000);
            mon = (int)(nums[0] / 100 % 100);
            day = (int)(nums[0] % 100);
            hour = (int)(nums[1] / 10000);
            min = (int)(nums[1] / 100 % 100);
            sec = (int)(nums[1] % 100);
        }
        else if (count >= 3)
        {
            year = (int)nums[0];
            if (digits[0] == 2) { year += 2000; }
            else if (digits[0] != 4) { return false; }
            mon = (int)nums[1];
            day = (int)nums[2];
            if (count >= 6) { hour = (int)nums[3]; min = (int)nums[4]; sec = (int)nums[5]; }
        }
        else
        {
            return false;
        }
        // The numbers are longs cut to int: a huge one wraps negative, so the lower bounds matter.
        if (year is < 1970 or > 2200 || mon is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, mon) || hour is < 0 or > 23 || min is < 0 or > 59 || sec is < 0 or > 60)
        {
            return false;
        }
        if (sec == 60) { sec = 59; }
        if (Math.Abs(offsetMinutes) > 14 * 60) { return false; }
        var dt = new DateTime(year, mon, day, hour, min, sec, DateTimeKind.Unspecified).AddTicks(fracTicks);
        value = new DateTimeOffset(dt, TimeSpan.FromMinutes(offsetMinutes)).ToUniversalTime();
        if (!hasOffset) { flags |= TimestampFlags.ZoneAssumed; }
        return true;
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
