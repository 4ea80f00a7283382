using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using Firefighter.Evidence;

namespace Firefighter.Sources.Traces;

/// <summary>Reads trace files: Jaeger JSON (UI download, <c>/api/traces</c> envelope, one trace, an array of traces) and OTLP/JSON
/// (<c>ExportTraceServiceRequest</c>, one per line allowed), detected from the content.</summary>
/// <remarks>Streaming: one trace (Jaeger) or one span (OTLP <c>resourceSpans</c> are walked token by token) is parsed at a time,
/// straight from the read buffer with <see cref="Utf8JsonReader"/> (no JSON document on the usual shapes), so memory is bounded by the spans produced, not the file size; the read buffer only grows past its pooled
/// 64 KB for a single larger value and is then a plain array the GC reclaims (a huge array returned to the shared pool would stay
/// alive for the rest of the process). Never throws on bad data: problems are warnings naming the
/// file and the line where the trace starts.</remarks>
public static class TraceFileReader
{
    private const int InitialBuffer = 1 << 16;

    private static readonly JsonReaderOptions Options = new()
    {
        AllowMultipleValues = true,
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 256,
    };

    /// <summary>Reads all spans of a trace file; <paramref name="sourcePath"/> is the name used in evidence refs and warnings.</summary>
    public static (IReadOnlyList<Span> Spans, IReadOnlyList<EvidenceWarning> Warnings) Read(Stream stream, string sourcePath)
    {
        var sink = new SpanSink(sourcePath);
        try
        {
            Scan(stream, sink);
        }
        catch (IOException ex)
        {
            sink.Warn(null, $"read failed: {ex.Message}");
        }
        catch (InvalidDataException ex)
        {
            sink.Warn(null, $"read failed: {ex.Message}");
        }
        if (sink.Spans.Count == 0 && sink.Warnings.Count == 0)
        {
            sink.Warn(null, "no spans found (expected Jaeger JSON or OTLP/JSON traces)");
        }
        return (sink.Spans, sink.Warnings);
    }

