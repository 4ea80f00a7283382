namespace Firefighter.Parsing;

/// <summary>Reads the timestamp shapes of common log headers without allocating; all times are taken as UTC unless an offset is written.</summary>
public static class TimestampParser
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>Parses ISO-8601/RFC 3339, syslog (<c>Jun 14 15:16:01</c>), Apache (<c>Sun Dec 04 04:47:44 2005</c>), <c>yy/MM/dd HH:mm:ss</c>, <c>yyMMdd HHmmss</c>, <c>yyyy-MM-dd-HH.mm.ss.ffffff</c> and epoch seconds.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, int defaultYear, out DateTimeOffset value)
    {
        value = default;
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
                if (word.Length >= 3 && month == 0)
                {
                    for (var m = 0; m < 12; m++)
                    {
                        if (word[..3].Equals(Months[m], StringComparison.OrdinalIgnoreCase)) { month = m + 1; break; }
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
            year = n < count && digits[n] == 4 ? (int)nums[n] : defaultYear;
        }
        else if (count == 1 && digits[0] is 10 or 13)
        {
            value = digits[0] == 10 ? DateTimeOffset.FromUnixTimeSeconds(nums[0]) : DateTimeOffset.FromUnixTimeMilliseconds(nums[0]);
            return true;
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
        if (year is < 1970 or > 2200 || mon is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, mon) || hour > 23 || min > 59 || sec > 60)
        {
            return false;
        }
        if (sec == 60) { sec = 59; }
        var dt = new DateTime(year, mon, day, hour, min, sec, DateTimeKind.Unspecified).AddTicks(fracTicks);
        value = new DateTimeOffset(dt, TimeSpan.FromMinutes(offsetMinutes));
        return true;
    }
}
