using Firefighter.Evidence;

namespace Firefighter.Traces;

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
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
}
