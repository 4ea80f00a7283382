using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Logs;

namespace Firefighter.Logs.Analyzers;

/// <summary>Finds well-known failure phrases (<see cref="LogPatterns"/>) per entity and target: <c>logs.pattern</c> findings.</summary>
public sealed class LogPatternAnalyzer : IAnalyzer
{
    private const int MaxRefs = 5;
    private const int NoisyPatternMin = 10;

    /// <inheritdoc />
    public string Name => "logs.patterns";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [LogFindingKinds.Pattern, LogFindingKinds.TopContributor];

    // Fields that say who sent a request: one value behind most failures names the client, tenant or user that drives them.
    private static readonly string[] IdentityKeys = ["client_ip", "remote_addr", "remote_ip", "source_ip", "src_ip", "ip", "client", "client_id", "user", "user_id", "username", "tenant", "tenant_id", "customer_id", "account", "api_key"];
    private static readonly string[] RateKeys = ["requests_per_second", "rps", "request_rate", "req_per_sec"];
    private const int MinContributorLines = 20;

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var groups = new Dictionary<(EntityRef Entity, string Code, string Target), Group>();
        var sources = LogSources.For(context.Evidence);
        var spans = new Dictionary<string, (DateTimeOffset First, DateTimeOffset Last)>(StringComparer.Ordinal);
        foreach (var r in context.Evidence.Logs)
        {
            if (r.Timestamp is { } ts)
            {
                spans[r.Ref.Source] = spans.TryGetValue(r.Ref.Source, out var sp) ? (ts < sp.First ? ts : sp.First, ts > sp.Last ? ts : sp.Last) : (ts, ts);
            }
            if (r.Level is > LogLevel.Unknown and < LogLevel.Warn && !r.Message.Contains("fatal", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if ((LogPatterns.Match(r.Message) ?? (ErrorText(r) is { } err ? LogPatterns.Match(err) : null)) is not { } p)
            {
                continue;
            }
            var entity = sources.EntityOf(r);
            var target = p.Code is "connection_refused" or "timeout" or "dns" or "tls_expired" or "pool_exhausted" ? LogPatterns.Target(r.Message) ?? (ErrorText(r) is { } e ? LogPatterns.Target(e) : null) ?? "" : "";
            var key = (entity, p.Code, target);
            if (!groups.TryGetValue(key, out var g))
            {
                groups[key] = g = new Group(p) { Sample = Clip(r.Message), Source = r.Ref.Source };
            }
            g.Count++;
            if (r.Timestamp is { } t)
            {
                g.First = g.First is null || t < g.First ? t : g.First;
                g.Last = g.Last is null || t > g.Last ? t : g.Last;
            }
            if (r.Fields.Count > 0)
            {
                g.CountIdentities(r.Fields);
            }
            if (g.Refs.Count < MaxRefs)
            {
                g.Refs.Add(r.Ref with { Excerpt = Clip(r.Message) });
            }
        }

        var findings = new List<Finding>(groups.Count);
        foreach (var ((entity, code, target), g) in groups.OrderBy(k => k.Value.First ?? DateTimeOffset.MaxValue).ThenBy(k => k.Key.Entity.ToString(), StringComparer.Ordinal))
        {
            var attrs = new Dictionary<string, string> { ["pattern"] = code, ["count"] = g.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ["sample"] = g.Sample };
            if (target.Length > 0)
            {
                attrs["target"] = target;
            }
            if (entity.Kind == "Service")
            {
                attrs["service"] = entity.Name;
            }
            if (g.First is { } first && g.Last is { } last)
            {
                attrs["first"] = first.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
                attrs["last"] = last.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
            }
            var window = Window(g, spans.GetValueOrDefault(g.Source));
            if (window is not null)
            {
                attrs["window"] = window;
            }
            var on = target.Length > 0 ? $" to {target}" : "";
            var when = window is null ? "" : $" only between {window}";
            findings.Add(new Finding(LogFindingKinds.Pattern, $"{entity.Name} logged {g.Pattern.Description}{on} {g.Count} time{(g.Count == 1 ? "" : "s")}{when}: \"{Short(g.Sample)}\"",
                entity, g.First, g.Last, Math.Min(1.0, 0.4 + 0.1 * Math.Log2(g.Count + 1)), g.Refs)
            {
                // A few 5xx or timeouts are the background noise of any busy service; they matter in numbers.
                Severity = code is "http_5xx" or "timeout" or "auth_failed" or "slow_query" or "rate_limited" ? (g.Count >= NoisyPatternMin ? FindingSeverity.Warning : FindingSeverity.Info) : FindingSeverity.Critical,
                Attributes = attrs,
                Analyzer = Name,
            });
        }
        foreach (var ((entity, code, _), g) in groups.OrderBy(k => k.Value.First ?? DateTimeOffset.MaxValue).ThenBy(k => k.Key.Entity.ToString(), StringComparer.Ordinal))
        {
            if (g.TopContributor() is not { } top || top.Count < MinContributorLines)
            {
                continue;
            }
            var share = 100.0 * top.Count / g.Count;
            var attrs = new Dictionary<string, string>
            {
                ["field"] = top.Field,
                ["value"] = top.Value,
                ["share"] = share.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%",
                ["count"] = top.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["total"] = g.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["pattern"] = code,
            };
            if (entity.Namespace is { } ns)
            {
                attrs["namespace"] = ns;
            }
            if (top.Rate is { } rate)
            {
                attrs["rate"] = rate.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
            }
            findings.Add(new Finding(LogFindingKinds.TopContributor,
                $"{entity.Name}: {share:0}% of the {g.Count} lines of {g.Pattern.Description} come from {top.Field} {top.Value}{(top.Rate is { } rr ? $" (up to {rr:0.##} requests/second)" : "")}",
                entity, g.First, g.Last, Math.Min(1, share / 100), g.Refs.Take(2).ToList())
            {
                Severity = FindingSeverity.Info,
                Attributes = attrs,
                Analyzer = Name,
            });
        }
        return AnalyzerResult.Of(findings);
    }

    /// <summary>The error detail a structured line carries beside its message (<c>error</c>, <c>exception</c>), when it adds to it.</summary>
    private static string? ErrorText(LogRecord r)
    {
        if (r.Fields.Count == 0)
        {
            return null;
        }
        foreach (var key in new[] { "error", "err", "exception", "error.message", "reason" })
        {
            if (r.Fields.TryGetValue(key, out var v) && v.Length > 3 && !r.Message.Contains(v, StringComparison.Ordinal))
            {
                return v;
            }
        }
        return null;
    }

    /// <summary>The time of day the lines are confined to ("03:00 and 03:05 UTC"), when they fill at most an hour of a log that covers at least half a day.</summary>
    private static string? Window(Group g, (DateTimeOffset First, DateTimeOffset Last) span)
    {
        if (g.Count < 3 || g.First is not { } first || g.Last is not { } last)
        {
            return null;
        }
        var length = last - first;
        var logLength = span.Last - span.First;
        if (length > TimeSpan.FromHours(1) || logLength < TimeSpan.FromHours(12))
        {
            return null;
        }
        return $"{first.UtcDateTime:HH:mm} and {last.UtcDateTime.AddMinutes(last.Second > 0 ? 1 : 0):HH:mm} UTC";
    }

    private static string Short(string s) => s.Length <= 120 ? s : s[..120] + "…";

    private static string Clip(string s) => s.Length <= 240 ? s.Split('\n')[0] : s[..240].Split('\n')[0] + "…";

    private sealed class Group(LogPatterns.Pattern pattern)
    {
        public LogPatterns.Pattern Pattern { get; } = pattern;
        public int Count { get; set; }
        public DateTimeOffset? First { get; set; }
        public DateTimeOffset? Last { get; set; }
        public List<EvidenceRef> Refs { get; } = [];
        public string Sample { get; init; } = "";

        private readonly Dictionary<(string Field, string Value), int> _identities = [];
        private readonly Dictionary<(string Field, string Value), double> _rates = [];

        public void CountIdentities(IReadOnlyDictionary<string, string> fields)
        {
            foreach (var key in IdentityKeys)
            {
                if (fields.TryGetValue(key, out var v) && v.Length > 0 && (_identities.Count < 10_000 || _identities.ContainsKey((key, v))))
                {
                    _identities[(key, v)] = _identities.GetValueOrDefault((key, v)) + 1;
                    foreach (var rk in RateKeys)
                    {
                        if (fields.TryGetValue(rk, out var rv) && double.TryParse(rv, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var rate))
                        {
                            _rates[(key, v)] = Math.Max(_rates.GetValueOrDefault((key, v)), rate);
                            break;
                        }
                    }
                    return;
                }
            }
        }

        /// <summary>The identity value behind at least half of the lines, when there is one.</summary>
        public (string Field, string Value, int Count, double? Rate)? TopContributor()
        {
            if (_identities.Count == 0)
            {
                return null;
            }
            var ((field, value), count) = _identities.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key.Value, StringComparer.Ordinal).First();
            return count * 2 >= Count ? (field, value, count, _rates.TryGetValue((field, value), out var r) ? r : null) : null;
        }
        public string Source { get; init; } = "";
    }
}
