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
    public IReadOnlyList<FindingKind> Emits { get; } = [LogFindingKinds.Pattern];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var groups = new Dictionary<(EntityRef Entity, string Code, string Target), Group>();
        foreach (var r in context.Evidence.Logs)
        {
            if (r.Level is > LogLevel.Unknown and < LogLevel.Warn && !r.Message.Contains("fatal", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (LogPatterns.Match(r.Message) is not { } p)
            {
                continue;
            }
            var entity = r.Entity ?? new EntityRef("Log", null, r.Ref.Source);
            var target = p.Code is "connection_refused" or "timeout" or "dns" or "tls_expired" ? LogPatterns.Target(r.Message) ?? "" : "";
            var key = (entity, p.Code, target);
            if (!groups.TryGetValue(key, out var g))
            {
                groups[key] = g = new Group(p);
            }
            g.Count++;
            if (r.Timestamp is { } t)
            {
                g.First = g.First is null || t < g.First ? t : g.First;
                g.Last = g.Last is null || t > g.Last ? t : g.Last;
            }
            if (g.Refs.Count < MaxRefs)
            {
                g.Refs.Add(r.Ref with { Excerpt = Clip(r.Message) });
            }
        }

        var findings = new List<Finding>(groups.Count);
        foreach (var ((entity, code, target), g) in groups.OrderBy(k => k.Value.First ?? DateTimeOffset.MaxValue).ThenBy(k => k.Key.Entity.ToString(), StringComparer.Ordinal))
        {
            var attrs = new Dictionary<string, string> { ["pattern"] = code, ["count"] = g.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (target.Length > 0)
            {
                attrs["target"] = target;
            }
            var on = target.Length > 0 ? $" to {target}" : "";
            findings.Add(new Finding(LogFindingKinds.Pattern, $"{entity.Name} logged {g.Pattern.Description}{on} {g.Count} time{(g.Count == 1 ? "" : "s")}",
                entity, g.First, g.Last, Math.Min(1.0, 0.4 + 0.1 * Math.Log2(g.Count + 1)), g.Refs)
            {
                // A few 5xx or timeouts are the background noise of any busy service; they matter in numbers.
                Severity = code is "http_5xx" or "timeout" ? (g.Count >= NoisyPatternMin ? FindingSeverity.Warning : FindingSeverity.Info) : FindingSeverity.Critical,
                Attributes = attrs,
                Analyzer = Name,
            });
        }
        return AnalyzerResult.Of(findings);
    }

    private static string Clip(string s) => s.Length <= 240 ? s.Split('\n')[0] : s[..240].Split('\n')[0] + "…";

    private sealed class Group(LogPatterns.Pattern pattern)
    {
        public LogPatterns.Pattern Pattern { get; } = pattern;
        public int Count { get; set; }
        public DateTimeOffset? First { get; set; }
        public DateTimeOffset? Last { get; set; }
        public List<EvidenceRef> Refs { get; } = [];
    }
}
