using Firefighter.Analysis;
using static Firefighter.Analysis.FindingSeverity;

namespace Firefighter.Metrics;

/// <summary>The <c>metrics.*</c> finding kinds; the entity is the pod, service, PVC or node the series' labels name.</summary>
public static class MetricFindingKinds
{
    private static readonly FindingKindList List = new();

    /// <summary>Every kind defined here, in definition order.</summary>
    public static IReadOnlyList<FindingKind> All => List.All;

    /// <summary>A series shifted to a new level.</summary>
    public static readonly FindingKind LevelShift = List.Define("metrics.level_shift", Critical,
        "A series moved to a new level and stayed (rate: a counter analysed as its per-second rate, resets handled).",
        "metric", "series", "before", "after", "changeAt", "direction", "rate", "robustZ");

    /// <summary>A series spiked.</summary>
    public static readonly FindingKind Spike = List.Define("metrics.spike", Info,
        "A series had a short spike far outside its usual range.",
        "metric", "series", "value", "rate", "robustZ");

    /// <summary>The streaming detector reported samples unlike the series' own history.</summary>
    public static readonly FindingKind Anomaly = List.Define("metrics.anomaly", Info,
        "The streaming detector (the one `ff metrics detect` runs) reported samples unlike the series' own history: a value beyond its range, a new pattern, a flatline, a sustained change or an off-season value; the strongest is cited.",
        "metric", "series", "value", "score", "anomaly", "normalLow", "normalHigh", "reported", "rate");

    /// <summary>A series grows steadily, possibly towards a limit.</summary>
    public static readonly FindingKind SteadyGrowth = List.Define("metrics.steady_growth", Critical,
        "A series grows steadily (a leak or a filling disk); with a limit, when it will reach it.",
        "metric", "series", "slopePerHour", "r2", "limit", "timeToLimit", "timeToLimitSeconds");

    /// <summary>A series reached most of its limit.</summary>
    public static readonly FindingKind Saturation = List.Define("metrics.saturation", Critical,
        "A usage series reached a large share of its limit (ratio = usage/limit).",
        "metric", "series", "ratio", "limit", "peak");

    /// <summary>A component that moved at the onset, ranked.</summary>
    public static readonly FindingKind Screen = List.Define("metrics.screen", Info,
        "Investigation step: a component whose series moved at the onset, ranked by robust z against the pre-onset median/IQR (counters as rates).",
        "rank", "moveOrder", "score", "robustZ", "metric", "series", "metrics", "before", "after", "peak", "direction", "firstMove", "onset", "seriesEntity");

    /// <summary>The onset as the metrics alone place it.</summary>
    public static readonly FindingKind Onset = List.Define("metrics.onset", Warning,
        "Investigation step: the onset from the metrics alone (the earliest significant change point), when no symptom but an alert gives one.",
        "metric", "series", "before", "after", "direction", "score", "robustZ");
}
