using System.Globalization;
using System.Text.RegularExpressions;
using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Logs.Analyzers;

/// <summary>HTTP access lines (combined-log style text or structured fields) per route: a route whose requests mostly fail with 5xx or 429
/// while the other routes of the same service succeed becomes <c>logs.route_errors</c> — the failure is in what that route calls, not in
/// the service as a whole.</summary>
/// <remarks>Routes fold numeric, UUID and long hex path segments into <c>{id}</c>. A route needs at least <see cref="MinFailures"/> failures and
/// a failure share of one half, and the other routes of the entity together must fail less than one in ten of their requests.</remarks>
public sealed partial class RouteErrorAnalyzer : IAnalyzer
{
    private const int MinFailures = 3;

    /// <inheritdoc />
    public string Name => "logs.routes";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [LogFindingKinds.RouteErrors];

    private static readonly string[] MethodKeys = ["method", "http_method", "http.method", "request_method", "verb"];
    private static readonly string[] PathKeys = ["path", "route", "endpoint", "url", "uri", "request_uri", "http.route", "http.target", "http.url"];
    private static readonly string[] StatusKeys = ["status", "status_code", "statusCode", "http_status", "http.status_code", "response_code", "code"];
    private static readonly string[] DurationKeys = ["response_time_ms", "duration_ms", "latency_ms", "elapsed_ms", "request_time_ms", "took_ms"];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var sources = LogSources.For(context.Evidence);
        var routes = new Dictionary<(EntityRef Entity, string Method, string Route), Stats>();
        foreach (var r in context.Evidence.Logs)
        {
            if (Parse(r) is not { } req)
            {
                continue;
            }
            var key = (sources.EntityOf(r), req.Method, Fold(req.Path));
            if (!routes.TryGetValue(key, out var s))
            {
                routes[key] = s = new Stats();
            }
            s.Total++;
            if (req.Status >= 500 || req.Status == 429)
            {
                s.Failures++;
                s.Statuses[req.Status] = s.Statuses.GetValueOrDefault(req.Status) + 1;
                if (req.DurationMs is { } d)
                {
                    s.Durations.Add(d);
                }
                if (s.Refs.Count < 3)
                {
                    s.Refs.Add(r.Ref with { Excerpt = r.Message.Length > 200 ? r.Message[..200] : r.Message });
                    s.Reason ??= req.Reason;
                }
                s.First ??= r.Timestamp;
            }
        }
        var findings = new List<Finding>();
        foreach (var group in routes.GroupBy(kv => kv.Key.Entity))
        {
            foreach (var (key, s) in group)
            {
                if (s.Failures < MinFailures || s.Failures * 2 < s.Total)
                {
                    continue;
                }
                var others = group.Where(o => o.Key != key).ToList();
                var otherTotal = others.Sum(o => o.Value.Total);
                var otherFailures = others.Sum(o => o.Value.Failures);
                if (otherTotal < 5 || otherFailures * 10 >= otherTotal)
                {
                    continue;
                }
                var status = s.Statuses.OrderByDescending(x => x.Value).ThenBy(x => x.Key).First().Key;
                var duration = s.Durations.Count == 0 ? (double?)null : s.Durations.Order().ElementAt(s.Durations.Count / 2);
                var dText = duration is { } d ? d >= 1000 ? $" after ~{d / 1000:0.#} s" : $" after ~{d:0} ms" : "";
                var otherShare = 100.0 * otherFailures / otherTotal;
                var attrs = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["method"] = key.Method,
                    ["route"] = key.Route,
                    ["status"] = status.ToString(CultureInfo.InvariantCulture),
                    ["count"] = s.Failures.ToString(CultureInfo.InvariantCulture),
                    ["total"] = s.Total.ToString(CultureInfo.InvariantCulture),
                    ["share"] = (100.0 * s.Failures / s.Total).ToString("0", CultureInfo.InvariantCulture) + "%",
                    ["otherRoutes"] = $"{others.Count} other route(s), {otherShare.ToString("0.#", CultureInfo.InvariantCulture)}% errors",
                };
                if (key.Entity.Namespace is { } ns)
                {
                    attrs["namespace"] = ns;
                }
                if (duration is { } du)
                {
                    attrs["durationMs"] = du.ToString("0", CultureInfo.InvariantCulture);
                }
                if (s.Reason is { Length: > 0 } reason)
                {
                    attrs["reason"] = reason;
                }
                findings.Add(new Finding(LogFindingKinds.RouteErrors,
                    $"{key.Entity.Name}: {key.Method} {key.Route} fails — {s.Failures} of {s.Total} requests returned {status}{dText}{(s.Reason is { Length: > 0 } rr ? $" ({rr})" : "")}; the {others.Count} other route(s) succeed ({otherShare.ToString("0.#", CultureInfo.InvariantCulture)}% errors)",
                    key.Entity, s.First, null, Math.Min(1, 0.6 + 0.05 * s.Failures), s.Refs)
                {
                    Severity = FindingSeverity.Critical,
                    Attributes = attrs,
                    Analyzer = Name,
                });
            }
        }
        return AnalyzerResult.Of(findings);
    }

    private sealed record Request(string Method, string Path, int Status, double? DurationMs, string? Reason);

    private static Request? Parse(LogRecord r)
    {
        if (r.Fields.Count > 0)
        {
            var method = First(r.Fields, MethodKeys);
            var path = First(r.Fields, PathKeys);
            var status = First(r.Fields, StatusKeys);
            if (method is not null && path is { Length: > 0 } && path[0] == '/' && status is not null
                && int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 100 and < 600)
            {
                var dur = First(r.Fields, DurationKeys) is { } ds && double.TryParse(ds, NumberStyles.Float, CultureInfo.InvariantCulture, out var dv) ? dv : (double?)null;
                return new Request(method.ToUpperInvariant(), path, code, dur, code >= 500 || code == 429 ? r.Message : null);
            }
        }
        if (r.Message.Length < 12 || r.Message.Length > 2000 || !r.Message.Contains(" /", StringComparison.Ordinal))
        {
            return null;
        }
        var m = Access().Match(r.Message);
        if (!m.Success)
        {
            return null;
        }
        var st = int.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture);
        double? ms = m.Groups["d"].Success && double.TryParse(m.Groups["d"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? (m.Groups["u"].Value is "s" ? v * 1000 : m.Groups["u"].Value is "µs" or "us" ? v / 1000 : v) : null;
        var rest = m.Groups["r"].Success ? m.Groups["r"].Value.Trim(' ', '-') : null;
        return new Request(m.Groups["m"].Value, m.Groups["p"].Value, st, ms, rest is { Length: > 0 } ? rest : null);
    }

    private static string? First(IReadOnlyDictionary<string, string> fields, string[] keys)
    {
        foreach (var k in keys)
        {
            if (fields.TryGetValue(k, out var v) && v.Length > 0)
            {
                return v;
            }
        }
        return null;
    }

    /// <summary>The route of a path: query dropped, ids folded into {id}.</summary>
    internal static string Fold(string path)
    {
        var q = path.IndexOfAny(['?', '#']);
        if (q >= 0)
        {
            path = path[..q];
        }
        return IdSegment().Replace(path, "/{id}");
    }

    [GeneratedRegex(@"/(?:\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,})(?=/|$)")]
    private static partial Regex IdSegment();

    // "GET /x HTTP/1.1" 503 30002ms - reason   |   503 GET /x (12ms)   |   GET /x 503 12ms
    [GeneratedRegex(@"(?:""?(?<m>GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) (?<p>/[^\s""?]*)(?:\?\S*)?(?: HTTP/[\d.]+)?""?\s+(?<s>[1-5]\d\d)\b|\b(?<s>[1-5]\d\d) (?<m>GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) (?<p>/[^\s""?]*))(?:[^\n\d]{0,20}?(?<d>\d+(?:\.\d+)?)\s?(?<u>ms|s|µs|us)\b)?(?<r>\s+-\s+[^\n]*)?")]
    private static partial Regex Access();

    private sealed class Stats
    {
        public int Total { get; set; }
        public int Failures { get; set; }
        public Dictionary<int, int> Statuses { get; } = [];
        public List<double> Durations { get; } = [];
        public List<EvidenceRef> Refs { get; } = [];
        public string? Reason { get; set; }
        public DateTimeOffset? First { get; set; }
    }
}
