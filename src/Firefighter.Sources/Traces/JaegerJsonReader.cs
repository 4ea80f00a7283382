using System.Runtime.InteropServices;
using System.Text.Json;
using Firefighter.Evidence;

namespace Firefighter.Sources.Traces;

/// <summary>Turns one Jaeger JSON trace object (<c>traceID</c>, <c>spans</c>, <c>processes</c>) into spans.</summary>
/// <remarks>Times are microseconds since the epoch; the parent is the first <c>CHILD_OF</c> reference in the same trace (else the first reference);
/// the service comes from <c>processes[processID].serviceName</c> (or an embedded <c>process</c>). The trace's bytes are read token by token
/// (no document): <c>processes</c> and the trace id usually follow the spans, so spans are resolved at the end of the trace. Never throws.</remarks>
internal static class JaegerJsonReader
{
    private struct RawSpan
    {
        public bool Valid;
        public bool HasTraceId;
        public string? TraceId;
        public string? SpanId;
        public string? OldParent;
        public int RefStart;
        public int RefCount;
        public string? ProcessId;
        public string? EmbeddedService;
        public string Operation;
        public long StartUs;
        public long DurationUs;
        public bool IsError;
        public IReadOnlyDictionary<string, string> Attributes;
    }

    private readonly record struct RawRef(string? TraceId, string SpanId, bool ChildOf);

    /// <summary>Reads a trace given as a parsed element (the fallback path for unusual file shapes).</summary>
    public static void ReadTrace(JsonElement trace, SpanSink sink, int line)
    {
        if (!ReadTrace(JsonMarshal.GetRawUtf8Value(trace), sink, line))
        {
            sink.Warn(line, "Jaeger trace without a 'spans' array; skipped");
        }
    }

    /// <summary>Reads the complete JSON object of one trace; false (and nothing read) when it has no <c>spans</c> array or carries OTLP keys.</summary>
    public static bool ReadTrace(ReadOnlySpan<byte> json, SpanSink sink, int line)
    {
        var r = new Utf8JsonReader(json, JsonText.Options);
        var raws = new List<RawSpan>();
        var refs = new List<RawRef>();
        Dictionary<string, string>? processes = null;
        string? traceIdOfTrace = null;
        var hasSpans = false;
        try
        {
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("spans"u8))
                {
                    r.Read();
                    if (r.TokenType != JsonTokenType.StartArray)
                    {
                        r.Skip();
                        continue;
                    }
                    hasSpans = true;
                    while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                    {
                        if (r.TokenType == JsonTokenType.StartObject)
                        {
                            raws.Add(ReadSpan(ref r, json, sink, refs));
                        }
                        else
                        {
                            r.Skip();
                            raws.Add(default);
                        }
                    }
                }
                else if (r.ValueTextEquals("processes"u8))
                {
                    r.Read();
                    processes = ReadProcesses(ref r, sink);
                }
                else if (r.ValueTextEquals("traceID"u8))
                {
                    r.Read();
                    traceIdOfTrace = JsonText.Id(ref r, sink, false);
                }
                else if (r.ValueTextEquals("resourceSpans"u8) || r.ValueTextEquals("scopeSpans"u8) || r.ValueTextEquals("instrumentationLibrarySpans"u8))
                {
                    return false;
                }
                else
                {
                    r.Read();
                    r.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            sink.Warn(line, $"invalid JSON in a Jaeger trace, skipped: {ex.Message}");
            return true;
        }
        if (!hasSpans)
        {
            return false;
        }
        Emit(raws, refs, processes, traceIdOfTrace, sink, line);
        return true;
    }

