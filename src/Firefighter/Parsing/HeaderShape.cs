using Firefighter.Evidence;

namespace Firefighter.Parsing;

/// <summary>A log header learned from sample lines: the leading columns whose kind is the same on (nearly) every line.</summary>
/// <remarks>
/// Columns are whitespace-separated tokens, with a bracketed group (<c>[a b c]</c>) taken as one column. Each column gets a
/// kind (number, time, month, level, dash, upper-case tag, identifier with digits, dotted name, bracket, <c>component:</c>,
/// word). A column whose kinds other than plain word cover at least 90% of the sample is <em>strong</em>; the header ends at
/// the last strong column reached, or right after a <c>component:</c> column. Up to two weak columns may sit between strong
/// ones when they vary (names such as an HPC component) or hold one value right after the time (a syslog host), and only a
/// column that cannot be message text (time, level, bracket, <c>component:</c>) may follow them, so a message whose first
/// words repeat is not taken for a header. Nothing here is specific to a log source. Immutable and thread-safe once learned.
/// </remarks>
public sealed class HeaderShape
{
    /// <summary>Lines sampled by <see cref="Learn"/>.</summary>
    public const int SampleLines = 500;

    private const int MaxColumns = 16;
    private readonly ColumnKind[][] _accepted;
    private readonly int _levelColumn;
    private readonly int _timeStart;
    private readonly int _timeLength;
    private readonly int _timeTextLength;
    private readonly double _missShare;

    private HeaderShape(ColumnKind[][] accepted, int levelColumn, int timeStart, int timeLength, double missShare, int timeTextLength = 0)
    {
        _missShare = missShare;
        _timeTextLength = timeTextLength > 0 ? timeTextLength : timeLength;
        _accepted = accepted;
        _levelColumn = levelColumn;
        _timeStart = timeStart;
        _timeLength = timeLength;
    }

    /// <summary>Number of header columns.</summary>
    public int Columns => _accepted.Length;

