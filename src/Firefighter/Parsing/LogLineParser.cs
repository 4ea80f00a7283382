using System.Text.RegularExpressions;
using Firefighter.Evidence;

namespace Firefighter.Parsing;

/// <summary>Splits a log line into header (time, level) and message, with a Loghub-notation format or by auto-detection.</summary>
/// <remarks>
/// Auto-detection peels, in order: a timestamp of a common shape (ISO-8601/RFC 3339, syslog, Apache/nginx brackets,
/// yy/MM/dd, yyMMdd HHmmss, glog), then up to a few header tokens (level words, pids, bracketed thread or component,
/// the syslog host, a trailing <c>component:</c>). It never throws: an unrecognised line is all message. Not thread-safe
/// (it caches the last timestamp): use one per thread.
/// </remarks>
public sealed partial class LogLineParser
{
    private readonly LoghubFormat? _format;
    private readonly HeaderShape? _shape;
    private readonly HeaderShape.Memo? _shapeMemo;
    private readonly int _levelField = -1;
    private readonly int[] _timeFields = [];
    private readonly int _defaultYear;
    private readonly bool _parseTime;
    private readonly Range[] _fields = [];
    private readonly char[] _lastTimeText = new char[64];
    private int _lastTimeLength = -1;
    private DateTimeOffset? _lastTime;
    private TimestampFlags _lastFlags;

    /// <summary>Creates a parser; <paramref name="format"/> null means auto-detect.</summary>
    /// <param name="format">Loghub-notation format, or null.</param>
    /// <param name="defaultYear">Year for timestamps that have none (syslog).</param>
    /// <param name="parseTime">Whether to read timestamps at all (skipping saves time when only templates matter).</param>
    /// <param name="shape">A header learned from the input's first lines (<see cref="HeaderShape.Learn"/>), used before the built-in detection when there is no format.</param>
    public LogLineParser(LoghubFormat? format, int defaultYear = 2000, bool parseTime = true, HeaderShape? shape = null)
    {
        _format = format;
        _shape = format is null ? shape : null;
        _shapeMemo = _shape?.CreateMemo();
        _defaultYear = defaultYear;
        _parseTime = parseTime;
        if (format is not null)
        {
            var times = new List<int>();
            for (var i = 0; i < format.Fields.Count; i++)
            {
                var f = format.Fields[i];
                if (f is "Level" or "Severity" or "Type" && _levelField < 0 && f == "Level") { _levelField = i; }
                if (f is "Month" or "Date" or "Day" or "Time" or "Timestamp" && !(f == "Timestamp" && format.Fields.Contains("Time"))) { times.Add(i); }
            }
            if (_levelField < 0) { _levelField = IndexOf(format.Fields, "Severity"); }
            _timeFields = [.. times];
            _fields = new Range[format.Fields.Count];
        }
    }

    private static int IndexOf(IReadOnlyList<string> list, string s)
    {
        for (var i = 0; i < list.Count; i++) { if (list[i] == s) { return i; } }
        return -1;
    }

    /// <summary>Parses a line given as a string.</summary>
    public (ReadOnlyMemory<char> Content, LogLevel Level, DateTimeOffset? Time) Parse(string line)
    {
        var h = Parse(line.AsSpan());
        return (line.AsMemory(h.Content), h.Level, h.Time);
    }

    /// <summary>Parses one line (without its newline).</summary>
    public LineHeader Parse(ReadOnlySpan<char> line)
    {
        if (_format is not null)
        {
            Span<Range> fields = _fields;
            if (!_format.TryMatch(line, fields) || _format.ContentIndex < 0)
            {
                return new LineHeader(Trim(line), LogLevel.Unknown, null, false);
            }
            var level = _levelField >= 0 ? LogLevels.Parse(line[fields[_levelField]]) : LogLevel.Unknown;
            DateTimeOffset? time = null;
            if (_parseTime && _timeFields.Length > 0)
            {
                Span<char> buf = stackalloc char[128];
                var n = 0;
                foreach (var f in _timeFields)
                {
                    var s = line[fields[f]];
                    if (n + s.Length + 1 > buf.Length) { break; }
                    if (n > 0) { buf[n++] = ' '; }
                    s.CopyTo(buf[n..]);
                    n += s.Length;
                }
                time = CachedTime(buf[..n]);
            }
            return new LineHeader(fields[_format.ContentIndex], level, time, true) { TimeFlags = time is null ? default : _lastFlags };
        }
        var first = 0;
        while (first < line.Length && line[first] is ' ' or '\t') { first++; }
        if (first < line.Length && line[first] == '{' && StructuredLine.TryJson(line, out var json)) { return FromParts(line, json); }
        if (first == 0 && line.Length > 0 && char.IsAsciiDigit(line[0]) && StructuredLine.TryCri(line, out var cri)) { return FromParts(line, cri); }
        if (first == 0 && line.Length > 0 && char.IsAsciiLetter(line[0]) && (line.Contains("msg=", StringComparison.Ordinal) || line.Contains("message=", StringComparison.Ordinal))
            && StructuredLine.TryLogfmt(line, out var logfmt))
        {
            return FromParts(line, logfmt);
        }
        return DetectPlain(line);
    }

