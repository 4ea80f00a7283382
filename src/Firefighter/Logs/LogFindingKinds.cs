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
        "pattern", "target", "count", "sample", "window", "service", "first", "last");

    /// <summary>A message template not seen before the onset.</summary>
    public static readonly FindingKind TemplateNew = List.Define("logs.template.new", Critical,
        "A message template that did not occur before the onset.",
        "template", "count", "level", "sample");

    /// <summary>A message template whose rate rose sharply.</summary>
    public static readonly FindingKind TemplateSpike = List.Define("logs.template.spike", Critical,
        "A message template whose rate rose sharply after the onset (ratio, binomial p-value).",
        "template", "count", "level", "ratio", "pvalue");

    /// <summary>Why a container exited, from its last log lines.</summary>
    public static readonly FindingKind CrashCause = List.Define("logs.crash_cause", Critical,
        "The last error lines a terminated, crash-looping or failed container wrote before it exited (previous-container logs included), classified: dependency_unreachable (target host:port), dns, config_missing (key), parse_error, permission, root, certificate, oom, disk_full, port_in_use, auth_failed, panic, exception (exception, frame), exit (exitCode).",
        "container", "class", "target", "key", "file", "exception", "frame", "line", "exitCode", "exitMeaning", "previous", "summary", "volume", "mountPath", "size");

    /// <summary>A numeric field of structured log lines trends toward trouble.</summary>
    public static readonly FindingKind FieldTrend = List.Define("logs.field_trend", Critical,
        "A numeric field the service logs (memory, latency, pool usage, hit rate...) grew steadily or shifted level: before/after are the typical values at start and end (or either side of the shift), limit the ceiling it logs, class memory/latency/usage/ratio.",
        "field", "class", "before", "after", "peak", "limit", "unit", "direction", "changeAt", "shape", "count");

    /// <summary>One HTTP route fails while others succeed.</summary>
    public static readonly FindingKind RouteErrors = List.Define("logs.route_errors", Critical,
        "Requests to one HTTP route (method and path, ids folded) fail with 5xx or 429 while other routes succeed; status is the commonest failing code, durationMs the typical duration of the failures.",
        "method", "route", "status", "count", "total", "share", "durationMs", "otherRoutes", "reason");

    /// <summary>One value of a field accounts for most lines of an error group.</summary>
    public static readonly FindingKind TopContributor = List.Define("logs.top_contributor", Warning,
        "One value of an identifying field (client IP, user, tenant, route) accounts for most of the lines of a failure pattern: who or what drives it.",
        "field", "value", "share", "count", "total", "pattern", "rate");

    /// <summary>The service logged a configuration change.</summary>
    public static readonly FindingKind ConfigChange = List.Define("logs.config_change", Warning,
        "The service logged that its configuration was reloaded or changed (SIGHUP, file change, reload event); changes lists the settings it printed with their old values.",
        "changes", "line", "keys", "at");

    /// <summary>Where a cascade of failures starts.</summary>
    public static readonly FindingKind CascadeOrigin = List.Define("logs.cascade_origin", Critical,
        "Several services log errors and the errors of each name the next one (A's errors name B, B's name C): the service whose errors name no other failing service is where the cascade starts; target is what it cannot reach, chain the services that fail because of it; steady when the origin's errors were as frequent at the start of the logs as at their end (or before the incident start).",
        "service", "target", "sample", "chain", "services", "count", "first", "steady");
}
