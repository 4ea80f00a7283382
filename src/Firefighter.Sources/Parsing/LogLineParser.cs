using System.Text;
using System.Text.Json;
using Firefighter.Evidence;

namespace Firefighter.Sources.Parsing;

/// <summary>Turns the lines of one log file into records: plain text with a timestamp header, JSON lines, logfmt, CRI and Docker
/// json-file container logs; joins continuation lines (stack traces) and runtime partial lines to their record.</summary>
internal sealed class LogLineParser
{
    private static readonly Dictionary<string, string> NoFields = new(StringComparer.Ordinal);
    private static readonly string[] TimeKeys = ["ts", "time", "@timestamp", "timestamp", "t", "date"];
    private static readonly string[] LevelKeys = ["level", "severity", "lvl", "loglevel", "log.level", "levelname", "@level"];
    private static readonly string[] MessageKeys = ["msg", "message", "log", "@message", "event", "text"];

    private readonly string _path;
    private readonly EntityRef _entity;
    private readonly IReadOnlyDictionary<string, string> _baseFields;
    private readonly int _year;
    private readonly int _maxChars;
    private readonly List<Firefighter.Evidence.LogRecord> _output;
    private readonly StringBuilder _message = new();
    private Dictionary<string, string>? _stdoutFields;
    private Dictionary<string, string>? _stderrFields;

    private bool _hasPending;
    private DateTimeOffset? _pendingTime;
    private LogLevel _pendingLevel;
    private int _pendingLine;
    private IReadOnlyDictionary<string, string> _pendingFields = NoFields;
    private bool _pendingPartial;
    private bool _pendingRuntime;
    private bool _pendingJoinable;
    private bool _pendingCut;
    private bool _pendingInnerHadTime;
    private string? _pendingStream;

    public LogLineParser(string path, EntityRef entity, string? container, int year, int maxChars, List<Firefighter.Evidence.LogRecord> output)
    {
        _path = path;
        _entity = entity;
        _year = year;
        _maxChars = maxChars;
        _output = output;
        _baseFields = container is null
            ? NoFields
            : new Dictionary<string, string>(StringComparer.Ordinal) { ["container"] = container };
    }

    /// <summary>First line whose timestamp had no zone (0 when none).</summary>
    public int FirstZonelessLine { get; private set; }

    /// <summary>First line whose timestamp had no year (syslog, klog), 0 when none.</summary>
    public int FirstYearlessLine { get; private set; }

    /// <summary>First line of a record cut at the size limit (0 when none) and how many were cut.</summary>
    public (int FirstLine, int Count) CutRecords { get; private set; }

    /// <summary>Records emitted.</summary>
    public int Count { get; private set; }

    /// <summary>Feeds one line (its UTF-8 bytes and decoded text).</summary>
    public void Feed(int line, ReadOnlySpan<byte> bytes, string text)
    {
        var span = text.AsSpan();
        if (span.IsWhiteSpace())
        {
            return;
        }
        var trimmed = span.TrimStart();
        if (trimmed.Length > 1 && trimmed[0] == '{' && TryJsonFields(bytes.TrimStart(" \t"u8)) is { } json)
        {
            if (json.TryGetValue("log", out var dockerLog) && (json.ContainsKey("stream") || json.ContainsKey("time")))
            {
                DateTimeOffset? t = json.TryGetValue("time", out var ts) && Timestamps.TryParse(ts, out var parsed, out var zone) ? Zoned(parsed, zone, line) : null;
                var partial = !dockerLog.EndsWith('\n');
                Runtime(line, t, json.GetValueOrDefault("stream"), dockerLog.TrimEnd('\n', '\r'), partial);
                return;
            }
            Flush();
            var (jt, jl, jm) = FromFields(json, line);
            Start(line, jt, jl, jm, Merge(json), joinable: false);
            return;
        }
        if (TryCri(span, line, out var criTime, out var stream, out var criMessage, out var criPartial))
        {
            Runtime(line, criTime, stream, criMessage, criPartial);
            return;
        }
        if (_hasPending && !_pendingRuntime && _pendingJoinable && IsContinuation(span))
        {
            Append("\n", text);
            return;
        }
        var (time, level, message, fields) = ParsePlain(text, line);
        if (_hasPending && !_pendingRuntime && _pendingJoinable && time is null && _pendingTime is not null && fields is null)
        {
            Append("\n", text);
            return;
        }
        Flush();
        Start(line, time, level, message, fields is null ? _baseFields : Merge(fields), joinable: fields is null);
    }

