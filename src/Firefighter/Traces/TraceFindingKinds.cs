using Firefighter.Analysis;
using static Firefighter.Analysis.FindingSeverity;

namespace Firefighter.Traces;

/// <summary>The <c>traces.*</c> finding kinds; the entity is a Service (namespace null).</summary>
public static class TraceFindingKinds
{
    private static readonly FindingKindList List = new();

    /// <summary>Every kind defined here, in definition order.</summary>
    public static IReadOnlyList<FindingKind> All => List.All;

    /// <summary>A service the traces rank as the likely origin.</summary>
    public static readonly FindingKind Culprit = List.Define("traces.culprit", Critical,
        "A service the traces rank as where the fault starts; fault: error_return, exception, dependency_error, slow_processing, network_delay, slow_dependency.",
        "service", "rank", "score", "fault", "operation", "errorShare", "latencyShare", "jaccard", "victimDiscount", "abnormalTraces", "totalAbnormalTraces", "onset", "traceIds");

    /// <summary>Where failing spans begin.</summary>
    public static readonly FindingKind ErrorOrigin = List.Define("traces.error_origin", Critical,
        "The operation where failing spans begin (its callees do not fail).",
        "service", "operation", "fault", "count", "rateBefore", "rateAfter", "exceptionType", "traceIds");

    /// <summary>Where added latency is spent.</summary>
    public static readonly FindingKind LatencyOrigin = List.Define("traces.latency_origin", Critical,
        "The operation (or call edge) whose own time grew: where the added latency is spent.",
        "service", "operation", "fault", "edge", "count", "excessMs", "share", "baselineSelfMs", "observedSelfMs", "traceIds");

    /// <summary>An operation whose error rate or latency changed.</summary>
    public static readonly FindingKind AbnormalOperation = List.Define("traces.abnormal_operation", Info,
        "An operation whose error rate or p95 latency changed at the traces' onset.",
        "service", "operation", "countBefore", "countAfter", "errorRateBefore", "errorRateAfter", "p95MsBefore", "p95MsAfter", "slowFraction", "traceIds");

    /// <summary>One span holds most of the time of slow traces.</summary>
    public static readonly FindingKind SlowSpan = List.Define("traces.slow_span", Critical,
        "In slow traces, one span's own time (not its children's) is most of the whole request: a database query (dbSystem, statement), a call or a computation; share is its median part of the trace duration; steady when the slow traces were as frequent at the start of the traces as at their end (or before the incident start).",
        "service", "operation", "dbSystem", "statement", "selfMs", "traceMs", "share", "count", "root", "traceIds", "steady");
}
