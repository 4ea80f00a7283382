using System.Globalization;
using System.Text.Json;
using Firefighter.Evidence;
using Firefighter.Traces;

namespace Firefighter.Sources.Traces;

/// <summary>Turns one Jaeger JSON trace object (<c>traceID</c>, <c>spans</c>, <c>processes</c>) into spans.</summary>
/// <remarks>Times are microseconds since the epoch; the parent is the first <c>CHILD_OF</c> reference in the same trace (else the first reference);
/// the service comes from <c>processes[processID].serviceName</c> (or an embedded <c>process</c>). Never throws.</remarks>
internal static class JaegerJsonReader
{
    public static void ReadTrace(JsonElement trace, SpanSink sink, int line)
    {
        if (!trace.TryGetProperty("spans", out var spans) || spans.ValueKind != JsonValueKind.Array)
        {
            sink.Warn(line, "Jaeger trace without a 'spans' array; skipped");
            return;
        }
        var processes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (trace.TryGetProperty("processes", out var procs) && procs.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in procs.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("serviceName", out var sn) && sn.ValueKind == JsonValueKind.String)
                {
                    processes[p.Name] = sink.Intern(sn.GetString()!);
                }
            }
        }
        var traceRef = new EvidenceRef(sink.SourcePath, line);
        var traceIdOfTrace = trace.TryGetProperty("traceID", out var tid) && tid.ValueKind == JsonValueKind.String ? SpanSink.NormalizeId(tid.GetString(), false) : null;
        if (traceIdOfTrace is not null)
        {
            traceIdOfTrace = sink.InternId(traceIdOfTrace);
        }
        var skipped = 0;
        foreach (var s in spans.EnumerateArray())
        {
            if (ReadSpan(s, processes, sink, traceRef, traceIdOfTrace) is { } span)
            {
                sink.Spans.Add(span);
            }
            else
            {
                skipped++;
            }
        }
        if (skipped > 0)
        {
            sink.Warn(line, $"trace {traceIdOfTrace ?? "?"}: {skipped} span(s) without spanID, startTime or duration skipped");
        }
    }

    private static Span? ReadSpan(JsonElement s, Dictionary<string, string> processes, SpanSink sink, EvidenceRef traceRef, string? traceIdOfTrace)
    {
        if (s.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var traceId = Str(s, "traceID") is { } t && SpanSink.NormalizeId(t, false) is { } tn ? sink.InternId(tn) : traceIdOfTrace;
        var spanId = SpanSink.NormalizeId(Str(s, "spanID"), false);
        if (traceId is null || spanId is null || !TryLong(s, "startTime", out var startUs) || !TryLong(s, "duration", out var durUs))
        {
            return null;
        }
        string? parent = null;
        if (s.TryGetProperty("references", out var refs) && refs.ValueKind == JsonValueKind.Array)
        {
            string? anyRef = null;
            foreach (var r in refs.EnumerateArray())
            {
                var rTrace = SpanSink.NormalizeId(Str(r, "traceID"), false);
                var rSpan = SpanSink.NormalizeId(Str(r, "spanID"), false);
                if (rSpan is null || (rTrace is not null && rTrace != traceId))
                {
                    continue;
                }
                if (Str(r, "refType") == "CHILD_OF")
                {
                    parent = rSpan;
                    break;
                }
                anyRef ??= rSpan;
            }
            parent ??= anyRef;
        }
        // Older Jaeger JSON carries parentSpanID directly.
        parent ??= SpanSink.NormalizeId(Str(s, "parentSpanID"), false) is { } p && p.Trim('0').Length > 0 ? p : null;
        if (parent == spanId)
        {
            parent = null;
        }
        spanId = sink.InternId(spanId);
        if (parent is not null)
        {
            parent = sink.InternId(parent);
        }

        var service = "unknown";
        if (Str(s, "processID") is { } pid && processes.TryGetValue(pid, out var svc))
        {
            service = svc;
        }
        else if (s.TryGetProperty("process", out var proc) && proc.ValueKind == JsonValueKind.Object && Str(proc, "serviceName") is { } sn2)
        {
            service = sink.Intern(sn2);
        }

        sink.BeginAttributes();
        var errorTag = false;
        if (s.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
        {
            foreach (var tag in tags.EnumerateArray())
            {
                if (Str(tag, "key") is not { } key || !tag.TryGetProperty("value", out var v))
                {
                    continue;
                }
                if (key == "error")
                {
                    errorTag |= v.ValueKind == JsonValueKind.True || (v.ValueKind == JsonValueKind.String && v.GetString()!.Equals("true", StringComparison.OrdinalIgnoreCase));
                    continue;
                }
                if (SpanSink.KeptKeys.Contains(key))
                {
                    sink.AddAttribute(key, ValueText(v));
                }
            }
        }
        if (s.TryGetProperty("logs", out var logs) && logs.ValueKind == JsonValueKind.Array)
        {
            foreach (var log in logs.EnumerateArray())
            {
                if (!log.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }
                foreach (var f in fields.EnumerateArray())
                {
                    var key = Str(f, "key");
                    if (key is "error.kind" or "exception.type" && f.TryGetProperty("value", out var v))
                    {
                        sink.AddAttribute("exception.type", ValueText(v));
                    }
                }
            }
        }
        var isError = sink.PendingSaysError(errorTag);
        var operation = sink.Intern(Str(s, "operationName") ?? "");
        return new Span(traceId, spanId, parent, service, operation,
            DateTimeOffset.UnixEpoch.AddTicks(startUs * 10), TimeSpan.FromTicks(Math.Max(0, durUs) * 10), isError, traceRef)
        {
            Attributes = sink.TakeAttributes(),
        };
    }

    internal static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static bool TryLong(JsonElement e, string name, out long value)
    {
        value = 0;
        if (!e.TryGetProperty(name, out var v))
        {
            return false;
        }
        if (v.ValueKind == JsonValueKind.Number)
        {
            if (v.TryGetInt64(out value))
            {
                return true;
            }
            if (v.TryGetDouble(out var d))
            {
                value = (long)d;
                return true;
            }
            return false;
        }
        return v.ValueKind == JsonValueKind.String && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    internal static string ValueText(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => v.GetRawText(),
    };
}
