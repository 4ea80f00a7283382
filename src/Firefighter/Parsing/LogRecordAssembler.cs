using System.Text;
using Firefighter.Evidence;

namespace Firefighter.Parsing;

/// <summary>Turns the lines of one log file into records: plain text (header split by <see cref="LogLineParser"/>), JSON lines and logfmt
/// (fields by <see cref="StructuredLine"/>), CRI and Docker json-file container logs; joins continuation lines (stack traces) and runtime
/// partial lines to their record.</summary>
/// <remarks>Never throws; a record longer than the size limit is cut (counted in <see cref="CutRecords"/>). O(total length of the lines).
/// Not thread-safe: one per file.</remarks>
public sealed class LogRecordAssembler
{
    private static readonly Dictionary<string, string> NoFields = new(StringComparer.Ordinal);

    private readonly string _path;
    private readonly EntityRef _entity;
    private readonly IReadOnlyDictionary<string, string> _baseFields;
    private readonly int _year;
    private readonly int _maxChars;
    private readonly List<LogRecord> _output;
    private readonly LogLineParser _header;
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

    /// <summary>Creates an assembler appending to <paramref name="output"/>.</summary>
    /// <param name="path">The file, for evidence refs.</param>
    /// <param name="entity">Who wrote the lines (a pod, or the log file).</param>
    /// <param name="baseFields">Fields every record carries (<c>container</c>, <c>previous</c>).</param>
    /// <param name="year">Year for timestamps that have none (syslog, klog).</param>
    /// <param name="maxChars">Longest record kept; longer ones are cut.</param>
    /// <param name="output">Where records go.</param>
    public LogRecordAssembler(string path, EntityRef entity, IReadOnlyDictionary<string, string> baseFields, int year, int maxChars, List<LogRecord> output)
    {
        _path = path;
        _entity = entity;
        _year = year;
        _maxChars = maxChars;
        _output = output;
        _baseFields = baseFields.Count == 0 ? NoFields : baseFields;
        _header = new LogLineParser(null, year);
    }

    /// <summary>First line whose timestamp had no zone (0 when none).</summary>
    public int FirstZonelessLine { get; private set; }

    /// <summary>First line whose timestamp had no year (syslog, klog), 0 when none.</summary>
    public int FirstYearlessLine { get; private set; }

    /// <summary>First line of a record cut at the size limit (0 when none) and how many were cut.</summary>
    public (int FirstLine, int Count) CutRecords { get; private set; }

    /// <summary>Records emitted.</summary>
    public int Count { get; private set; }

    /// <summary>Feeds one line (1-based number, text without the newline).</summary>
    public void Feed(int line, string text)
    {
        var span = text.AsSpan();
        if (span.IsWhiteSpace())
        {
            return;
        }
        var trimmed = span.TrimStart();
        if (trimmed.Length > 1 && trimmed[0] == '{' && StructuredLine.JsonFields(trimmed) is { } json)
        {
            if (json.TryGetValue("log", out var dockerLog) && (json.ContainsKey("stream") || json.ContainsKey("time")))
            {
                var t = json.TryGetValue("time", out var ts) ? Time(ts, line) : null;
                Runtime(line, t, json.GetValueOrDefault("stream"), dockerLog.TrimEnd('\n', '\r'), partial: !dockerLog.EndsWith('\n'));
                return;
            }
            Flush();
            var (jt, jl, jm) = FromFields(json, line);
            Start(line, jt, jl, jm, Merge(json), joinable: false);
            return;
        }
        if (StructuredLine.TryCri(span, out var cri, out var stderr, out var partial))
        {
            var t = Time(span[cri.Time], line);
            Runtime(line, t, stderr ? "stderr" : "stdout", text[cri.Message], partial);
            return;
        }
        var header = _header.Parse(span);
        if (_hasPending && !_pendingRuntime && _pendingJoinable
            && (LogLineParser.IsContinuation(span, header) || (header.Time is null && _pendingTime is not null && !LooksStructured(span[header.Content]))))
        {
            Append("\n", text);
            return;
        }
        Flush();
        var (time, level, message, fields) = Plain(text, header, line);
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
        _output.Add(new LogRecord(_pendingTime, _pendingLevel, message, _entity, new EvidenceRef(_path, _pendingLine)) { Fields = _pendingFields });
        Count++;
        _message.Clear();
    }

