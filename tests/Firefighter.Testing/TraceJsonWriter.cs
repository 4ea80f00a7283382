using System.Text.Json;
using Firefighter.Evidence;

namespace Firefighter.Testing;

/// <summary>Writes spans as a Jaeger <c>/api/traces</c> envelope or an OTLP/JSON request, the shapes real tools produce (for round-trip tests and benchmarks).</summary>
public static class TraceJsonWriter
{
    /// <summary>Writes a Jaeger envelope <c>{data:[trace...]}</c>, one trace per trace id, services in <c>processes</c>.</summary>
    public static void WriteJaeger(IEnumerable<Span> spans, Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartArray("data");
        foreach (var trace in spans.GroupBy(s => s.TraceId))
        {
            var processes = trace.Select(s => s.Service).Distinct().Select((s, i) => (s, id: "p" + (i + 1))).ToDictionary(x => x.s, x => x.id);
            w.WriteStartObject();
            w.WriteString("traceID", trace.Key);
            w.WriteStartArray("spans");
            foreach (var s in trace)
            {
                w.WriteStartObject();
                w.WriteString("traceID", s.TraceId);
                w.WriteString("spanID", s.SpanId);
                w.WriteString("operationName", s.Operation);
                w.WriteStartArray("references");
                if (s.ParentSpanId is { } p)
                {
                    w.WriteStartObject();
                    w.WriteString("refType", "CHILD_OF");
                    w.WriteString("traceID", s.TraceId);
                    w.WriteString("spanID", p);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteNumber("startTime", (s.Start - DateTimeOffset.UnixEpoch).Ticks / 10);
                w.WriteNumber("duration", s.Duration.Ticks / 10);
                w.WriteStartArray("tags");
                if (s.IsError)
                {
                    w.WriteStartObject();
                    w.WriteString("key", "error");
                    w.WriteString("type", "bool");
                    w.WriteBoolean("value", true);
                    w.WriteEndObject();
                }
                foreach (var (k, v) in s.Attributes)
                {
                    w.WriteStartObject();
                    w.WriteString("key", k);
                    w.WriteString("type", "string");
                    w.WriteString("value", v);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("logs");
                w.WriteEndArray();
                w.WriteString("processID", processes[s.Service]);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("processes");
            foreach (var (svc, id) in processes)
            {
                w.WriteStartObject(id);
                w.WriteString("serviceName", svc);
                w.WriteStartArray("tags");
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("total", 0);
        w.WriteNumber("limit", 0);
        w.WriteNumber("offset", 0);
        w.WriteNull("errors");
        w.WriteEndObject();
    }

    /// <summary>Writes one OTLP/JSON <c>ExportTraceServiceRequest</c> with a <c>resourceSpans</c> entry per service.</summary>
    public static void WriteOtlp(IEnumerable<Span> spans, Stream output)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartArray("resourceSpans");
        foreach (var svc in spans.GroupBy(s => s.Service))
        {
            w.WriteStartObject();
            w.WriteStartObject("resource");
            w.WriteStartArray("attributes");
            w.WriteStartObject();
            w.WriteString("key", "service.name");
            w.WriteStartObject("value");
            w.WriteString("stringValue", svc.Key);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("scopeSpans");
            w.WriteStartObject();
            w.WriteStartArray("spans");
            foreach (var s in svc)
            {
                w.WriteStartObject();
                w.WriteString("traceId", s.TraceId.ToUpperInvariant());
                w.WriteString("spanId", s.SpanId.ToUpperInvariant());
                if (s.ParentSpanId is { } p)
                {
                    w.WriteString("parentSpanId", p);
                }
                w.WriteString("name", s.Operation);
                var kind = s.Attr("span.kind") switch { "server" => 2, "client" => 3, _ => 1 };
                w.WriteNumber("kind", kind);
                var ns = (s.Start - DateTimeOffset.UnixEpoch).Ticks * 100;
                w.WriteString("startTimeUnixNano", ns.ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteString("endTimeUnixNano", (ns + (s.Duration.Ticks * 100)).ToString(System.Globalization.CultureInfo.InvariantCulture));
                w.WriteStartArray("attributes");
                foreach (var (k, v) in s.Attributes.Where(a => a.Key != "span.kind"))
                {
                    w.WriteStartObject();
                    w.WriteString("key", k);
                    w.WriteStartObject("value");
                    w.WriteString("stringValue", v);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartObject("status");
                w.WriteNumber("code", s.IsError ? 2 : 0);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
