using System.Globalization;
using System.Text.RegularExpressions;
using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Logs.Analyzers;

/// <summary>A cascade read from the logs of several services: when the error lines of one failing service name another failing service
/// ("auth-service returned 503"), the first depends on the second; the failing service whose errors name no other failing service is
/// where the cascade starts (<c>logs.cascade_origin</c>), with what it cannot reach and the chain of services it takes down.</summary>
/// <remarks>Works on separate pod logs and on aggregated logs whose lines name their service (see <see cref="LogSources"/>). Names are
/// matched as whole words, with dashes or spaces ("auth-service", "auth service"). O(error lines × failing services).</remarks>
public sealed partial class CascadeOriginAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "logs.cascade";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [LogFindingKinds.CascadeOrigin];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var sources = LogSources.For(context.Evidence);
        var errors = new Dictionary<string, List<LogRecord>>(StringComparer.Ordinal);
        var entities = new Dictionary<string, EntityRef>(StringComparer.Ordinal);
        foreach (var r in context.Evidence.Logs)
        {
            if (r.Level < LogLevel.Error)
            {
                continue;
            }
            var e = sources.EntityOf(r);
            var name = Workload(e);
            if (!errors.TryGetValue(name, out var list))
            {
                errors[name] = list = [];
                entities[name] = e;
            }
            list.Add(r);
        }
        if (errors.Count < 2)
        {
            return AnalyzerResult.Of([]);
        }
        var patterns = errors.Keys.ToDictionary(n => n, n => new Regex($@"(?<![\w-]){Regex.Escape(n).Replace("\\-", "[- ]", StringComparison.Ordinal)}(?![\w-])", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)), StringComparer.Ordinal);
        var dependsOn = errors.Keys.ToDictionary(n => n, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (name, lines) in errors)
        {
            foreach (var r in lines.Take(2000))
            {
                foreach (var (other, rx) in patterns)
                {
                    if (other != name && !dependsOn[name].Contains(other) && rx.IsMatch(r.Message))
                    {
                        dependsOn[name].Add(other);
                    }
                }
            }
        }
        var named = dependsOn.Values.SelectMany(v => v).ToHashSet(StringComparer.Ordinal);
        // An origin's errors name no other service the evidence knows (failing or not): "call to X failed" makes X, not it, the suspect.
        var known = KnownServices(context.Evidence).Where(k => !errors.ContainsKey(k)).Select(k => new Regex($@"(?<![\w-]){Regex.Escape(k)}(?![\w-])", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1))).ToList();
        var origins = errors.Keys.Where(n => named.Contains(n) && dependsOn[n].Count == 0 && !errors[n].Take(500).Any(r => known.Any(k => k.IsMatch(r.Message))))
            .OrderBy(n => errors[n].Min(r => r.Timestamp ?? DateTimeOffset.MaxValue)).ThenBy(n => n, StringComparer.Ordinal).ToList();
        var findings = new List<Finding>();
        foreach (var origin in origins.Take(1))
        {
            var chain = Chain(origin, dependsOn);
            if (chain.Count == 0)
            {
                continue;
            }
            var lines = errors[origin];
            var telling = lines.Select(r => (r, p: LogPatterns.Match(r.Message), t: LogPatterns.Target(r.Message)))
                .OrderByDescending(x => x.t is not null && x.p is not null).ThenByDescending(x => x.p is not null).First();
            var sample = Clip(telling.r.Message);
            var entity = entities[origin];
            var attrs = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["service"] = origin,
                ["sample"] = sample,
                ["chain"] = string.Join(" → ", chain),
                ["services"] = (chain.Count + 1).ToString(CultureInfo.InvariantCulture),
                ["count"] = lines.Count.ToString(CultureInfo.InvariantCulture),
            };
            if (entity.Namespace is { } ns)
            {
                attrs["namespace"] = ns;
            }
            if (telling.t is { } target)
            {
                attrs["target"] = target;
            }
            // Errors the origin wrote as often at the start of the logs as at their end are how it always is, not the change.
            var steady = context.Evidence.LogTimeRange() is { } w
                         && Steadiness.IsSteady(lines.Where(r => r.Timestamp is not null).Select(r => r.Timestamp!.Value), w.From, w.To, context.Window.Start);
            if (steady)
            {
                attrs["steady"] = "true";
            }
            var first = lines.Min(r => r.Timestamp);
            if (first is { } f)
            {
                attrs["first"] = f.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
            }
            findings.Add(new Finding(LogFindingKinds.CascadeOrigin,
                $"{origin} is where the failures start (\"{sample}\"); they cascade to {string.Join(" → ", chain)}"
                + (steady ? $"; {origin} logged these errors as often at the start of the logs as at their end" : ""),
                entity, null, null, Math.Min(1, 0.6 + 0.1 * chain.Count) * (steady ? 0.5 : 1), [telling.r.Ref with { Excerpt = sample }])
            {
                Severity = steady ? FindingSeverity.Warning : FindingSeverity.Critical,
                Attributes = attrs,
                Analyzer = Name,
            });
        }
        return AnalyzerResult.Of(findings);
    }

    /// <summary>The services that fail because of the origin, nearest first (breadth-first over "depends on").</summary>
    private static List<string> Chain(string origin, Dictionary<string, HashSet<string>> dependsOn)
    {
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { origin };
        var frontier = new List<string> { origin };
        while (frontier.Count > 0)
        {
            var next = dependsOn.Where(kv => !seen.Contains(kv.Key) && kv.Value.Overlaps(frontier)).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            foreach (var n in next)
            {
                seen.Add(n);
                result.Add(n);
            }
            frontier = next;
        }
        return result;
    }

    /// <summary>The services the evidence knows of: log sources, traced services, Kubernetes workloads and Services.</summary>
    private static HashSet<string> KnownServices(EvidenceSet evidence)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in evidence.Logs)
        {
            if (r.Entity is { } e)
            {
                names.Add(Workload(e));
            }
        }
        foreach (var s in evidence.Spans)
        {
            names.Add(s.Service);
        }
        foreach (var o in evidence.Objects)
        {
            if (o.Kind is "Deployment" or "StatefulSet" or "Service" or "DaemonSet")
            {
                names.Add(o.Name);
            }
        }
        names.RemoveWhere(n => n.Length < 3);
        return names;
    }

    private static string Workload(EntityRef e) => e.Kind == "Pod" ? PodSuffix().Replace(e.Name, "") : e.Name;

    private static string Clip(string s)
    {
        var line = s.Split('\n')[0];
        return line.Length <= 160 ? line : line[..160] + "…";
    }

    [GeneratedRegex(@"-[a-z0-9]{6,10}-[a-z0-9]{5}$|-[a-z0-9]{5}$")]
    private static partial Regex PodSuffix();
}
