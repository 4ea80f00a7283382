using System.Runtime.InteropServices;
using System.Text.Json;
using Firefighter.Evidence;

namespace Firefighter.Sources.Traces;

/// <summary>Turns OTLP/JSON spans (a <c>resourceSpans</c> element, or one span object's bytes) into spans.</summary>
/// <remarks>Ids are hex (base64 from protobuf-JSON exporters is converted); 64-bit times are decimal strings of nanoseconds;
/// <c>status.code</c> 2 (or <c>STATUS_CODE_ERROR</c>) is an error; the service is the <c>service.name</c> resource attribute. Never throws.</remarks>
internal static class OtlpJsonReader
{
    private static readonly string[] KindNames = ["unspecified", "internal", "server", "client", "producer", "consumer"];

    /// <summary>Reads a parsed <c>resourceSpans</c> element (the fallback path; files with a <c>resourceSpans</c> envelope are streamed).</summary>
    public static void ReadResourceSpans(JsonElement rs, SpanSink sink, int line)
    {
        var service = rs.TryGetProperty("resource", out var res) ? ServiceOf(res, sink) ?? "unknown" : "unknown";
        var reference = new EvidenceRef(sink.SourcePath, line);
        var skipped = 0;
        // instrumentationLibrarySpans is the pre-1.0 name still written by old collectors.
        foreach (var scopeKey in (ReadOnlySpan<string>)["scopeSpans", "instrumentationLibrarySpans"])
        {
            if (!rs.TryGetProperty(scopeKey, out var scopes) || scopes.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            foreach (var scope in scopes.EnumerateArray())
            {
                if (scope.ValueKind != JsonValueKind.Object || !scope.TryGetProperty("spans", out var spans) || spans.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }
                foreach (var s in spans.EnumerateArray())
                {
                    if (s.ValueKind == JsonValueKind.Object && ReadSpan(JsonMarshal.GetRawUtf8Value(s), service, sink, reference) is { } span)
                    {
                        sink.Spans.Add(span);
                    }
                    else
                    {
                        skipped++;
                    }
                }
            }
        }
        if (skipped > 0)
        {
            sink.Drop(line, skipped, $"{skipped} OTLP span(s) without traceId, spanId or times skipped");
        }
    }

    /// <summary>The <c>service.name</c> attribute of an OTLP <c>resource</c> object (interned), or null.</summary>
    public static string? ServiceOf(JsonElement resource, SpanSink sink)
    {
        string? service = null;
        if (resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty("attributes", out var ra) && ra.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in ra.EnumerateArray())
            {
                if (a.ValueKind == JsonValueKind.Object && a.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String
                    && k.ValueEquals("service.name"u8) && a.TryGetProperty("value", out var v))
                {
                    var r = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(v), JsonText.Options);
                    r.Read();
                    service = AnyValue(ref r, JsonMarshal.GetRawUtf8Value(v), sink);
                }
            }
        }
        return service;
    }

    /// <summary>One OTLP span object (its complete JSON bytes) as a span, or null when it lacks ids or times.</summary>
    public static Span? ReadSpan(ReadOnlySpan<byte> json, string service, SpanSink sink, EvidenceRef reference)
    {
        var r = new Utf8JsonReader(json, JsonText.Options);
        string? traceId = null, spanId = null, parent = null, kind = null, exceptionType = null, operation = null;
        bool hasStart = false, hasEnd = false, isError = false;
        long startNs = 0, endNs = 0;
        sink.BeginAttributes();
        try
        {
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("traceId"u8))
                {
                    r.Read();
                    traceId = JsonText.Id(ref r, sink, true);
                }
                else if (r.ValueTextEquals("spanId"u8))
                {
                    r.Read();
                    spanId = JsonText.Id(ref r, sink, true);
                }
                else if (r.ValueTextEquals("parentSpanId"u8))
                {
                    r.Read();
                    parent = JsonText.Id(ref r, sink, true);
                }
                else if (r.ValueTextEquals("name"u8))
                {
                    r.Read();
                    operation = JsonText.Name(ref r, sink);
                }
                else if (r.ValueTextEquals("startTimeUnixNano"u8))
                {
                    r.Read();
                    hasStart = TryNanos(ref r, out startNs);
                }
                else if (r.ValueTextEquals("endTimeUnixNano"u8))
                {
                    r.Read();
                    hasEnd = TryNanos(ref r, out endNs);
                }
                else if (r.ValueTextEquals("kind"u8))
                {
                    r.Read();
                    kind = Kind(ref r, sink);
                }
                else if (r.ValueTextEquals("attributes"u8))
                {
                    r.Read();
                    ReadAttributes(ref r, json, sink);
                }
                else if (r.ValueTextEquals("events"u8))
                {
                    r.Read();
                    exceptionType = ReadEvents(ref r, json, sink) ?? exceptionType;
                }
                else if (r.ValueTextEquals("status"u8))
                {
                    r.Read();
                    isError = IsErrorStatus(ref r);
                }
                else
                {
                    r.Read();
                    r.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        if (traceId is null || spanId is null || !hasStart || !hasEnd)
        {
            return null;
        }
        if (parent is not null && (parent.AsSpan().Trim('0').Length == 0 || parent == spanId))
        {
            parent = null;
        }
        // The span kind field comes first and an explicit span.kind attribute overrides it; an exception event overrides the attributes.
        if (kind is not null and not "unspecified" && sink.PendingAttribute("span.kind") is null)
        {
            sink.AddAttribute("span.kind", kind);
        }
        if (exceptionType is not null)
        {
            sink.AddAttribute("exception.type", exceptionType);
        }
        isError |= sink.PendingSaysError(false);
        var start = DateTimeOffset.UnixEpoch.AddTicks(startNs / 100);
        var duration = TimeSpan.FromTicks(Math.Max(0, endNs - startNs) / 100);
        return new Span(traceId, spanId, parent, service, operation ?? "", start, duration, isError, reference)
        {
            Attributes = sink.TakeAttributes(),
        };
    }

    private static string? Kind(ref Utf8JsonReader r, SpanSink sink)
    {
        if (r.TokenType == JsonTokenType.Number)
        {
            return r.TryGetInt32(out var ki) && ki >= 0 && ki < KindNames.Length ? KindNames[ki] : null;
        }
        if (r.TokenType == JsonTokenType.String)
        {
            var text = Firefighter.Parsing.JsonStrings.Get(ref r);
            return sink.Intern(text.Replace("SPAN_KIND_", "", StringComparison.Ordinal).ToLowerInvariant());
        }
        r.Skip();
        return null;
    }

    private static bool IsErrorStatus(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return false;
        }
        var error = false;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var isCode = r.ValueTextEquals("code"u8);
            r.Read();
            if (isCode)
            {
                error = (r.TokenType == JsonTokenType.Number && r.TryGetInt32(out var c) && c == 2)
                    || (r.TokenType == JsonTokenType.String && (r.ValueTextEquals("STATUS_CODE_ERROR"u8) || r.ValueTextEquals("2"u8)));
            }
            r.Skip();
        }
        return error;
    }

    /// <summary>Adds the kept attributes of an OTLP attribute array (<c>[{key, value: AnyValue}]</c>) to the span being read.</summary>
    private static void ReadAttributes(ref Utf8JsonReader r, ReadOnlySpan<byte> json, SpanSink sink)
    {
        if (r.TokenType != JsonTokenType.StartArray)
        {
            r.Skip();
            return;
        }
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (ReadKeyValue(ref r, json, sink, static k => SpanSink.KeptKey(k)) is ({ } key, { } value))
            {
                sink.AddAttribute(key, value);
            }
        }
    }

    private delegate string? KeyFilter(ReadOnlySpan<char> key);

    /// <summary>One <c>{key, value}</c> object: the wanted key's name and value text, or nulls (the reader ends on the object's end).</summary>
    private static (string? Key, string? Value) ReadKeyValue(ref Utf8JsonReader r, ReadOnlySpan<byte> json, SpanSink sink, KeyFilter wanted)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return (null, null);
        }
        string? key = null, value = null;
        var keyKnown = false;
        Span<char> buffer = stackalloc char[64];
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("key"u8))
            {
                r.Read();
                if (JsonText.IsText(ref r))
                {
                    keyKnown = true;
                    var n = JsonText.Copy(ref r, buffer);
                    key = wanted(n >= 0 ? buffer[..n] : JsonText.String(ref r));
                }
                else
                {
                    r.Skip();
                }
            }
            else if (r.ValueTextEquals("value"u8))
            {
                r.Read();
                if (!keyKnown || key is not null)
                {
                    value = AnyValue(ref r, json, sink);
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
        return (key, value);
    }

    /// <summary>The exception type of the last <c>exception</c> event (its <c>exception.type</c>, else <c>exception</c>), or null.</summary>
    private static string? ReadEvents(ref Utf8JsonReader r, ReadOnlySpan<byte> json, SpanSink sink)
    {
        if (r.TokenType != JsonTokenType.StartArray)
        {
            r.Skip();
            return null;
        }
        string? result = null;
        while (JsonText.NextObject(ref r))
        {
            var isException = false;
            string? type = null;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("name"u8))
                {
                    r.Read();
                    isException = r.TokenType == JsonTokenType.String && r.ValueTextEquals("exception"u8);
                    r.Skip();
                }
                else if (r.ValueTextEquals("attributes"u8))
                {
                    r.Read();
                    if (r.TokenType != JsonTokenType.StartArray)
                    {
                        r.Skip();
                        continue;
                    }
                    while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                    {
                        if (ReadKeyValue(ref r, json, sink, static k => k is "exception.type" ? "exception.type" : null) is (not null, { } v))
                        {
                            type = v;
                        }
                    }
                }
                else
                {
                    r.Read();
                    r.Skip();
                }
            }
            if (isException)
            {
                result = type ?? "exception";
            }
        }
        return result;
    }

    private static bool TryNanos(ref Utf8JsonReader r, out long value)
    {
        value = 0;
        if (r.TokenType == JsonTokenType.Number)
        {
            return r.TryGetInt64(out value);
        }
        return r.TokenType == JsonTokenType.String && JsonText.TryLong(ref r, out value);
    }

    /// <summary>The text of an OTLP <c>AnyValue</c> (<c>stringValue</c>, <c>intValue</c>, <c>boolValue</c>, <c>doubleValue</c>...): its first member.</summary>
    private static string AnyValue(ref Utf8JsonReader r, ReadOnlySpan<byte> json, SpanSink sink)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return JsonText.ValueText(ref r, json, sink);
        }
        string? text = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            r.Read();
            if (text is null)
            {
                text = JsonText.ValueText(ref r, json, sink);
            }
            else
            {
                r.Skip();
            }
        }
        return text ?? "";
    }
}
