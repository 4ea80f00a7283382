using System.Globalization;
using System.Text.Json;
using Firefighter.Evidence;
using Firefighter.Traces;

namespace Firefighter.Sources.Traces;

/// <summary>Turns one OTLP/JSON <c>resourceSpans</c> element into spans.</summary>
/// <remarks>Ids are hex (base64 from protobuf-JSON exporters is converted); 64-bit times are decimal strings of nanoseconds;
/// <c>status.code</c> 2 (or <c>STATUS_CODE_ERROR</c>) is an error; the service is the <c>service.name</c> resource attribute. Never throws.</remarks>
internal static class OtlpJsonReader
{
    private static readonly string[] KindNames = ["unspecified", "internal", "server", "client", "producer", "consumer"];

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
                if (!scope.TryGetProperty("spans", out var spans) || spans.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }
                foreach (var s in spans.EnumerateArray())
                {
                    if (ReadSpan(s, service, sink, reference) is { } span)
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
            sink.Warn(line, $"{skipped} OTLP span(s) without traceId, spanId or times skipped");
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
                if (JaegerJsonReader.Str(a, "key") == "service.name" && a.TryGetProperty("value", out var v))
                {
                    service = sink.Intern(AnyValue(v));
                }
            }
        }
        return service;
    }

    /// <summary>One OTLP span object as a span, or null when it lacks ids or times.</summary>
    public static Span? ReadSpan(JsonElement s, string service, SpanSink sink, EvidenceRef reference)
    {
        if (s.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var traceId = SpanSink.NormalizeId(JaegerJsonReader.Str(s, "traceId"), true);
        var spanId = SpanSink.NormalizeId(JaegerJsonReader.Str(s, "spanId"), true);
        if (traceId is null || spanId is null || !TryNanos(s, "startTimeUnixNano", out var startNs) || !TryNanos(s, "endTimeUnixNano", out var endNs))
        {
            return null;
        }
        var parent = SpanSink.NormalizeId(JaegerJsonReader.Str(s, "parentSpanId"), true);
        if (parent is not null && (parent.Trim('0').Length == 0 || parent == spanId))
        {
            parent = null;
        }
        traceId = sink.InternId(traceId);
        spanId = sink.InternId(spanId);
        if (parent is not null)
        {
            parent = sink.InternId(parent);
        }
        sink.BeginAttributes();
        if (s.TryGetProperty("kind", out var kind))
        {
            var k = kind.ValueKind == JsonValueKind.Number && kind.TryGetInt32(out var ki) && ki >= 0 && ki < KindNames.Length ? KindNames[ki]
                : kind.ValueKind == JsonValueKind.String ? kind.GetString()!.Replace("SPAN_KIND_", "", StringComparison.Ordinal).ToLowerInvariant() : null;
            if (k is not null and not "unspecified")
            {
                sink.AddAttribute("span.kind", k);
            }
        }
        if (s.TryGetProperty("attributes", out var sa) && sa.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in sa.EnumerateArray())
            {
                if (JaegerJsonReader.Str(a, "key") is { } key && SpanSink.KeptKeys.Contains(key) && a.TryGetProperty("value", out var v))
                {
                    sink.AddAttribute(key, AnyValue(v));
                }
            }
        }
        if (s.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array)
        {
            foreach (var ev in events.EnumerateArray())
            {
                if (JaegerJsonReader.Str(ev, "name") != "exception")
                {
                    continue;
                }
                var type = "exception";
                if (ev.TryGetProperty("attributes", out var ea) && ea.ValueKind == JsonValueKind.Array)
                {
                    foreach (var a in ea.EnumerateArray())
                    {
                        if (JaegerJsonReader.Str(a, "key") == "exception.type" && a.TryGetProperty("value", out var v))
                        {
                            type = AnyValue(v);
                        }
                    }
                }
                sink.AddAttribute("exception.type", type);
            }
        }
        var isError = false;
        if (s.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Object && status.TryGetProperty("code", out var code))
        {
            isError = (code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var c) && c == 2)
                || (code.ValueKind == JsonValueKind.String && code.GetString() is "STATUS_CODE_ERROR" or "2");
        }
        isError |= sink.PendingSaysError(false);
        var start = DateTimeOffset.UnixEpoch.AddTicks(startNs / 100);
        var duration = TimeSpan.FromTicks(Math.Max(0, endNs - startNs) / 100);
        return new Span(traceId, spanId, parent, service, sink.Intern(JaegerJsonReader.Str(s, "name") ?? ""), start, duration, isError, reference)
        {
            Attributes = sink.TakeAttributes(),
        };
    }

    private static bool TryNanos(JsonElement e, string name, out long value)
    {
        value = 0;
        if (!e.TryGetProperty(name, out var v))
        {
            return false;
        }
        return v.ValueKind switch
        {
            JsonValueKind.String => long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value),
            JsonValueKind.Number => v.TryGetInt64(out value),
            _ => false,
        };
    }

    /// <summary>The text of an OTLP <c>AnyValue</c> (<c>stringValue</c>, <c>intValue</c>, <c>boolValue</c>, <c>doubleValue</c>...).</summary>
    private static string AnyValue(JsonElement v)
    {
        if (v.ValueKind != JsonValueKind.Object)
        {
            return JaegerJsonReader.ValueText(v);
        }
        foreach (var p in v.EnumerateObject())
        {
            return JaegerJsonReader.ValueText(p.Value);
        }
        return "";
    }
}