    /// <summary>Learns the header from sample lines; null when no column is constant enough or the built-in detection strips as much.</summary>
    public static HeaderShape? Learn(IReadOnlyList<string> sample, int defaultYear = 2000, HeaderTuning? tuning = null)
    {
        tuning ??= HeaderTuning.Default;
        var share = tuning.ColumnShare;
        var lines = new List<string>(Math.Min(sample.Count, SampleLines));
        foreach (var raw in sample)
        {
            // Learn the header of the log line itself, inside a container runtime's wrapper.
            var l = raw;
            if (StructuredLine.TryCri(raw, out var cri) || (raw.StartsWith('{') && StructuredLine.TryJson(raw, out cri) && cri.Wrapped))
            {
                l = raw[cri.Message];
            }
            if (!string.IsNullOrWhiteSpace(l)) { lines.Add(l); }
            if (lines.Count >= SampleLines) { break; }
        }
        if (lines.Count < 5) { return null; }
        var cols = new Range[lines.Count][];
        var kinds = new ColumnKind[lines.Count][];
        Span<Range> buf = stackalloc Range[MaxColumns];
        for (var i = 0; i < lines.Count; i++)
        {
            var n = Split(lines[i], buf);
            cols[i] = buf[..n].ToArray();
            kinds[i] = new ColumnKind[n];
            for (var k = 0; k < n; k++) { kinds[i][k] = Classify(lines[i].AsSpan(cols[i][k])); }
        }
        var accepted = new List<ColumnKind[]>();
        var pending = new List<ColumnKind[]>();
        var header = 0;
        var counts = new int[(int)ColumnKind.Word + 1];
        for (var k = 0; k < MaxColumns; k++)
        {
            Array.Clear(counts);
            var present = 0;
            var values = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < lines.Count; i++)
            {
                if (k >= kinds[i].Length) { continue; }
                present++;
                counts[(int)kinds[i][k]]++;
                var v = lines[i][cols[i][k]];
                values[v] = values.GetValueOrDefault(v) + 1;
            }
            if (present < share * lines.Count) { break; }
            // Kinds seen on at least 5% of lines; strong when they are not plain words and cover 90% together.
            var kindsHere = new List<ColumnKind>();
            var covered = 0;
            for (var c = 0; c < counts.Length; c++)
            {
                if ((ColumnKind)c != ColumnKind.Word && counts[c] >= tuning.KindShare * lines.Count)
                {
                    kindsHere.Add((ColumnKind)c);
                    covered += counts[c];
                }
            }
            var topValue = 0;
            foreach (var v in values.Values) { topValue = Math.Max(topValue, v); }
            if (covered < share * lines.Count)
            {
                // A weak column: names that vary (an HPC component), or one constant value right after the time (a host).
                var afterTime = accepted.Count == k && k > 0 && IsTimeLike(accepted[k - 1]);
                if (pending.Count >= tuning.MaxWeakColumns || !(values.Count >= 2 || (afterTime && topValue >= share * lines.Count))) { break; }
                pending.Add([]);
                continue;
            }
            // After the level only a logger name, bracket or dash belongs to the header: an upper-case word or a number
            // there is message text (GET /api, 200).
            var afterLevel = accepted.Exists(a => a is [ColumnKind.Level]);
            if (afterLevel && !kindsHere.TrueForAll(c => c is ColumnKind.Component or ColumnKind.Bracket or ColumnKind.Dash or ColumnKind.Dotted or ColumnKind.Source or ColumnKind.Time))
            {
                // A pid or tag after the level is header only when a separator, bracket or logger follows it ("INFO 4242 --- [main]").
                if (pending.Count >= tuning.MaxWeakColumns) { break; }
                pending.Add([]);
                continue;
            }
            // Only a column that cannot be message text (time, level, bracket, component:, separator, source:line) may close a run of weak ones.
            if (pending.Count > 0 && !kindsHere.TrueForAll(c => c is ColumnKind.Time or ColumnKind.Month or ColumnKind.Level or ColumnKind.Component or ColumnKind.Bracket
                or ColumnKind.Dash or ColumnKind.Source)) { break; }
            accepted.AddRange(pending);
            pending.Clear();
            accepted.Add([.. kindsHere]);
            header = k + 1;
            if (kindsHere.Count == 1 && kindsHere[0] == ColumnKind.Component) { break; }
        }
        if (IsRfc5424(kinds, share))
        {
            // "<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG": the standard fixes seven columns, each "-" when empty.
            accepted = [[ColumnKind.Priority], [ColumnKind.Time], [], [], [], [], [ColumnKind.Bracket, ColumnKind.Dash]];
            header = accepted.Count;
        }
        if (header == 0) { return null; }
        var shape = new HeaderShape([.. accepted], FindLevel(accepted), -1, 0, tuning.MissShare);
        var (ts, tl) = FindTime(lines, cols, accepted, defaultYear);
        shape = new HeaderShape(shape._accepted, shape._levelColumn, ts, tl, tuning.MissShare, ts >= 0 ? TimeTextLength(lines, cols, ts, tl, defaultYear) : 0);
        // Keep the built-in detection when it strips more on most lines (the learned header stopped early).
        var builtIn = new LogLineParser(null, defaultYear, parseTime: false);
        var shorter = 0;
        var fits = 0;
        foreach (var l in lines)
        {
            var learned = shape.TryParse(l, defaultYear, parseTime: false, out var h);
            if (!learned) { continue; }
            fits++;
            if (h.Content.Start.Value < builtIn.Parse(l.AsSpan()).Content.Start.Value) { shorter++; }
        }
        return fits >= share * lines.Count && shorter < tuning.BuiltInShare * lines.Count ? shape : null;
    }

    // Most lines start with a syslog priority carrying a version ("<165>1") followed by a time.
    private static bool IsRfc5424(ColumnKind[][] kinds, double share)
    {
        var n = 0;
        foreach (var k in kinds)
        {
            if (k.Length >= 7 && k[0] == ColumnKind.Priority && k[1] == ColumnKind.Time) { n++; }
        }
        return n >= share * kinds.Length;
    }

    private static int FindLevel(List<ColumnKind[]> accepted)
    {
        for (var k = 0; k < accepted.Count; k++)
        {
            if (accepted[k] is [ColumnKind.Level] or [ColumnKind.Priority]) { return k; }
        }
        return -1;
    }

    // The first run of time-like columns whose joined text parses as a timestamp on most lines (longest run preferred).
    private static (int Start, int Length) FindTime(List<string> lines, Range[][] cols, List<ColumnKind[]> accepted, int year)
    {
        for (var s = 0; s < accepted.Count; s++)
        {
            if (!IsTimeLike(accepted[s])) { continue; }
            var maxLen = 0;
            while (s + maxLen < accepted.Count && maxLen < 4 && IsTimeLike(accepted[s + maxLen])) { maxLen++; }
            for (var len = maxLen; len >= 1; len--)
            {
                var ok = 0;
                foreach (var (line, c) in lines.Zip(cols))
                {
                    if (c.Length >= s + len && Timestamps.TryParse(TimeText(line, c, s, len), year, out _, out _)) { ok++; }
                }
                if (ok >= 0.5 * lines.Count) { return (s, len); }
            }
        }
        return (-1, 0);
    }

    // Trailing columns of the time run that never change the parsed value (a pid after "yyMMdd HHmmss") are left out of the
    // time text, so that neighbouring lines share it and the parsed time can be reused; the run itself still ends the match.
    private static int TimeTextLength(List<string> lines, Range[][] cols, int start, int length, int year)
    {
        var best = length;
        for (var len = length - 1; len >= 1; len--)
        {
            foreach (var (line, c) in lines.Zip(cols))
            {
                if (c.Length < start + length) { continue; }
                var full = Timestamps.TryParse(TimeText(line, c, start, length), year, out var a, out _);
                var part = Timestamps.TryParse(TimeText(line, c, start, len), year, out var b, out _);
                if (full != part || a != b || a.Offset != b.Offset) { return best; }
            }
            best = len;
        }
        return best;
    }

    private static bool IsTimeLike(ColumnKind[] kinds)
    {
        if (kinds.Length == 0) { return false; }
        foreach (var k in kinds)
        {
            if (k is not (ColumnKind.Time or ColumnKind.Month or ColumnKind.Number or ColumnKind.Bracket)) { return false; }
        }
        return true;
    }

    private static ReadOnlySpan<char> TimeText(ReadOnlySpan<char> line, ReadOnlySpan<Range> cols, int start, int length)
    {
        var from = cols[start].Start.Value;
        var to = cols[start + length - 1].End.Value;
        return line[from..to].Trim("[]");
    }

    /// <summary>Splits a line by the learned header; false when the line does not have the header's shape (a continuation line).</summary>
    public bool TryParse(ReadOnlySpan<char> line, int defaultYear, bool parseTime, out LineHeader header)
    {
        header = default;
        if (!TryMatch(line, null, out var content, out var level, out var timeText)) { return false; }
        DateTimeOffset? time = null;
        if (parseTime && _timeStart >= 0 && Timestamps.TryParse(line[timeText], defaultYear, out var t, out _)) { time = t; }
        header = new LineHeader(content, level, time, true);
        return true;
    }

    /// <summary>Creates the per-thread state that lets <see cref="TryMatch"/> skip classifying a column whose text repeats the previous line's.</summary>
    internal Memo CreateMemo() => new(_accepted);

    /// <summary>Whether the header has a time column.</summary>
    internal bool HasTime => _timeStart >= 0;

    /// <summary>Matches the header; gives the content range, the level and the raw timestamp text range (empty when there is none) without parsing the time.</summary>
    /// <remarks>
    /// Most header columns (date, level, logger) repeat from line to line, so with a memo a column equal to the previous line's
    /// is not classified again: same text, same kind, same level. Only the varying columns (time of day, pid) pay for it.
    /// </remarks>
    internal bool TryMatch(ReadOnlySpan<char> line, Memo? memo, out Range content, out LogLevel level, out Range timeText)
    {
        content = default;
        level = LogLevel.Unknown;
        timeText = default;
        Span<Range> cols = stackalloc Range[MaxColumns];
        var n = Split(line, cols, _accepted.Length);
        if (n < _accepted.Length) { return false; }
        // A line may differ in a few columns (a node written as UNKNOWN_LOCATION, a numeric node id) but not in the last
        // one, which ends the header; more differences mean another structure (a continuation or a different writer).
        var misses = 0;
        var levelKnown = false;
        for (var k = 0; k < _accepted.Length; k++)
        {
            var allowed = _accepted[k];
            if (allowed.Length == 0) { continue; }
            var text = line[cols[k]];
            ColumnKind kind;
            if (memo is not null && memo.TryGet(k, text, out kind, out var remembered))
            {
                if (k == _levelColumn)
                {
                    level = remembered;
                    levelKnown = true;
                }
            }
            else
            {
                kind = Classify(text);
                if (k == _levelColumn)
                {
                    level = LevelOf(text);
                    levelKnown = true;
                }
                memo?.Set(k, text, kind, k == _levelColumn ? level : LogLevel.Unknown);
            }
            if (Array.IndexOf(allowed, kind) >= 0) { continue; }
            var inTime = k >= _timeStart && k < _timeStart + _timeLength;
            if (k == _accepted.Length - 1 || k == _levelColumn || inTime || ++misses > Math.Max(1, (int)(_accepted.Length * _missShare))) { return false; }
        }
        if (_levelColumn >= 0 && !levelKnown) { level = LevelOf(line[cols[_levelColumn]]); }
        if (_timeStart >= 0)
        {
            var from = cols[_timeStart].Start.Value;
            var to = cols[_timeStart + _timeTextLength - 1].End.Value;
            while (from < to && line[from] is '[' or ']') { from++; }
            while (to > from && line[to - 1] is '[' or ']') { to--; }
            timeText = new Range(from, to);
        }
        var start = cols[_accepted.Length - 1].End.Value;
        if (Array.IndexOf(_accepted[^1], ColumnKind.Bracket) >= 0)
        {
            // Bracket groups glued to a closing bracket column belong to it (several structured-data elements).
            while (start < line.Length && line[start] == '[' && line[start - 1] == ']' && BracketEnd(line, start) is > 0 and var after) { start = after; }
        }
        var end = line.Length;
        while (start < end && char.IsWhiteSpace(line[start])) { start++; }
        while (end > start && char.IsWhiteSpace(line[end - 1])) { end--; }
        content = new Range(start, end);
        return true;
    }

    private static int BracketEnd(ReadOnlySpan<char> line, int open)
    {
        var depth = 0;
        for (var j = open; j < line.Length && j - open < 1000; j++)
        {
            if (line[j] == '[') { depth++; }
            else if (line[j] == ']' && --depth == 0) { return j + 1; }
        }
        return -1;
    }

    private static LogLevel LevelOf(ReadOnlySpan<char> column)
    {
        if (IsPriority(column))
        {
            // Syslog severity is the priority modulo 8: 0-2 emergency to critical, 3 error, 4 warning, 5-6 notice and info, 7 debug.
            var close = column.IndexOf('>');
            var severity = int.Parse(column[1..close], System.Globalization.CultureInfo.InvariantCulture) % 8;
            return severity switch { <= 2 => LogLevel.Fatal, 3 => LogLevel.Error, 4 => LogLevel.Warn, 7 => LogLevel.Debug, _ => LogLevel.Info };
        }
        var bare = column.Trim("[]():<> ").TrimEnd(':');
        if (bare.Length == 5 && bare[0] is 'I' or 'W' or 'E' or 'F' && IsNumber(bare[1..])) { return LogLevels.Parse(bare[..1]); } // glog/klog "I1205"
        var colon = bare.IndexOf(':');
        if (colon > 0 && column[^1] == ':') { bare = bare[..colon]; } // Python's default "INFO:root:"
        return LogLevels.Parse(bare);
    }

    /// <summary>The last few distinct texts, kinds and levels per header column, for one thread.</summary>
    /// <remarks>Numeric columns (time of day, pid) are not remembered: they rarely repeat and classify fast anyway.</remarks>
    internal sealed class Memo
    {
        private const int MaxText = 64;
        private const int Ways = 8;
        private readonly char[][] _text;
        private readonly int[] _length;
        private readonly ColumnKind[] _kind;
        private readonly LogLevel[] _level;
        private readonly int[] _next;
        private readonly bool[] _skip;

        public Memo(ColumnKind[][] accepted)
        {
            var columns = accepted.Length;
            _text = new char[columns * Ways][];
            for (var i = 0; i < _text.Length; i++) { _text[i] = new char[MaxText]; }
            _length = new int[columns * Ways];
            Array.Fill(_length, -1);
            _kind = new ColumnKind[columns * Ways];
            _level = new LogLevel[columns * Ways];
            _next = new int[columns];
            _skip = new bool[columns];
            for (var k = 0; k < columns; k++)
            {
                _skip[k] = accepted[k].Length > 0 && Array.TrueForAll(accepted[k], c => c is ColumnKind.Number or ColumnKind.Time);
            }
        }

        public bool TryGet(int column, ReadOnlySpan<char> text, out ColumnKind kind, out LogLevel level)
        {
            kind = default;
            level = default;
            if (_skip[column]) { return false; }
            for (var w = column * Ways; w < column * Ways + Ways; w++)
            {
                if (text.Length == _length[w] && text.SequenceEqual(_text[w].AsSpan(0, text.Length)))
                {
                    kind = _kind[w];
                    level = _level[w];
                    return true;
                }
            }
            return false;
        }

        public void Set(int column, ReadOnlySpan<char> text, ColumnKind kind, LogLevel level)
        {
            if (_skip[column] || text.Length > MaxText) { return; }
            var w = column * Ways + _next[column];
            _next[column] = (_next[column] + 1) % Ways;
            text.CopyTo(_text[w]);
            _length[w] = text.Length;
            _kind[w] = kind;
            _level[w] = level;
        }
    }

    // Whitespace-separated columns; a bracket group, possibly with spaces, is one column.
    private static int Split(ReadOnlySpan<char> line, Span<Range> cols, int max = MaxColumns)
    {
        var n = 0;
        var i = 0;
        max = Math.Min(max, cols.Length);
        while (i < line.Length && n < max)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) { i++; }
            if (i >= line.Length) { break; }
            var start = i;
            if (line[i] == '[')
            {
                var depth = 0;
                var j = i;
                for (; j < line.Length && j - i < 300; j++)
                {
                    if (line[j] == '[') { depth++; }
                    else if (line[j] == ']' && --depth == 0) { break; }
                }
                if (depth == 0 && j < line.Length && (j + 1 >= line.Length || char.IsWhiteSpace(line[j + 1]) || line[j + 1] is ':' or '['))
                {
                    // Glued groups ("[time][level][logger]") are a column each.
                    var end = j + 1;
                    if (end < line.Length && line[end] == ':') { end++; }
                    cols[n++] = new Range(start, end);
                    i = end;
                    continue;
                }
            }
            while (i < line.Length && !char.IsWhiteSpace(line[i])) { i++; }
            if (n == 0 && LevelPrefix(line[start..i]) is > 0 and var prefix && prefix < i - start)
            {
                // Python's default "INFO:root:message": the level and logger are a column of their own.
                i = start + prefix;
            }
            cols[n++] = new Range(start, i);
        }
        return n;
    }

    // The length of a "LEVEL:name:" prefix glued to the message, or 0.
    private static int LevelPrefix(ReadOnlySpan<char> token)
    {
        var first = token.IndexOf(':');
        if (first < 4 || first > 8 || !IsUpperLetters(token[..first]) || LogLevels.Parse(token[..first]) == LogLevel.Unknown) { return 0; }
        var second = token[(first + 1)..].IndexOf(':');
        if (second < 1) { return 0; }
        foreach (var c in token.Slice(first + 1, second))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')) { return 0; }
        }
        return first + second + 2;
    }

    private static bool IsUpperLetters(ReadOnlySpan<char> t)
    {
        foreach (var c in t) { if (!char.IsAsciiLetterUpper(c)) { return false; } }
        return true;
    }

    internal enum ColumnKind
    {
        Dash,
        Level,
        Number,
        Bracket,
        Component,
        Time,
        Month,
        Upper,
        Address,
        Identifier,
        Dotted,
        Source,
        Priority,
        Word,
    }

    private static ColumnKind Classify(ReadOnlySpan<char> t)
    {
        // A digit-led number cannot be a dash, level, bracket or component: decide it before the trims below.
        if (char.IsAsciiDigit(t[0]) && IsNumber(t)) { return t.Length is 10 or 13 ? ColumnKind.Time : ColumnKind.Number; }
        if (IsSeparator(t)) { return ColumnKind.Dash; }
        if (IsPriority(t)) { return ColumnKind.Priority; }
        if (LevelOf(t) != LogLevel.Unknown && (t.Trim("[]():<> ").Length > 1 || char.IsAsciiLetterUpper(t.Trim("[]():<> ")[0]))) { return ColumnKind.Level; }
        if (IsNumber(t)) { return t.Length is 10 or 13 && t[0] != '-' ? ColumnKind.Time : ColumnKind.Number; }
        if (t[0] == '[') { return IsSource(t) ? ColumnKind.Source : ColumnKind.Bracket; }
        if (t.Length > 1 && t[^1] == ':' && (IsComponent(t[..^1]) || IsProcessId(t[..^1]))) { return ColumnKind.Component; }
        if (IsSource(t)) { return ColumnKind.Source; }
        if (IsAddress(t)) { return ColumnKind.Address; }
        if (IsTime(t)) { return ColumnKind.Time; }
        if (t.Length is >= 3 and <= 9 && IsLetters(t) && IsMonth(t)) { return ColumnKind.Month; }
        if (IsUpperTag(t)) { return ColumnKind.Upper; }
        var digit = t.ContainsAnyInRange('0', '9');
        var letter = t.ContainsAnyInRange('a', 'z') || t.ContainsAnyInRange('A', 'Z');
        if (digit && letter && IsNameChars(t)) { return ColumnKind.Identifier; }
        if (IsLoggerName(t)) { return ColumnKind.Dotted; }
        return ColumnKind.Word;
    }

    // A lone separator or level marker: "-", "--", "---", ":", "|", "#", "*" (redis), "=>".
    private static bool IsSeparator(ReadOnlySpan<char> t) => t.Length <= 3 && !t.ContainsAnyExcept(SeparatorChars);

    private static readonly System.Buffers.SearchValues<char> SeparatorChars = System.Buffers.SearchValues.Create("-:|#*.=>~");

    private static readonly System.Buffers.SearchValues<char> ProcessIdChars = System.Buffers.SearchValues.Create("0123456789#/");

    // A syslog priority, "<34>" (RFC 3164) or "<34>1" (RFC 5424).
    private static bool IsPriority(ReadOnlySpan<char> t)
    {
        if (t.Length < 3 || t[0] != '<') { return false; }
        var close = t.IndexOf('>');
        return close is >= 2 and <= 4 && IsNumber(t[1..close]) && (close == t.Length - 1 || IsNumber(t[(close + 1)..]));
    }

    // "1234#1234" (nginx pid#tid): the process part of a "pid#tid:" column.
    private static bool IsProcessId(ReadOnlySpan<char> s) => s.Length > 0 && char.IsAsciiDigit(s[0]) && !s.ContainsAnyExcept(ProcessIdChars);

    // A source location: "controller.go:123]" (klog), "server/main.go:42" (zap caller), "[source/server/server.cc:932]" (envoy).
    private static bool IsSource(ReadOnlySpan<char> t)
    {
        t = t.TrimStart('[').TrimEnd("]:");
        var colon = t.LastIndexOf(':');
        if (colon <= 0 || colon == t.Length - 1 || !IsNumber(t[(colon + 1)..])) { return false; }
        var file = t[..colon];
        var dot = file.LastIndexOf('.');
        if (dot <= 0 || dot > file.Length - 2 || file.Length - dot > 6 || !char.IsAsciiLetter(file[0]) && file[0] != '/' && file[0] != '.') { return false; }
        foreach (var c in file)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or '@' or '+')) { return false; }
        }
        return IsLetters(file[(dot + 1)..]);
    }

    // A logger or category name: dotted segments of name characters, no digit, optionally an "[event id]" (com.example.App, Microsoft.Hosting.Lifetime[14]).
    private static bool IsLoggerName(ReadOnlySpan<char> t)
    {
        var open = t.IndexOf('[');
        if (open > 0 && t[^1] == ']' && IsNumber(t[(open + 1)..^1])) { t = t[..open]; }
        if (t.IsEmpty || !char.IsAsciiLetter(t[0]) || t[^1] == '.' || !t.Contains('.') || t.ContainsAnyInRange('0', '9') || !IsNameChars(t)) { return false; }
        return !t.Contains("..", StringComparison.Ordinal);
    }

    private static bool IsNumber(ReadOnlySpan<char> t)
    {
        var s = t.Length > 1 && t[0] == '-' ? t[1..] : t;
        foreach (var c in s) { if (!char.IsAsciiDigit(c)) { return false; } }
        return s.Length > 0;
    }

    private static bool IsComponent(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s.Length > 100 || !char.IsAsciiLetter(s[0])) { return false; }
        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '$' or '-' or '[' or ']' or '(' or ')' or '/' or '@' or ':')) { return false; }
        }
        return true;
    }

    private static bool IsAddress(ReadOnlySpan<char> t)
    {
        var dots = 0;
        foreach (var c in t)
        {
            if (c == '.') { dots++; }
            else if (!char.IsAsciiDigit(c) && c != ':') { return false; }
        }
        return dots == 3 && char.IsAsciiDigit(t[0]);
    }

    // Digits with date/time punctuation: 12:00:01.5, 2005.06.03, 2005-06-03-15.42.50.675872, 17/06/09.
    private static bool IsTime(ReadOnlySpan<char> t)
    {
        var digits = 0;
        var groups = 0;
        var prevDigit = false;
        foreach (var c in t)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
                if (!prevDigit) { groups++; }
                prevDigit = true;
            }
            else if (c is ':' or '.' or ',' or '/' or '-' or 'T' or 'Z' or '+')
            {
                prevDigit = false;
            }
            else
            {
                return false;
            }
        }
        // Two groups are enough for a month-day date (03-17) or an hour:minute.
        return char.IsAsciiDigit(t[0]) && ((groups >= 3 && digits >= 6) || (groups == 2 && digits == 4 && t.Length == 5 && t[2] is '-' or '/' or ':'));
    }

    private static bool IsLetters(ReadOnlySpan<char> t)
    {
        foreach (var c in t) { if (!char.IsAsciiLetter(c)) { return false; } }
        return true;
    }

    private static bool IsMonth(ReadOnlySpan<char> t) =>
        t[..3] is "Jan" or "Feb" or "Mar" or "Apr" or "May" or "Jun" or "Jul" or "Aug" or "Sep" or "Oct" or "Nov" or "Dec"
            or "jan" or "feb" or "mar" or "apr" or "may" or "jun" or "jul" or "aug" or "sep" or "oct" or "nov" or "dec"
            or "JAN" or "FEB" or "MAR" or "APR" or "MAY" or "JUN" or "JUL" or "AUG" or "SEP" or "OCT" or "NOV" or "DEC";

    private static bool IsUpperTag(ReadOnlySpan<char> t)
    {
        if (t.Length < 2 || !char.IsAsciiLetterUpper(t[0])) { return false; }
        foreach (var c in t) { if (!(char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_')) { return false; } }
        return true;
    }

    private static bool IsNameChars(ReadOnlySpan<char> t)
    {
        foreach (var c in t)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or ':' or '/' or '$' or '@')) { return false; }
        }
        return true;
    }
}