    /// <summary>Emits the record in progress.</summary>
    public void Flush()
    {
        if (!_hasPending)
        {
            return;
        }
        _hasPending = false;
        var message = _message.ToString();
        if (_pendingRuntime)
        {
            message = ParseRuntimeBody(message);
        }
        _output.Add(new Firefighter.Evidence.LogRecord(_pendingTime, _pendingLevel, message, _entity, new EvidenceRef(_path, _pendingLine)) { Fields = _pendingFields });
        Count++;
        _message.Clear();
    }

    private void Runtime(int line, DateTimeOffset? time, string? stream, string message, bool partial)
    {
        if (_hasPending && _pendingRuntime && _pendingPartial)
        {
            Append("", message);
            _pendingPartial = partial;
            return;
        }
        var innerHasTime = message.Length > 0 && message[0] != '{' && Timestamps.TryParseLeading(message, _year, out _, out _, out _, out _);
        if (_hasPending && _pendingRuntime && stream == _pendingStream && (IsContinuation(message) || (_pendingInnerHadTime && !innerHasTime && message.Length > 0 && message[0] != '{')))
        {
            Append("\n", message);
            _pendingPartial = partial;
            return;
        }
        Flush();
        // The application's own header (level, JSON) is parsed when the record is complete: runtime partial lines may split it.
        Start(line, time, LogLevel.Unknown, message, StreamFields(stream), joinable: true);
        _pendingInnerHadTime = innerHasTime;
        _pendingStream = stream;
        _pendingRuntime = true;
        _pendingPartial = partial;
    }

    private string ParseRuntimeBody(string message)
    {
        var inner = message.AsSpan().TrimStart();
        if (inner.Length > 1 && inner[0] == '{' && TryJsonFields(Encoding.UTF8.GetBytes(message)) is { } json)
        {
            var (_, level, body) = FromFields(json, 0);
            _pendingLevel = level;
            foreach (var (k, v) in _pendingFields)
            {
                json.TryAdd(k, v);
            }
            _pendingFields = json;
            return body;
        }
        // The runtime's timestamp is the precise one; the application's own header is only stripped.
        var nl = message.IndexOf('\n', StringComparison.Ordinal);
        var first = nl < 0 ? message : message[..nl];
        var (_, l, m, _) = ParsePlain(first, 0);
        _pendingLevel = l;
        return nl < 0 ? m : string.Concat(m, message.AsSpan(nl));
    }

    private void Start(int line, DateTimeOffset? time, LogLevel level, string message, IReadOnlyDictionary<string, string> fields, bool joinable)
    {
        _hasPending = true;
        _pendingTime = time;
        _pendingLevel = level;
        _pendingLine = line;
        _pendingFields = fields;
        _pendingRuntime = false;
        _pendingPartial = false;
        _pendingJoinable = joinable;
        _pendingCut = false;
        _message.Clear();
        Append("", message);
    }

    private void Append(string separator, string text)
    {
        if (_pendingCut)
        {
            return;
        }
        if (_message.Length + separator.Length + text.Length > _maxChars)
        {
            var room = Math.Max(0, _maxChars - _message.Length - separator.Length);
            if (room > 0)
            {
                _message.Append(separator).Append(text.AsSpan(0, room));
            }
            _pendingCut = true;
            CutRecords = CutRecords.Count == 0 ? (_pendingLine, 1) : (CutRecords.FirstLine, CutRecords.Count + 1);
            return;
        }
        _message.Append(separator).Append(text);
    }