    private LineHeader DetectPlain(ReadOnlySpan<char> line)
    {
        if (_shape is null || !_shape.TryMatch(line, _shapeMemo, out var content, out var level, out var timeText)) { return Detect(line); }
        DateTimeOffset? time = _parseTime && _shape.HasTime ? CachedTime(line[timeText]) : null;
        return new LineHeader(content, level, time, true) { TimeFlags = time is null ? default : _lastFlags };
    }

    // A structured record: its own level and time, and for a runtime-wrapped line (CRI, Docker "log") the inner header too.
    private LineHeader FromParts(ReadOnlySpan<char> line, StructuredLine.Parts parts)
    {
        var level = LogLevel.Unknown;
        var levelText = line[parts.Level];
        if (!levelText.IsEmpty) { level = LogLevels.FromValue(levelText); }
        DateTimeOffset? time = null;
        var timeText = line[parts.Time].Trim("\"'");
        if (_parseTime && !timeText.IsEmpty) { time = CachedTime(timeText); }
        var flags = time is null ? default : _lastFlags;
        var content = parts.Message;
        if (parts.Wrapped)
        {
            var (off, _) = content.GetOffsetAndLength(line.Length);
            var inner = DetectPlain(line[content]);
            var (io, il) = inner.Content.GetOffsetAndLength(line[content].Length);
            content = new Range(off + io, off + io + il);
            if (level == LogLevel.Unknown) { level = inner.Level; }
            if (time is null) { (time, flags) = (inner.Time, inner.TimeFlags); }
        }
        return new LineHeader(content, level, time, true) { TimeFlags = flags };
    }

    /// <summary>True for a line that continues the previous record (a stack frame, <c>Caused by:</c>, <c>... 5 more</c>, a Python traceback) when it has no header of its own.</summary>
    public static bool IsContinuation(ReadOnlySpan<char> line, LineHeader header)
    {
        if (header.Matched || line.IsEmpty) { return false; }
        if (line[0] is ' ' or '\t') { return !line.Trim().IsEmpty; }
        return line.StartsWith("Caused by:", StringComparison.Ordinal) || line.StartsWith("Traceback (most recent call last)", StringComparison.Ordinal)
            || (line.StartsWith("... ", StringComparison.Ordinal) && line.EndsWith(" more", StringComparison.Ordinal)) || IsJavaExceptionLine(line);
    }

