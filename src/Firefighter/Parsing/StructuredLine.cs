namespace Firefighter.Parsing;

/// <summary>Finds the message, level and time of structured log lines without allocating: JSON lines, logfmt, and the Kubernetes CRI prefix.</summary>
/// <remarks>
/// Results are ranges into the line. A JSON string value is returned as its raw text between the quotes (escapes are kept,
/// a trailing <c>\n</c> is dropped), which is enough to mine templates. Never throws: a line that is not of the shape
/// returns false and is treated as plain text.
/// </remarks>
public static class StructuredLine
{
    /// <summary>The parts found in a structured line.</summary>
    /// <param name="Message">The message text.</param>
    /// <param name="Level">The level text, or an empty range.</param>
    /// <param name="Time">The time text, or an empty range.</param>
    /// <param name="Wrapped">True when the message is a raw log line wrapped by a container runtime (Docker <c>log</c>, CRI), whose own header still needs detecting.</param>
    public readonly record struct Parts(Range Message, Range Level, Range Time, bool Wrapped);

    /// <summary>Parses a JSON object line with a message field (<c>msg</c>, <c>message</c>, <c>@message</c>, <c>log</c>, <c>text</c>).</summary>
    public static bool TryJson(ReadOnlySpan<char> line, out Parts parts)
    {
        parts = default;
        var i = SkipSpace(line, 0);
        if (i >= line.Length || line[i] != '{') { return false; }
        i++;
        Range message = default, level = default, time = default;
        var messageRank = int.MaxValue;
        var wrapped = false;
        while (true)
        {
            i = SkipSpace(line, i);
            if (i >= line.Length) { return false; }
            if (line[i] == '}') { break; }
            if (line[i] != '"' || !ScanString(line, i, out var keyEnd)) { return false; }
            var key = line[(i + 1)..keyEnd];
            i = SkipSpace(line, keyEnd + 1);
            if (i >= line.Length || line[i] != ':') { return false; }
            i = SkipSpace(line, i + 1);
            if (i >= line.Length) { return false; }
            Range value;
            var isString = line[i] == '"';
            if (isString)
            {
                if (!ScanString(line, i, out var end)) { return false; }
                value = new Range(i + 1, end);
                i = end + 1;
            }
            else if (line[i] is '{' or '[')
            {
                var end = SkipNested(line, i);
                if (end < 0) { return false; }
                value = new Range(i, end);
                i = end;
            }
            else
            {
                var start = i;
                while (i < line.Length && line[i] is not (',' or '}') && !char.IsWhiteSpace(line[i])) { i++; }
                value = new Range(start, i);
            }
            var rank = MessageRank(key);
            if (isString && rank < messageRank)
            {
                messageRank = rank;
                message = value;
                wrapped = key.Equals("log", StringComparison.OrdinalIgnoreCase);
            }
            else if (IsLevelKey(key) && level.Equals(default(Range))) { level = value; }
            else if (IsTimeKey(key) && time.Equals(default(Range))) { time = value; }
            i = SkipSpace(line, i);
            if (i < line.Length && line[i] == ',') { i++; continue; }
            if (i < line.Length && line[i] == '}') { break; }
            return false;
        }
        if (messageRank == int.MaxValue) { return false; }
        parts = new Parts(TrimEscapedNewline(line, message), level, time, wrapped);
        return true;
    }