    private IReadOnlyDictionary<string, string> StreamFields(string? stream)
    {
        if (stream is not ("stdout" or "stderr"))
        {
            return _baseFields;
        }
        ref var cache = ref stream == "stdout" ? ref _stdoutFields : ref _stderrFields;
        if (cache is null)
        {
            cache = new Dictionary<string, string>(_baseFields, StringComparer.Ordinal) { ["stream"] = stream };
        }
        return cache;
    }

    private Dictionary<string, string> Merge(Dictionary<string, string> fields)
    {
        foreach (var (k, v) in _baseFields)
        {
            fields.TryAdd(k, v);
        }
        return fields;
    }

    private (DateTimeOffset?, LogLevel, string) FromFields(Dictionary<string, string> fields, int line)
    {
        DateTimeOffset? time = null;
        foreach (var key in TimeKeys)
        {
            if (fields.TryGetValue(key, out var v) && Timestamps.TryParse(v, out var t, out var zone))
            {
                time = Zoned(t, zone, line);
                break;
            }
        }
        var level = LogLevel.Unknown;
        foreach (var key in LevelKeys)
        {
            if (fields.TryGetValue(key, out var v))
            {
                level = Levels.FromValue(v);
                break;
            }
        }
        var message = "";
        foreach (var key in MessageKeys)
        {
            if (fields.TryGetValue(key, out var v))
            {
                message = v;
                break;
            }
        }
        return (time, level, message);
    }

    private DateTimeOffset Zoned(DateTimeOffset t, bool hasZone, int line)
    {
        if (!hasZone && FirstZonelessLine == 0)
        {
            FirstZonelessLine = line;
        }
        return t;
    }

    private bool TryCri(ReadOnlySpan<char> s, int line, out DateTimeOffset? time, out string? stream, out string message, out bool partial)
    {
        time = null;
        stream = null;
        message = "";
        partial = false;
        if (s.Length < 20 || !char.IsAsciiDigit(s[0]) || !Timestamps.TryParseLeading(s, _year, out var t, out var consumed, out var zone, out _))
        {
            return false;
        }
        var rest = s[consumed..];
        if (!(rest.StartsWith(" stdout ", StringComparison.Ordinal) || rest.StartsWith(" stderr ", StringComparison.Ordinal)) || rest.Length < 9)
        {
            return false;
        }
        var tag = rest[8];
        if ((tag != 'F' && tag != 'P') || (rest.Length > 9 && rest[9] != ' '))
        {
            return false;
        }
        time = Zoned(t, zone, line);
        stream = rest[1..7].ToString();
        partial = tag == 'P';
        message = rest.Length > 10 ? rest[10..].ToString() : "";
        return true;
    }

    private (DateTimeOffset? Time, LogLevel Level, string Message, Dictionary<string, string>? Fields) ParsePlain(string text, int line)
    {
        var s = text.AsSpan();
        var i = 0;
        DateTimeOffset? time = null;
        var level = LogLevel.Unknown;
        if (s.Length > 1 && s[0] == '[' && Timestamps.TryParseLeading(s[1..], _year, out var bt, out var bc, out var bz, out var by)
            && bc + 1 < s.Length && s[bc + 1] == ']')
        {
            time = Note(bt, bz, by, line);
            i = bc + 2;
        }
        else if (Timestamps.TryParseLeading(s, _year, out var t, out var c, out var z, out var y))
        {
            time = Note(t, z, y, line);
            i = c;
        }
        else if (TryKlog(s, line, out var kt, out var kl, out var kc))
        {
            time = kt;
            level = kl;
            i = kc;
        }
        var rest = s[i..].TrimStart(" \t");
        if (time is null && LogfmtParser.TryParse(rest, out var logfmt) && (logfmt.ContainsKey("msg") || logfmt.ContainsKey("level") || logfmt.ContainsKey("message")))
        {
            var (lt, ll, lm) = FromFields(logfmt, line);
            return (lt, ll, lm, logfmt);
        }
        if (time is not null && LogfmtParser.TryParse(rest, out logfmt) && (logfmt.ContainsKey("msg") || logfmt.ContainsKey("level")))
        {
            var (_, ll, lm) = FromFields(logfmt, line);
            return (time, ll, lm, logfmt);
        }
        if (level == LogLevel.Unknown)
        {
            // The level is one of the first few header tokens: "ERROR", "[ERROR]", "[main] ERROR", "<pid> WARN".
            var scan = rest;
            var consumedTokens = 0;
            for (var token = 0; token < 3 && scan.Length > 0; token++)
            {
                var end = scan.IndexOfAny(' ', '\t');
                var word = end < 0 ? scan : scan[..end];
                var after = end < 0 ? [] : scan[(end + 1)..].TrimStart(" \t");
                var w = word.TrimEnd(':');
                var eq = w.IndexOf('=');
                if (eq > 0)
                {
                    w = w[(eq + 1)..];
                }
                if (Levels.TryParse(w, out level))
                {
                    rest = after;
                    consumedTokens = token + 1;
                    break;
                }
                scan = after;
            }
            if (consumedTokens == 0)
            {
                level = LogLevel.Unknown;
            }
        }
        rest = rest.TrimStart(" \t-:|");
        return (time, level, rest.Length == s.Length ? text : rest.ToString(), null);
    }