    // A plain line: the header parser's split; a logfmt body (after an optional timestamp) gives fields, level and message.
    private (DateTimeOffset? Time, LogLevel Level, string Message, Dictionary<string, string>? Fields) Plain(string text, LineHeader header, int line)
    {
        var content = text.AsSpan()[header.Content];
        // The whole line as logfmt ("ts=... level=... msg=..."), or the body after a timestamp header.
        var whole = text.AsSpan().Trim();
        var logfmt = whole.Contains('=') ? StructuredLine.LogfmtFields(whole) : null;
        if (logfmt is not null)
        {
            header = header with { Time = null };
        }
        else if (content.Contains('='))
        {
            logfmt = StructuredLine.LogfmtFields(content);
        }
        if (logfmt is not null)
        {
            var (message, level, time) = StructuredLine.Pick(logfmt);
            if (message is not null || level is not null)
            {
                var t = header.Time is { } ht ? Note(ht, header.TimeFlags, line) : time is null ? null : Time(time, line);
                return (t, level is null ? header.Level : LogLevels.FromValue(level), message ?? "", logfmt);
            }
        }
        var body = content.TrimStart(" \t-:|");
        return (header.Time is { } h ? Note(h, header.TimeFlags, line) : null, header.Level, body.Length == text.Length ? text : body.ToString(), null);
    }

    private static bool LooksStructured(ReadOnlySpan<char> content) => content.StartsWith("{") || (content.Contains('=') && StructuredLine.LogfmtFields(content) is not null);

    private void Runtime(int line, DateTimeOffset? time, string? stream, string message, bool partial)
    {
        if (_hasPending && _pendingRuntime && _pendingPartial)
        {
            Append("", message);
            _pendingPartial = partial;
            return;
        }
        var inner = message.Length > 0 && message[0] != '{' ? _header.Parse(message.AsSpan()) : default;
        var innerHasTime = inner.Time is not null;
        if (_hasPending && _pendingRuntime && stream == _pendingStream
            && (LogLineParser.IsContinuation(message, inner) || (_pendingInnerHadTime && !innerHasTime && message.Length > 0 && message[0] != '{')))
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
        if (inner.Length > 1 && inner[0] == '{' && StructuredLine.JsonFields(inner) is { } json)
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
        var header = _header.Parse(first.AsSpan());
        var (_, level2, body2, _) = Plain(first, header, 0);
        _pendingLevel = level2;
        return nl < 0 ? body2 : string.Concat(body2, message.AsSpan(nl));
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
        cache ??= new Dictionary<string, string>(_baseFields, StringComparer.Ordinal) { ["stream"] = stream };
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
        var (message, level, time) = StructuredLine.Pick(fields);
        return (time is null ? null : Time(time, line), level is null ? LogLevel.Unknown : LogLevels.FromValue(level), message ?? "");
    }

    private DateTimeOffset? Time(ReadOnlySpan<char> text, int line) =>
        Timestamps.TryParse(text, _year, out var t, out var flags) ? Note(t, flags, line) : null;

    private DateTimeOffset Note(DateTimeOffset t, TimestampFlags flags, int line)
    {
        if (line <= 0)
        {
            return t;
        }
        if ((flags & TimestampFlags.YearAssumed) != 0)
        {
            if (FirstYearlessLine == 0)
            {
                FirstYearlessLine = line;
            }
        }
        else if ((flags & TimestampFlags.ZoneAssumed) != 0 && FirstZonelessLine == 0)
        {
            FirstZonelessLine = line;
        }
        return t;
    }
}