    /// <summary>Parses a logfmt line (<c>level=info ts=... msg="text" key=value</c>) that has a <c>msg</c> or <c>message</c> key.</summary>
    public static bool TryLogfmt(ReadOnlySpan<char> line, out Parts parts)
    {
        parts = default;
        var i = SkipSpace(line, 0);
        if (i >= line.Length || !(char.IsAsciiLetter(line[i]) || line[i] == '_')) { return false; }
        Range message = default, level = default, time = default;
        var found = false;
        var pairs = 0;
        while (i < line.Length)
        {
            i = SkipSpace(line, i);
            if (i >= line.Length) { break; }
            var keyStart = i;
            while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or '.' or '-' or '@')) { i++; }
            if (i == keyStart || i >= line.Length || line[i] != '=') { return false; }
            var key = line[keyStart..i];
            i++;
            Range value;
            if (i < line.Length && line[i] == '"')
            {
                if (!ScanString(line, i, out var end)) { return false; }
                value = new Range(i + 1, end);
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < line.Length && !char.IsWhiteSpace(line[i])) { i++; }
                value = new Range(start, i);
            }
            pairs++;
            if (!found && (key.Equals("msg", StringComparison.OrdinalIgnoreCase) || key.Equals("message", StringComparison.OrdinalIgnoreCase)))
            {
                message = value;
                found = true;
            }
            else if (IsLevelKey(key)) { level = value; }
            else if (IsTimeKey(key)) { time = value; }
        }
        if (!found || pairs < 2) { return false; }
        parts = new Parts(message, level, time, false);
        return true;
    }

    /// <summary>Parses the CRI prefix of a Kubernetes container log line: <c>2024-01-15T10:46:14.183Z stdout F message</c>.</summary>
    public static bool TryCri(ReadOnlySpan<char> line, out Parts parts)
    {
        parts = default;
        if (line.Length < 24 || !char.IsAsciiDigit(line[0]) || line[4] != '-' || line[10] != 'T') { return false; }
        var sp = line.IndexOf(' ');
        if (sp < 0) { return false; }
        var rest = line[(sp + 1)..];
        int stream;
        if (rest.StartsWith("stdout ", StringComparison.Ordinal)) { stream = 7; }
        else if (rest.StartsWith("stderr ", StringComparison.Ordinal)) { stream = 7; }
        else { return false; }
        var tag = sp + 1 + stream;
        if (tag + 1 > line.Length || line[tag] is not ('F' or 'P') || (tag + 1 < line.Length && line[tag + 1] != ' ')) { return false; }
        var start = Math.Min(line.Length, tag + 2);
        parts = new Parts(new Range(start, line.Length), default, new Range(0, sp), true);
        return true;
    }

    private static int MessageRank(ReadOnlySpan<char> key)
    {
        if (key.Equals("msg", StringComparison.OrdinalIgnoreCase)) { return 0; }
        if (key.Equals("message", StringComparison.OrdinalIgnoreCase)) { return 1; }
        if (key.Equals("@message", StringComparison.OrdinalIgnoreCase)) { return 2; }
        if (key.Equals("log", StringComparison.OrdinalIgnoreCase)) { return 3; }
        if (key.Equals("text", StringComparison.OrdinalIgnoreCase)) { return 4; }
        return int.MaxValue;
    }

    private static bool IsLevelKey(ReadOnlySpan<char> key) =>
        key.Equals("level", StringComparison.OrdinalIgnoreCase) || key.Equals("severity", StringComparison.OrdinalIgnoreCase)
        || key.Equals("lvl", StringComparison.OrdinalIgnoreCase) || key.Equals("loglevel", StringComparison.OrdinalIgnoreCase)
        || key.Equals("levelname", StringComparison.OrdinalIgnoreCase) || key.Equals("log.level", StringComparison.OrdinalIgnoreCase)
        || key.Equals("severity_text", StringComparison.OrdinalIgnoreCase);

    private static bool IsTimeKey(ReadOnlySpan<char> key) =>
        key.Equals("ts", StringComparison.OrdinalIgnoreCase) || key.Equals("time", StringComparison.OrdinalIgnoreCase)
        || key.Equals("timestamp", StringComparison.OrdinalIgnoreCase) || key.Equals("@timestamp", StringComparison.OrdinalIgnoreCase)
        || key.Equals("datetime", StringComparison.OrdinalIgnoreCase) || key.Equals("asctime", StringComparison.OrdinalIgnoreCase);

    private static int SkipSpace(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i])) { i++; }
        return i;
    }

    // s[start] is '"'; finds the closing quote, honouring backslash escapes.
    private static bool ScanString(ReadOnlySpan<char> s, int start, out int end)
    {
        for (var i = start + 1; i < s.Length; i++)
        {
            if (s[i] == '\\') { i++; continue; }
            if (s[i] == '"')
            {
                end = i;
                return true;
            }
        }
        end = -1;
        return false;
    }

    // s[start] is '{' or '['; returns the index after the matching close, or -1.
    private static int SkipNested(ReadOnlySpan<char> s, int start)
    {
        var depth = 0;
        for (var i = start; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '"')
            {
                if (!ScanString(s, i, out var end)) { return -1; }
                i = end;
            }
            else if (c is '{' or '[') { depth++; }
            else if (c is '}' or ']' && --depth == 0) { return i + 1; }
        }
        return -1;
    }

    private static Range TrimEscapedNewline(ReadOnlySpan<char> line, Range r)
    {
        var (off, len) = r.GetOffsetAndLength(line.Length);
        var end = off + len;
        while (true)
        {
            if (end - off >= 2 && line[end - 2] == '\\' && line[end - 1] is 'n' or 'r' or 't') { end -= 2; continue; }
            if (end > off && char.IsWhiteSpace(line[end - 1])) { end--; continue; }
            break;
        }
        var start = off;
        while (start < end && char.IsWhiteSpace(line[start])) { start++; }
        return new Range(start, end);
    }
}