    private DateTimeOffset Note(DateTimeOffset t, bool zone, bool yearAssumed, int line)
    {
        if (yearAssumed)
        {
            if (FirstYearlessLine == 0 && line > 0)
            {
                FirstYearlessLine = line;
            }
            return t;
        }
        return line > 0 ? Zoned(t, zone, line) : t;
    }

    private bool TryKlog(ReadOnlySpan<char> s, int line, out DateTimeOffset time, out LogLevel level, out int consumed)
    {
        // klog (Kubernetes components): "E0115 14:22:45.123456    1 file.go:42] message".
        time = default;
        level = LogLevel.Unknown;
        consumed = 0;
        if (s.Length < 22 || "IWEF".IndexOf(s[0]) < 0 || s[5] != ' ' || s[8] != ':' || s[11] != ':' || s[14] != '.')
        {
            return false;
        }
        Span<char> buf = stackalloc char[15];
        var months = "JanFebMarAprMayJunJulAugSepOctNovDec";
        if (!int.TryParse(s[1..3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var month) || month is < 1 or > 12)
        {
            return false;
        }
        months.AsSpan((month - 1) * 3, 3).CopyTo(buf);
        buf[3] = ' ';
        s[3..5].CopyTo(buf[4..]);
        buf[6] = ' ';
        s[6..14].CopyTo(buf[7..]);
        if (!Timestamps.TryParseLeading(buf, _year, out time, out _, out _, out _))
        {
            return false;
        }
        var end = s.IndexOf(']');
        consumed = end > 0 ? end + 1 : 14;
        level = s[0] switch { 'I' => LogLevel.Info, 'W' => LogLevel.Warn, 'E' => LogLevel.Error, _ => LogLevel.Fatal };
        if (FirstYearlessLine == 0)
        {
            FirstYearlessLine = line;
        }
        return true;
    }

    private static bool IsContinuation(ReadOnlySpan<char> s) =>
        s.Length > 0 && (s[0] == ' ' || s[0] == '\t'
            || s.StartsWith("at ", StringComparison.Ordinal)
            || s.StartsWith("Caused by:", StringComparison.Ordinal)
            || s.StartsWith("... ", StringComparison.Ordinal));

    private static bool IsContinuation(string s) => IsContinuation(s.AsSpan());

    /// <summary>The top-level members of a JSON object line as strings (nested values as raw JSON); null when the line is not one.</summary>
    internal static Dictionary<string, string>? TryJsonFields(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { AllowTrailingCommas = true });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString() ?? "";
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        fields[name] = reader.GetString() ?? "";
                        break;
                    case JsonTokenType.Number:
                        fields[name] = Encoding.UTF8.GetString(reader.ValueSpan);
                        break;
                    case JsonTokenType.True:
                        fields[name] = "true";
                        break;
                    case JsonTokenType.False:
                        fields[name] = "false";
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        fields[name] = Encoding.UTF8.GetString(line[start..(int)reader.BytesConsumed]);
                        break;
                }
            }
            return reader.TokenType == JsonTokenType.EndObject ? fields : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
