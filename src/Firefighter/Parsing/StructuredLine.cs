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

    /// <summary>Splits a JSON object line: the message (<c>msg</c>, <c>message</c>, <c>@message</c>, <c>log</c>, <c>event</c>, <c>text</c>, by that
    /// preference), level and time members; <c>log</c> as message means a runtime-wrapped line (Docker json-file).</summary>
    public static bool TryJson(ReadOnlySpan<char> line, out Parts parts)
    {
        parts = default;
        var pick = new Picker();
        if (!ScanJson(line, ref pick) || pick.MessageRank == int.MaxValue) { return false; }
        parts = new Parts(TrimEscapedNewline(line, pick.Message), pick.Level, pick.Time, pick.Wrapped);
        return true;
    }

    /// <summary>Splits a logfmt line that has a <c>msg</c> or <c>message</c> key and at least two pairs.</summary>
    public static bool TryLogfmt(ReadOnlySpan<char> line, out Parts parts)
    {
        parts = default;
        var pick = new Picker();
        if (ScanLogfmt(line, ref pick) < 2 || pick.MessageRank > 1) { return false; }
        parts = new Parts(pick.Message, pick.Level, pick.Time, false);
        return true;
    }

    /// <summary>The top-level members of a JSON object line, string values unescaped (an invalid surrogate becomes U+FFFD), nested
    /// values as raw JSON, <c>null</c> members left out; null when the line is not one JSON object.</summary>
    public static Dictionary<string, string>? JsonFields(ReadOnlySpan<char> line)
    {
        var fields = new FieldCollector(line.Length);
        return ScanJson(line, ref fields) ? fields.Fields : null;
    }

    /// <summary>The pairs of a logfmt text (<c>key=value key="quoted value"</c>), quoted values unescaped; null unless it is all pairs, at least two.</summary>
    public static Dictionary<string, string>? LogfmtFields(ReadOnlySpan<char> text)
    {
        var fields = new FieldCollector(text.Length);
        return ScanLogfmt(text, ref fields) >= 2 ? fields.Fields : null;
    }

    /// <summary>Whether a key names the message, and how preferred it is (lower is better; <see cref="int.MaxValue"/> when not a message key).</summary>
    public static int MessageRank(ReadOnlySpan<char> key)
    {
        if (key.Equals("msg", StringComparison.OrdinalIgnoreCase)) { return 0; }
        if (key.Equals("message", StringComparison.OrdinalIgnoreCase)) { return 1; }
        if (key.Equals("@message", StringComparison.OrdinalIgnoreCase)) { return 2; }
        if (key.Equals("log", StringComparison.OrdinalIgnoreCase)) { return 3; }
        if (key.Equals("event", StringComparison.OrdinalIgnoreCase)) { return 4; }
        if (key.Equals("text", StringComparison.OrdinalIgnoreCase)) { return 5; }
        return int.MaxValue;
    }

    /// <summary>Whether a key names the level.</summary>
    public static bool IsLevelKey(ReadOnlySpan<char> key) =>
        key.Equals("level", StringComparison.OrdinalIgnoreCase) || key.Equals("severity", StringComparison.OrdinalIgnoreCase)
        || key.Equals("lvl", StringComparison.OrdinalIgnoreCase) || key.Equals("loglevel", StringComparison.OrdinalIgnoreCase)
        || key.Equals("levelname", StringComparison.OrdinalIgnoreCase) || key.Equals("log.level", StringComparison.OrdinalIgnoreCase)
        || key.Equals("severity_text", StringComparison.OrdinalIgnoreCase) || key.Equals("@level", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a key names the time.</summary>
    public static bool IsTimeKey(ReadOnlySpan<char> key) =>
        key.Equals("ts", StringComparison.OrdinalIgnoreCase) || key.Equals("time", StringComparison.OrdinalIgnoreCase)
        || key.Equals("timestamp", StringComparison.OrdinalIgnoreCase) || key.Equals("@timestamp", StringComparison.OrdinalIgnoreCase)
        || key.Equals("datetime", StringComparison.OrdinalIgnoreCase) || key.Equals("asctime", StringComparison.OrdinalIgnoreCase)
        || key.Equals("t", StringComparison.OrdinalIgnoreCase) || key.Equals("date", StringComparison.OrdinalIgnoreCase);

    /// <summary>The message, level and time of a field dictionary (from <see cref="JsonFields"/> or <see cref="LogfmtFields"/>), by the same key rules as <see cref="TryJson"/>.</summary>
    public static (string? Message, string? Level, string? Time) Pick(IReadOnlyDictionary<string, string> fields)
    {
        string? message = null, level = null, time = null;
        var rank = int.MaxValue;
        foreach (var (k, v) in fields)
        {
            var r = MessageRank(k);
            if (r < rank) { rank = r; message = v; }
            else if (level is null && IsLevelKey(k)) { level = v; }
            else if (time is null && IsTimeKey(k)) { time = v; }
        }
        return (message, level, time);
    }

    private interface IMemberVisitor
    {
        void Member(ReadOnlySpan<char> line, Range key, Range value, bool quoted);
    }

    private struct Picker : IMemberVisitor
    {
        public Range Message;
        public Range Level;
        public Range Time;
        public int MessageRank;
        public bool Wrapped;
        private bool _hasLevel;
        private bool _hasTime;

        public Picker() => MessageRank = int.MaxValue;

        public void Member(ReadOnlySpan<char> line, Range key, Range value, bool quoted)
        {
            var k = line[key];
            var rank = StructuredLine.MessageRank(k);
            if (quoted && rank < MessageRank)
            {
                MessageRank = rank;
                Message = value;
                Wrapped = rank == 3;
            }
            else if (!_hasLevel && IsLevelKey(k)) { Level = value; _hasLevel = true; }
            else if (!_hasTime && IsTimeKey(k)) { Time = value; _hasTime = true; }
        }
    }

    private readonly struct FieldCollector(int capacityHint) : IMemberVisitor
    {
        public Dictionary<string, string> Fields { get; } = new(Math.Min(16, capacityHint / 8 + 1), StringComparer.Ordinal);

        public void Member(ReadOnlySpan<char> line, Range key, Range value, bool quoted) =>
            Fields[Unescape(line[key])] = quoted ? Unescape(line[value]) : line[value].ToString();
    }

    // A JSON object line, member by member; false when it is not exactly one object. Bare null members are not visited.
    private static bool ScanJson<T>(ReadOnlySpan<char> line, ref T visitor) where T : struct, IMemberVisitor
    {
        var i = SkipSpace(line, 0);
        if (i >= line.Length || line[i] != '{') { return false; }
        i++;
        while (true)
        {
            i = SkipSpace(line, i);
            if (i >= line.Length) { return false; }
            if (line[i] == '}') { break; }
            if (line[i] != '"' || !ScanString(line, i, out var keyEnd)) { return false; }
            var key = new Range(i + 1, keyEnd);
            i = SkipSpace(line, keyEnd + 1);
            if (i >= line.Length || line[i] != ':') { return false; }
            i = SkipSpace(line, i + 1);
            if (i >= line.Length) { return false; }
            Range value;
            var quoted = line[i] == '"';
            if (quoted)
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
            if (quoted || !line[value].SequenceEqual("null")) { visitor.Member(line, key, value, quoted); }
            i = SkipSpace(line, i);
            if (i < line.Length && line[i] == ',') { i++; continue; }
            if (i < line.Length && line[i] == '}') { break; }
            return false;
        }
        return SkipSpace(line, i + 1) == line.Length;
    }

    // logfmt pairs; returns how many, or -1 when the text is not all pairs.
    private static int ScanLogfmt<T>(ReadOnlySpan<char> line, ref T visitor) where T : struct, IMemberVisitor
    {
        var i = SkipSpace(line, 0);
        if (i >= line.Length || !(char.IsAsciiLetter(line[i]) || line[i] == '_')) { return -1; }
        var pairs = 0;
        while (i < line.Length)
        {
            i = SkipSpace(line, i);
            if (i >= line.Length) { break; }
            var keyStart = i;
            while (i < line.Length && line[i] is not ('=' or '"') && !char.IsWhiteSpace(line[i])) { i++; }
            if (i == keyStart || i >= line.Length || line[i] != '=') { return -1; }
            var key = new Range(keyStart, i);
            i++;
            Range value;
            var quoted = i < line.Length && line[i] == '"';
            if (quoted)
            {
                if (!ScanString(line, i, out var end)) { return -1; }
                value = new Range(i + 1, end);
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < line.Length && !char.IsWhiteSpace(line[i])) { i++; }
                value = new Range(start, i);
            }
            visitor.Member(line, key, value, quoted);
            pairs++;
        }
        return pairs;
    }

    /// <summary>Unescapes the inside of a JSON (or logfmt) string; an unpaired surrogate escape becomes U+FFFD, never an error.</summary>
    public static string Unescape(ReadOnlySpan<char> s)
    {
        var slash = s.IndexOf('\\');
        if (slash < 0) { return s.ToString(); }
        var sb = new System.Text.StringBuilder(s.Length);
        sb.Append(s[..slash]);
        for (var i = slash; i < s.Length; i++)
        {
            var c = s[i];
            if (c != '\\' || i + 1 >= s.Length) { sb.Append(c); continue; }
            var e = s[++i];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'u' when i + 4 < s.Length && ushort.TryParse(s.Slice(i + 1, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var code):
                    i += 4;
                    var ch = (char)code;
                    if (char.IsHighSurrogate(ch) && i + 6 < s.Length && s[i + 1] == '\\' && s[i + 2] == 'u'
                        && ushort.TryParse(s.Slice(i + 3, 4), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var low)
                        && char.IsLowSurrogate((char)low))
                    {
                        sb.Append(ch).Append((char)low);
                        i += 6;
                    }
                    else
                    {
                        sb.Append(char.IsSurrogate(ch) ? '\uFFFD' : ch);
                    }
                    break;
                default: sb.Append(e); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Parses the CRI prefix of a Kubernetes container log line: <c>2024-01-15T10:46:14.183Z stdout F message</c>.</summary>
    public static bool TryCri(ReadOnlySpan<char> line, out Parts parts) => TryCri(line, out parts, out _, out _);

    /// <summary>Parses the CRI prefix, also saying the stream and whether the runtime split the line (tag <c>P</c>: the next line continues it).</summary>
    public static bool TryCri(ReadOnlySpan<char> line, out Parts parts, out bool stderr, out bool partial)
    {
        parts = default;
        stderr = false;
        partial = false;
        if (line.Length < 24 || !char.IsAsciiDigit(line[0]) || line[4] != '-' || line[10] != 'T') { return false; }
        var sp = line.IndexOf(' ');
        if (sp < 0) { return false; }
        var rest = line[(sp + 1)..];
        if (rest.StartsWith("stderr ", StringComparison.Ordinal)) { stderr = true; }
        else if (!rest.StartsWith("stdout ", StringComparison.Ordinal)) { return false; }
        var tag = sp + 1 + 7;
        if (tag + 1 > line.Length || line[tag] is not ('F' or 'P') || (tag + 1 < line.Length && line[tag + 1] != ' ')) { return false; }
        partial = line[tag] == 'P';
        var start = Math.Min(line.Length, tag + 2);
        parts = new Parts(new Range(start, line.Length), default, new Range(0, sp), true);
        return true;
    }

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