    private static void Emit(List<RawSpan> raws, List<RawRef> refs, Dictionary<string, string>? processes, string? traceIdOfTrace, SpanSink sink, int line)
    {
        var traceRef = new EvidenceRef(sink.SourcePath, line);
        var skipped = 0;
        foreach (var raw in raws)
        {
            var traceId = raw.HasTraceId ? raw.TraceId : traceIdOfTrace;
            if (!raw.Valid || traceId is null || raw.SpanId is null)
            {
                skipped++;
                continue;
            }
            string? parent = null;
            string? anyRef = null;
            for (var k = raw.RefStart; k < raw.RefStart + raw.RefCount; k++)
            {
                var rf = refs[k];
                if (rf.TraceId is not null && rf.TraceId != traceId)
                {
                    continue;
                }
                if (rf.ChildOf)
                {
                    parent = rf.SpanId;
                    break;
                }
                anyRef ??= rf.SpanId;
            }
            // Older Jaeger JSON carries parentSpanID directly.
            parent = parent ?? anyRef ?? raw.OldParent;
            if (parent == raw.SpanId)
            {
                parent = null;
            }
            var service = raw.ProcessId is { } pid && processes is not null && processes.TryGetValue(pid, out var svc) ? svc
                : raw.EmbeddedService ?? "unknown";
            sink.Spans.Add(new Span(traceId, raw.SpanId, parent, service, raw.Operation ?? "",
                DateTimeOffset.UnixEpoch.AddTicks(raw.StartUs * 10), TimeSpan.FromTicks(Math.Max(0, raw.DurationUs) * 10), raw.IsError, traceRef)
            {
                Attributes = raw.Attributes,
            });
        }
        if (skipped > 0)
        {
            sink.Drop(line, skipped, $"trace {traceIdOfTrace ?? "?"}: {skipped} span(s) without spanID, startTime or duration skipped");
        }
    }