    /// <summary>Reads a file from disk (<c>.gz</c> is decompressed); a missing or unreadable file is a warning.</summary>
    public static (IReadOnlyList<Span> Spans, IReadOnlyList<EvidenceWarning> Warnings) ReadFile(string path, string? sourcePath = null)
    {
        sourcePath ??= path;
        Stream stream;
        try
        {
            stream = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return ([], [new EvidenceWarning(sourcePath, null, $"cannot open: {ex.Message}")]);
        }
        using (stream)
        {
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                using var gz = new GZipStream(stream, CompressionMode.Decompress);
                return Read(gz, sourcePath);
            }
            return Read(stream, sourcePath);
        }
    }

    private enum Level
    {
        Top,
        EnvelopeObject,
        UnitArray,
        TopArray,
        ResourceArray,
        Resource,
        ScopeArray,
        Scope,
        SpanArray,
    }

    /// <summary>Where the scan is, and the OTLP resource being walked (its service may come after its spans).</summary>
    private sealed class ScanState
    {
        public Level Level;
        public string? Service;
        public int FirstSpan;
        public int ResourceLine;
        public int Skipped;
        public EvidenceRef? LastRef;
    }

    private static void Scan(Stream stream, SpanSink sink)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        var pooled = true;
        var filled = 0;
        var isFinal = false;
        var state = new JsonReaderState(Options);
        var st = new ScanState();
        var lineBase = 1;
        var first = true;
        try
        {
            while (true)
            {
                while (!isFinal && filled < buffer.Length)
                {
                    var n = stream.Read(buffer, filled, buffer.Length - filled);
                    if (n == 0)
                    {
                        isFinal = true;
                    }
                    filled += n;
                }
                var start = 0;
                if (first)
                {
                    first = false;
                    if (filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                    {
                        start = 3;
                    }
                }
                var data = buffer.AsSpan(start, filled - start);
                var lines = new LineCounter(data, lineBase);
                var reader = new Utf8JsonReader(data, isFinal, state);
                bool progressed;
                try
                {
                    progressed = Pump(ref reader, st, ref lines, sink);
                }
                catch (JsonException ex)
                {
                    sink.Warn(lines.LineAt((int)reader.BytesConsumed), $"invalid JSON{(isFinal ? " or truncated file" : "")}, reading stopped: {ex.Message}");
                    return;
                }
                var consumed = (int)reader.BytesConsumed;
                state = reader.CurrentState;
                lineBase = lines.LineAt(consumed);
                if (isFinal)
                {
                    if (consumed < data.Length && data[consumed..].IndexOfAnyExcept(" \t\r\n"u8) >= 0)
                    {
                        sink.Warn(lineBase, "file ends inside a JSON value (truncated?); the incomplete trace was skipped");
                    }
                    return;
                }
                var leftover = data.Length - consumed;
                if (!progressed && leftover == buffer.Length)
                {
                    // One trace is larger than the buffer: grow it so the whole value fits.
                    var bigger = new byte[buffer.Length * 2];
                    data[consumed..].CopyTo(bigger);
                    if (pooled)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        pooled = false;
                    }
                    buffer = bigger;
                }
                else
                {
                    data[consumed..].CopyTo(buffer);
                }
                filled = leftover;
            }
        }
        finally
        {
            if (pooled)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            sink.ReleaseIds();
        }
    }

    /// <summary>Reads as many whole steps as the buffer holds; returns whether any byte was consumed.</summary>
    private static bool Pump(ref Utf8JsonReader reader, ScanState st, ref LineCounter lines, SpanSink sink)
    {
        var begin = reader.BytesConsumed;
        while (true)
        {
            var checkpoint = reader;
            if (!reader.Read())
            {
                reader = checkpoint;
                return reader.BytesConsumed > begin;
            }
            if (st.Level >= Level.ResourceArray)
            {
                if (!OtlpStep(ref reader, st, ref lines, sink))
                {
                    reader = checkpoint;
                    return reader.BytesConsumed > begin;
                }
                continue;
            }
            switch (st.Level, reader.TokenType)
            {
                case (Level.Top, JsonTokenType.StartObject):
                    {
                        var probe = reader;
                        if (!probe.Read())
                        {
                            reader = checkpoint;
                            return reader.BytesConsumed > begin;
                        }
                        if (probe.TokenType == JsonTokenType.PropertyName && (probe.ValueTextEquals("data"u8) || probe.ValueTextEquals("resourceSpans"u8)))
                        {
                            st.Level = Level.EnvelopeObject;
                            continue;
                        }
                        if (!TryUnit(ref reader, ref lines, sink))
                        {
                            reader = checkpoint;
                            return reader.BytesConsumed > begin;
                        }
                        continue;
                    }
                case (Level.Top, JsonTokenType.StartArray):
                    st.Level = Level.TopArray;
                    continue;
                case (Level.Top, _):
                    sink.Warn(lines.LineAt((int)reader.TokenStartIndex), $"unexpected top-level JSON {reader.TokenType}; expected a trace object");
                    continue;
                case (Level.EnvelopeObject, JsonTokenType.PropertyName):
                    {
                        var isOtlp = reader.ValueTextEquals("resourceSpans"u8);
                        var isUnits = isOtlp || reader.ValueTextEquals("data"u8);
                        if (!reader.Read())
                        {
                            reader = checkpoint;
                            return reader.BytesConsumed > begin;
                        }
                        if (isUnits && reader.TokenType == JsonTokenType.StartArray)
                        {
                            st.Level = isOtlp ? Level.ResourceArray : Level.UnitArray;
                            continue;
                        }
                        if (!reader.TrySkip())
                        {
                            reader = checkpoint;
                            return reader.BytesConsumed > begin;
                        }
                        continue;
                    }
                case (Level.EnvelopeObject, JsonTokenType.EndObject):
                    st.Level = Level.Top;
                    continue;
                case (Level.UnitArray or Level.TopArray, JsonTokenType.StartObject or JsonTokenType.StartArray):
                    if (!TryUnit(ref reader, ref lines, sink))
                    {
                        reader = checkpoint;
                        return reader.BytesConsumed > begin;
                    }
                    continue;
                case (Level.UnitArray, JsonTokenType.EndArray):
                    st.Level = Level.EnvelopeObject;
                    continue;
                case (Level.TopArray, JsonTokenType.EndArray):
                    st.Level = Level.Top;
                    continue;
                case (Level.TopArray or Level.UnitArray, _):
                    sink.Warn(lines.LineAt((int)reader.TokenStartIndex), $"expected a trace object, found {reader.TokenType}");
                    continue;
                default:
                    continue;
            }
        }
    }

    /// <summary>One token inside an OTLP <c>resourceSpans</c> array (already read); false when the buffer ends first.</summary>
    /// <remarks>Each span object is parsed from its bytes; a <c>resourceSpans</c> element can hold a service's whole
    /// export (tens of MB), which as one document cost several times its size and kept huge pooled arrays alive.</remarks>
    private static bool OtlpStep(ref Utf8JsonReader reader, ScanState st, ref LineCounter lines, SpanSink sink)
    {
        var token = reader.TokenType;
        switch (st.Level)
        {
            case Level.ResourceArray:
                if (token == JsonTokenType.StartObject)
                {
                    st.Level = Level.Resource;
                    st.Service = null;
                    st.FirstSpan = sink.Spans.Count;
                    st.ResourceLine = lines.LineAt((int)reader.TokenStartIndex);
                    st.Skipped = 0;
                    return true;
                }
                if (token == JsonTokenType.EndArray)
                {
                    st.Level = Level.EnvelopeObject;
                    return true;
                }
                if (!SkipValue(ref reader))
                {
                    return false;
                }
                sink.Warn(lines.LineAt((int)reader.TokenStartIndex), $"expected a resourceSpans object, found {token}");
                return true;
            case Level.Resource:
                if (token == JsonTokenType.EndObject)
                {
                    if (st.Skipped > 0)
                    {
                        sink.Drop(st.ResourceLine, st.Skipped, $"{st.Skipped} OTLP span(s) without traceId, spanId or times skipped");
                    }
                    st.Level = Level.ResourceArray;
                    return true;
                }
                return Property(ref reader, st, sink, static (ref Utf8JsonReader n) => n.ValueTextEquals("scopeSpans"u8) || n.ValueTextEquals("instrumentationLibrarySpans"u8), Level.ScopeArray, resource: true);
            case Level.ScopeArray:
                if (token == JsonTokenType.StartObject)
                {
                    st.Level = Level.Scope;
                    return true;
                }
                if (token == JsonTokenType.EndArray)
                {
                    st.Level = Level.Resource;
                    return true;
                }
                return SkipValue(ref reader);
            case Level.Scope:
                if (token == JsonTokenType.EndObject)
                {
                    st.Level = Level.ScopeArray;
                    return true;
                }
                return Property(ref reader, st, sink, static (ref Utf8JsonReader n) => n.ValueTextEquals("spans"u8), Level.SpanArray, resource: false);
            default:
                if (token == JsonTokenType.EndArray)
                {
                    st.Level = Level.Scope;
                    return true;
                }
                if (token != JsonTokenType.StartObject)
                {
                    if (!SkipValue(ref reader))
                    {
                        return false;
                    }
                    st.Skipped++;
                    return true;
                }
                {
                    var probe = reader;
                    if (!probe.TrySkip())
                    {
                        return false;
                    }
                    var line = lines.LineAt((int)reader.TokenStartIndex);
                    // Compact OTLP puts every span on one line: share the citation then.
                    var reference = st.LastRef is { } last && last.Line == line ? last : st.LastRef = new EvidenceRef(sink.SourcePath, line);
                    var json = lines.Data[(int)reader.TokenStartIndex..(int)probe.BytesConsumed];
                    reader = probe;
                    if (OtlpJsonReader.ReadSpan(json, st.Service ?? "unknown", sink, reference) is { } span)
                    {
                        sink.Spans.Add(span);
                    }
                    else
                    {
                        st.Skipped++;
                    }
                    return true;
                }
        }
    }

    private delegate bool NameTest(ref Utf8JsonReader name);

    /// <summary>A property of a resource or scope object: descends into the wanted array, reads <c>resource</c>, skips the rest.</summary>
    private static bool Property(ref Utf8JsonReader reader, ScanState st, SpanSink sink, NameTest isChildArray, Level child, bool resource)
    {
        if (reader.TokenType != JsonTokenType.PropertyName)
        {
            return SkipValue(ref reader);
        }
        var descend = isChildArray(ref reader);
        var isResource = resource && reader.ValueTextEquals("resource"u8);
        if (!reader.Read())
        {
            return false;
        }
        if (descend && reader.TokenType == JsonTokenType.StartArray)
        {
            st.Level = child;
            return true;
        }
        if (!isResource || reader.TokenType != JsonTokenType.StartObject)
        {
            return SkipValue(ref reader);
        }
        var probe = reader;
        if (!probe.TrySkip())
        {
            return false;
        }
        using var doc = JsonDocument.ParseValue(ref reader);
        if (OtlpJsonReader.ServiceOf(doc.RootElement, sink) is { } service)
        {
            st.Service = service;
            // The resource came after some of its spans: give them their service now.
            for (var i = st.FirstSpan; i < sink.Spans.Count; i++)
            {
                sink.Spans[i] = sink.Spans[i] with { Service = service };
            }
        }
        return true;
    }

    /// <summary>Skips the value at the current token (objects and arrays whole); false when it does not end in the buffer.</summary>
    private static bool SkipValue(ref Utf8JsonReader reader) =>
        reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray) || reader.TrySkip();

    /// <summary>Parses the value starting at the reader's current token when it is complete in the buffer.</summary>
    private static bool TryUnit(ref Utf8JsonReader reader, ref LineCounter lines, SpanSink sink)
    {
        var probe = reader;
        if (!probe.TrySkip())
        {
            return false;
        }
        var line = lines.LineAt((int)reader.TokenStartIndex);
        // The common case, a Jaeger trace object, is parsed from its bytes; other shapes go through a document.
        if (reader.TokenType == JsonTokenType.StartObject
            && JaegerJsonReader.ReadTrace(lines.Data[(int)reader.TokenStartIndex..(int)probe.BytesConsumed], sink, line))
        {
            reader = probe;
            return true;
        }
        using var doc = JsonDocument.ParseValue(ref reader);
        Dispatch(doc.RootElement, sink, line);
        return true;
    }

    private static void Dispatch(JsonElement e, SpanSink sink, int line)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                Dispatch(item, sink, line);
            }
            return;
        }
        if (e.ValueKind != JsonValueKind.Object)
        {
            sink.Warn(line, $"expected a trace object, found {e.ValueKind}");
            return;
        }
        if (e.TryGetProperty("resourceSpans", out var rs) && rs.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in rs.EnumerateArray())
            {
                OtlpJsonReader.ReadResourceSpans(r, sink, line);
            }
        }
        else if (e.TryGetProperty("scopeSpans", out _) || e.TryGetProperty("instrumentationLibrarySpans", out _))
        {
            OtlpJsonReader.ReadResourceSpans(e, sink, line);
        }
        else if (e.TryGetProperty("spans", out _))
        {
            JaegerJsonReader.ReadTrace(e, sink, line);
        }
        else if (e.TryGetProperty("data", out var data) && data.ValueKind is JsonValueKind.Array or JsonValueKind.Object)
        {
            Dispatch(data, sink, line);
        }
        else if (e.TryGetProperty("resourceLogs", out _) || e.TryGetProperty("resourceMetrics", out _))
        {
            sink.Warn(line, "OTLP logs or metrics, not traces; skipped");
        }
        else
        {
            sink.Warn(line, "neither a Jaeger trace (spans) nor OTLP traces (resourceSpans); skipped");
        }
    }

    /// <summary>Counts newlines incrementally so each trace's starting line costs only the bytes since the previous one.</summary>
    private ref struct LineCounter(ReadOnlySpan<byte> data, int lineBase)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;

        public readonly ReadOnlySpan<byte> Data => _data;
        private int _line = lineBase;

        public int LineAt(int index)
        {
            index = Math.Clamp(index, 0, _data.Length);
            if (index >= _pos)
            {
                _line += _data[_pos..index].Count((byte)'\n');
                _pos = index;
                return _line;
            }
            return _line - _data[index.._pos].Count((byte)'\n');
        }
    }
}
