using Firefighter.Analysis;
using static Firefighter.Analysis.FindingSeverity;

namespace Firefighter.Correlation;

/// <summary>The finding kinds the correlation stage adds after the analyzers (fusion of traces, metrics and logs).</summary>
public static class CorrelationFindingKinds
{
    private static readonly FindingKindList List = new();

    /// <summary>Every kind defined here, in definition order.</summary>
    public static IReadOnlyList<FindingKind> All => List.All;

    /// <summary>One ranking of services from traces, metrics and logs.</summary>
    public static readonly FindingKind FusionCulprit = List.Define("fusion.culprit", Critical,
        "A service ranked as the likely origin by traces + logs + metrics (at most 3); strength = confidence; support: strong, moderate or thin (then suspected = \"Suspected: \"); fault: cpu_saturation, memory, network_delay, error_return, exception, dependency_down, latency; stability: the share of plausible fault start times (weighted by how decisive each is) that rank the same service first.",
        "service", "rank", "score", "confidence", "support", "suspected", "fault", "faultText", "faultMetric", "traceFault", "traceScore", "metricScore", "logScore", "metric", "sources", "victimOf", "traceIds", "robustZ", "faultOnset", "stability");

    /// <summary>A service whose anomaly a ranked culprit it calls explains.</summary>
    public static readonly FindingKind FusionVictim = List.Define("fusion.victim", Info,
        "A service whose anomaly is explained by a ranked culprit it calls.",
        "service", "explainedBy");

    /// <summary>Warning/error lines tied to abnormal traces.</summary>
    public static readonly FindingKind LogTraceLink = List.Define("logs.trace_link", Warning,
        "Warning/error lines tied to abnormal traces by their trace id; own = lines the service wrote, named = callers' lines naming it.",
        "service", "count", "own", "named", "exception", "traceIds");
}