    private static Dictionary<string, string>? ReadProcesses(ref Utf8JsonReader r, SpanSink sink)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return null;
        }
        var processes = new Dictionary<string, string>(StringComparer.Ordinal);
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var pid = Firefighter.Parsing.JsonStrings.Get(ref r);
            r.Read();
            if (ServiceName(ref r, sink) is { } name)
            {
                processes[pid] = name;
            }
        }
        return processes;
    }

    /// <summary>The <c>serviceName</c> of a process object (the reader ends on its end), or null.</summary>
    private static string? ServiceName(ref Utf8JsonReader r, SpanSink sink)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return null;
        }
        string? name = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var isName = r.ValueTextEquals("serviceName"u8);
            r.Read();
            if (isName && r.TokenType == JsonTokenType.String)
            {
                name = JsonText.Name(ref r, sink);
            }
            else
            {
                r.Skip();
            }
        }
        return name;
    }

    private static RawSpan ReadSpan(ref Utf8JsonReader r, ReadOnlySpan<byte> json, SpanSink sink, List<RawRef> refs)
    {
        var raw = new RawSpan { RefStart = refs.Count };
        bool hasStart = false, hasDuration = false, errorTag = false;
        string? logException = null;
        sink.BeginAttributes();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("spanID"u8))
            {
                r.Read();
                raw.SpanId = JsonText.Id(ref r, sink, false);
            }
            else if (r.ValueTextEquals("traceID"u8))
            {
                r.Read();
                // A span's own traceID wins over the trace's, even when it is empty (then the span is skipped).
                raw.HasTraceId = JsonText.IsText(ref r);
                raw.TraceId = JsonText.Id(ref r, sink, false);
            }
            else if (r.ValueTextEquals("startTime"u8))
            {
                r.Read();
                hasStart = JsonText.TryLong(ref r, out raw.StartUs);
            }
            else if (r.ValueTextEquals("duration"u8))
            {
                r.Read();
                hasDuration = JsonText.TryLong(ref r, out raw.DurationUs);
            }
            else if (r.ValueTextEquals("operationName"u8))
            {
                r.Read();
                raw.Operation = JsonText.Name(ref r, sink) ?? "";
            }
            else if (r.ValueTextEquals("processID"u8))
            {
                r.Read();
                raw.ProcessId = JsonText.Name(ref r, sink);
            }
            else if (r.ValueTextEquals("process"u8))
            {
                r.Read();
                raw.EmbeddedService = ServiceName(ref r, sink);
            }
            else if (r.ValueTextEquals("references"u8))
            {
                r.Read();
                ReadReferences(ref r, sink, refs);
            }
            else if (r.ValueTextEquals("parentSpanID"u8))
            {
                r.Read();
                if (JsonText.Id(ref r, sink, false) is { } p && p.AsSpan().Trim('0').Length > 0)
                {
                    raw.OldParent = p;
                }
            }
            else if (r.ValueTextEquals("tags"u8))
            {
                r.Read();
                ForEachKeyValue(ref r, json, sink, logs: false, ref errorTag, ref logException);
            }
            else if (r.ValueTextEquals("logs"u8))
            {
                r.Read();
                ReadLogs(ref r, json, sink, ref errorTag, ref logException);
            }
            else
            {
                r.Read();
                r.Skip();
            }
        }
        if (logException is not null)
        {
            sink.AddAttribute("exception.type", logException);
        }
        raw.RefCount = refs.Count - raw.RefStart;
        raw.IsError = sink.PendingSaysError(errorTag);
        raw.Attributes = sink.TakeAttributes();
        raw.Valid = hasStart && hasDuration;
        return raw;
    }

    private static void ReadReferences(ref Utf8JsonReader r, SpanSink sink, List<RawRef> refs)
    {
        if (r.TokenType != JsonTokenType.StartArray)
        {
            r.Skip();
            return;
        }
        while (JsonText.NextObject(ref r))
        {
            string? traceId = null, spanId = null;
            var childOf = false;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("traceID"u8))
                {
                    r.Read();
                    traceId = JsonText.Id(ref r, sink, false);
                }
                else if (r.ValueTextEquals("spanID"u8))
                {
                    r.Read();
                    spanId = JsonText.Id(ref r, sink, false);
                }
                else if (r.ValueTextEquals("refType"u8))
                {
                    r.Read();
                    childOf = r.TokenType == JsonTokenType.String && r.ValueTextEquals("CHILD_OF"u8);
                    r.Skip();
                }
                else
                {
                    r.Read();
                    r.Skip();
                }
            }
            if (spanId is not null)
            {
                refs.Add(new RawRef(traceId, spanId, childOf));
            }
        }
    }

    private static void ReadLogs(ref Utf8JsonReader r, ReadOnlySpan<byte> json, SpanSink sink, ref bool errorTag, ref string? logException)
    {
        if (r.TokenType != JsonTokenType.StartArray)
        {
            r.Skip();
            return;
        }
        while (JsonText.NextObject(ref r))
        {
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                var isFields = r.ValueTextEquals("fields"u8);
                r.Read();
                if (isFields)
                {
                    ForEachKeyValue(ref r, json, sink, logs: true, ref errorTag, ref logException);
                }
                else
                {
                    r.Skip();
                }
            }
        }
    }

    /// <summary>Reads an array of <c>{key, type, value}</c> objects: span tags (kept keys and the <c>error</c> tag) or log fields (the exception type).</summary>
    private static void ForEachKeyValue(ref Utf8JsonReader r, ReadOnlySpan<byte> json, SpanSink sink, bool logs, ref bool errorTag, ref string? logException)
    {
        if (r.TokenType != JsonTokenType.StartArray)
        {
            r.Skip();
            return;
        }
        Span<char> buffer = stackalloc char[64];
        while (JsonText.NextObject(ref r))
        {
            string? key = null;
            var keyKnown = false;
            string? value = null;
            var hasValue = false;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("key"u8))
                {
                    r.Read();
                    if (JsonText.IsText(ref r))
                    {
                        keyKnown = true;
                        var n = JsonText.Copy(ref r, buffer);
                        ReadOnlySpan<char> text = n >= 0 ? buffer[..n] : JsonText.String(ref r);
                        key = logs ? (text is "error.kind" or "exception.type" ? "exception.type" : null)
                            : text is "error" ? "error" : SpanSink.KeptKey(text);
                    }
                    else
                    {
                        r.Skip();
                    }
                }
                else if (r.ValueTextEquals("value"u8))
                {
                    r.Read();
                    hasValue = true;
                    if (!keyKnown || key is not null)
                    {
                        value = JsonText.ValueText(ref r, json, sink);
                    }
                    else
                    {
                        r.Skip();
                    }
                }
                else
                {
                    r.Read();
                    r.Skip();
                }
            }
            if (key is null || !hasValue || value is null)
            {
                continue;
            }
            if (logs)
            {
                logException = value;
            }
            else if (key == "error")
            {
                errorTag |= value.Equals("true", StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                sink.AddAttribute(key, value);
            }
        }
    }
}
