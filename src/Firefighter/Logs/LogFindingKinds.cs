using Firefighter.Analysis;
using static Firefighter.Analysis.FindingSeverity;

namespace Firefighter.Logs;

/// <summary>The <c>logs.*</c> finding kinds; the entity is the pod or service that wrote the lines.</summary>
public static class LogFindingKinds
{
    private static readonly FindingKindList List = new();

    /// <summary>Every kind defined here, in definition order.</summary>
    public static IReadOnlyList<FindingKind> All => List.All;

    /// <summary>The error rate of a log source jumped.</summary>
    public static readonly FindingKind ErrorBurst = List.Define("logs.error_burst", Critical,
        "The rate of error lines from one source jumped (likelihood-ratio change point): rate_before/rate_after in lines per minute.",
        "count", "llr", "rate_before", "rate_after");

    /// <summary>A known failure pattern appears in the lines.</summary>
    public static readonly FindingKind Pattern = List.Define("logs.pattern", Critical,
        "Lines match a known failure pattern: oom, connection_refused, timeout, dns, tls_expired, disk_full, panic, auth_failed, config_missing...; target is the host:port or name extracted.",
        "pattern", "target", "count");

    /// <summary>A message template not seen before the onset.</summary>
    public static readonly FindingKind TemplateNew = List.Define("logs.template.new", Critical,
        "A message template that did not occur before the onset.",
        "template", "count", "level", "sample");

    /// <summary>A message template whose rate rose sharply.</summary>
    public static readonly FindingKind TemplateSpike = List.Define("logs.template.spike", Critical,
        "A message template whose rate rose sharply after the onset (ratio, binomial p-value).",
        "template", "count", "level", "ratio", "pvalue");
}