    // "java.lang.IllegalStateException: boom": a qualified class name ending in Exception/Error/Throwable, then ':' or the end.
    private static bool IsJavaExceptionLine(ReadOnlySpan<char> line)
    {
        var end = line.IndexOfAny(": ");
        var name = end < 0 ? line : line[..end];
        if (end >= 0 && line[end] != ':') { return false; }
        if (name.Length < 8 || !char.IsAsciiLetterLower(name[0]) || !name.Contains('.')) { return false; }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '$' or '_')) { return false; }
        }
        return name.EndsWith("Exception", StringComparison.Ordinal) || name.EndsWith("Error", StringComparison.Ordinal) || name.EndsWith("Throwable", StringComparison.Ordinal);
    }

    // Neighbouring lines usually share their timestamp text (same second), so the last parse is reused.
    private DateTimeOffset? CachedTime(ReadOnlySpan<char> text)
    {
        if (text.Length == _lastTimeLength && text.SequenceEqual(_lastTimeText.AsSpan(0, text.Length))) { return _lastTime; }
        _lastTime = Timestamps.TryParse(text, _defaultYear, out var t, out _lastFlags) ? t : null;
        if (text.Length <= _lastTimeText.Length)
        {
            text.CopyTo(_lastTimeText);
            _lastTimeLength = text.Length;
        }
        else
        {
            _lastTimeLength = -1;
        }
        return _lastTime;
    }

    private static Range Trim(ReadOnlySpan<char> line)
    {
        var s = 0;
        var e = line.Length;
        while (s < e && char.IsWhiteSpace(line[s])) { s++; }
        while (e > s && char.IsWhiteSpace(line[e - 1])) { e--; }
        return new Range(s, e);
    }

    [GeneratedRegex(@"\G(?:\[[^\]]{0,60}?\d{1,2}:\d{2}:\d{2}[^\]]{0,40}\]|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2}| (?:UTC|GMT)(?= ))?|(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) )?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}\d{1,2} \d{2}:\d{2}:\d{2}(?:\.\d+)?(?: \d{4})?|\d{2,4}[/.-]\d{2}[/.-]\d{2}[ T-]\d{2}[:.]\d{2}[:.]\d{2}(?:[.,]\d+)?|\d{6} \d{6}|[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+|\d{10}(?:\.\d+)?(?= ))", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampRegex();

    private LineHeader Detect(ReadOnlySpan<char> line)
    {
        var range = Trim(line);
        var (pos, end) = (range.Start.Value, range.End.Value);
        DateTimeOffset? time = null;
        var level = LogLevel.Unknown;
        var syslog = false;
        // Skip a leading RFC 5424 priority "<34>1 ".
        if (pos < end && line[pos] == '<')
        {
            var close = line[pos..end].IndexOf('>');
            if (close > 1 && close < 6) { pos += close + 1; }
        }
        foreach (var m in TimestampRegex().EnumerateMatches(line[..end], pos))
        {
            if (m.Index != pos) { break; }
            var ts = line.Slice(m.Index, m.Length);
            syslog = char.IsAsciiLetter(ts[0]) && ts.Length <= 20;
            if (_parseTime) { time = CachedTime(ts.Trim("[]")); }
            if (ts[0] is 'I' or 'W' or 'E' or 'F') { level = LogLevels.Parse(ts[..1]); }
            pos += m.Length;
            break;
        }
        if (time is null && pos == range.Start.Value && !syslog)
        {
            // No timestamp: still try a leading level ("ERROR: ...", "[warn] ...").
        }
        var consumed = 0;
        while (pos < end && consumed < 5)
        {
            // Any whitespace (a vertical tab or form feed too), else the token below would be empty.
            while (pos < end && (char.IsWhiteSpace(line[pos]) || line[pos] == '|' || (line[pos] == '-' && pos + 1 < end && line[pos + 1] == ' '))) { pos++; }
            if (pos >= end) { break; }
            var tokEnd = pos;
            while (tokEnd < end && !char.IsWhiteSpace(line[tokEnd])) { tokEnd++; }
            var tok = line[pos..tokEnd];
            if (syslog && consumed == 0 && time is not null)
            {
                pos = tokEnd; // host
                consumed++;
                continue;
            }
            var bare = tok.Trim("[]():<>");
            var lv = bare.Length > 1 ? LogLevels.Parse(bare.TrimEnd(':')) : LogLevel.Unknown;
            if (lv != LogLevel.Unknown && level == LogLevel.Unknown)
            {
                level = lv;
                pos = tokEnd;
                consumed++;
                continue;
            }
            if (tok[0] == '[' && tok[^1] is ']' or ':' && time is not null)
            {
                pos = tokEnd;
                consumed++;
                continue;
            }
            if (tok[0] == '[' && time is not null)
            {
                // A bracketed header group with spaces, e.g. "[main thread]".
                var close = line[pos..end].IndexOf(']');
                if (close > 0 && close < 80 && (pos + close + 1 >= end || line[pos + close + 1] is ' ' or ':'))
                {
                    pos += close + 1;
                    if (pos < end && line[pos] == ':') { pos++; }
                    consumed++;
                    continue;
                }
            }
            if (time is not null && consumed < 2 && IsTimeOfDay(tok))
            {
                pos = tokEnd; // the application's own clock after a collector's timestamp ("<RFC 3339> 22:48:49.749 INFO ...")
                consumed++;
                continue;
            }
            if (time is not null && IsAllDigits(tok) && tok.Length <= 7 && consumed < 3)
            {
                pos = tokEnd; // pid
                consumed++;
                continue;
            }
            if (time is not null && tok.Length > 1 && tok[^1] == ':' && LooksLikeComponent(tok[..^1]))
            {
                pos = tokEnd;
                consumed++;
                break;
            }
            if (time is not null && level != LogLevel.Unknown && consumed <= 3 && LooksLikeComponent(tok) && tok.Contains('.') && tokEnd < end)
            {
                // log4j "INFO org.foo.Bar message" without colon.
                pos = tokEnd;
                consumed++;
                break;
            }
            break;
        }
        while (pos < end && char.IsWhiteSpace(line[pos])) { pos++; }
        return new LineHeader(new Range(pos, end), level, time, time is not null) { TimeFlags = time is null ? default : _lastFlags };
    }

    // HH:mm:ss with an optional fraction.
    private static bool IsTimeOfDay(ReadOnlySpan<char> s) =>
        s.Length >= 8 && char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[1]) && s[2] == ':' && char.IsAsciiDigit(s[3]) && char.IsAsciiDigit(s[4])
        && s[5] == ':' && char.IsAsciiDigit(s[6]) && char.IsAsciiDigit(s[7]) && (s.Length == 8 || (s[8] is '.' or ',' && s.Length > 9 && IsAllDigits(s[9..])));

    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s) { if (!char.IsAsciiDigit(c)) { return false; } }
        return s.Length > 0;
    }

    private static bool LooksLikeComponent(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s.Length > 80) { return false; }
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '$' or '-' or '[' or ']' or '(' or ')' or '/' or '@' or ':')) { return false; }
        }
        return char.IsAsciiLetter(s[0]) || s[0] == '[';
    }
}
