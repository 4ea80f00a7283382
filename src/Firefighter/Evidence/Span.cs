namespace Firefighter.Evidence;

/// <summary>One span of a distributed trace, normalised from Jaeger or OTLP.</summary>
/// <param name="TraceId">Trace id (lower-case hex).</param>
/// <param name="SpanId">Span id (lower-case hex).</param>
/// <param name="ParentSpanId">Parent span id, null for a root span.</param>
/// <param name="Service">Service name.</param>
/// <param name="Operation">Operation (span) name.</param>
/// <param name="Start">Start time.</param>
/// <param name="Duration">Duration.</param>
/// <param name="IsError">Whether the span reports an error status.</param>
/// <param name="Ref">Where it was read.</param>
public sealed record Span(string TraceId, string SpanId, string? ParentSpanId, string Service, string Operation, DateTimeOffset Start, TimeSpan Duration, bool IsError, EvidenceRef Ref)
{
    /// <summary>Span attributes/tags as strings.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = NoAttributes;

    /// <summary>The shared empty attribute map, so spans without attributes cost no allocation.</summary>
    public static IReadOnlyDictionary<string, string> NoAttributes { get; } = new Dictionary<string, string>();

    /// <summary>The end time.</summary>
    public DateTimeOffset End => Start + Duration;

    /// <summary>The attribute or null.</summary>
    public string? Attr(string key) => Attributes.TryGetValue(key, out var v) ? v : null;

    /// <summary>A citation of this span: its file and line with <c>trace ID span ID</c> as the field.</summary>
    public EvidenceRef Cite() => Ref with { Field = $"trace {TraceId} span {SpanId}" };
}
