using System.Globalization;
using System.Text.RegularExpressions;
using Firefighter.Evidence;
using Firefighter.Metrics;
using Firefighter.Traces;
using Firefighter.Analysis;
using Firefighter.Logs;

namespace Firefighter.Correlation;

/// <summary>Fuses traces, metric screening and logs into one ranking of culprit services (<c>fusion.culprit</c>), marks services whose
/// anomaly is explained by a failing service they call (<c>fusion.victim</c>), and links warning/error logs to traces by their trace id
/// (<c>logs.trace_link</c>).</summary>
/// <remarks>Per service: a trace score (the TraceRCA-style culprit score relative to the best), a metric score (its components' best robust z at
/// the onset, saturating) and a log score (its pods' error bursts, new warning/error templates and trace-linked lines). Metrics and logs see
/// victims as loudly as culprits, so a service that calls, directly or not, an anomalous service with a trace score at least its own is a
/// victim and keeps only part of its score. Ties go to the earliest anomaly. Nothing depends on service names. Without spans, or with
/// spans that show no change of their own, <see cref="MetricLogFusion"/> ranks from metrics and logs (with the spans' call graph when
/// there are spans). Never throws.</remarks>
public static partial class CulpritFusion
{
    /// <summary>At most this many services are reported as culprits.</summary>
    public const int MaxCulprits = 3;

    private const double TraceWeight = 0.5;
    private const double MetricWeight = 0.3;
    private const double LogWeight = 0.2;
    private const double VictimFactor = 0.35;

    // A culprit needs more than one weak source: metrics alone (at most 0.3) never name one.
    private const double MinScore = 0.35;

    // Robust z a CPU or memory series must reach to name the fault kind; a few minutes of baseline make z of 3-5 common noise.
    private const double StrongMove = 10;

    /// <summary>The fused findings for the evidence; <paramref name="findings"/> are every other finding, <paramref name="screen"/> the metric screening at the onset.</summary>
    public static IReadOnlyList<Finding> Fuse(EvidenceSet evidence, IReadOnlyList<Finding> findings, DateTimeOffset? onset, EntityGraph graph, ScreenResult screen)
    {
        if (evidence.Spans.Count == 0)
        {
            // Many real bundles have only metrics and logs: rank from those, with the call graph their log lines give.
            return MetricLogFusion.Fuse(evidence, graph, screen, onset, []);
        }
        var ta = TraceAnalysis.For(evidence);
        // Traces that show no change (no onset of their own) contradict any culprit the metrics and logs alone would suggest. Splitting
        // them at the investigation's onset instead is no better: latency beyond a few minutes' p99 then looks like an origin everywhere.
        if (ta.Onset is null)
        {
            // A fault in one rarely called service can stay below the traces' own change detection with a few minutes of baseline; then
            // metrics and logs rank, and the traces still give the call graph that tells victims from the culprit.
            return MetricLogFusion.Fuse(evidence, graph, screen, onset, ta.Graph.Edges.Select(e => (e.Caller, e.Callee)));
        }
        onset ??= ta.Onset;
        var services = new HashSet<string>(ta.Index.Services, StringComparer.Ordinal);
        foreach (var e in ta.Graph.Edges)
        {
            services.Add(e.Callee);
        }
        var byLength = services.OrderByDescending(s => s.Length).ThenBy(s => s, StringComparer.Ordinal).ToList();
        var namespaces = new Dictionary<string, string>(StringComparer.Ordinal);
        string? ServiceOf(EntityRef e)
        {
            var s = ResolveService(e, graph, services, byLength);
            if (s is not null && e.Namespace is { Length: > 0 } ns)
            {
                namespaces.TryAdd(s, ns);
            }
            return s;
        }

        var acc = new Dictionary<string, Acc>(StringComparer.Ordinal);
        Acc Of(string s) => acc.TryGetValue(s, out var a) ? a : acc[s] = new Acc(s);

        var maxTrace = ta.Culprits.Count == 0 ? 0 : ta.Culprits.Max(c => c.Score);
        foreach (var c in ta.Culprits)
        {
            var a = Of(c.Service);
            a.Trace = maxTrace > 0 ? c.Score / maxTrace : 0;
            a.TraceFault = c.Fault;
            a.First = Min(a.First, c.FirstAnomaly);
            a.Refs.AddRange(c.Samples.Take(2).Select(s => s.Cite()));
            a.TraceIds = string.Join(",", c.Samples.Select(s => s.TraceId).Distinct().Take(3));
        }

        foreach (var s in screen.Series)
        {
            if (s.Score <= SeriesScreener.Significant || ServiceOf(MetricEntities.For(s.Series)) is not { } svc)
            {
                continue;
            }
            var a = Of(svc);
            var m = 1 - Math.Exp(-s.Score / 10);
            if (m > a.Metric)
            {
                a.Metric = m;
                a.MetricName = s.Series.Name;
                a.MetricRef = MetricEntities.Cite(s.Series, s.Series.Timestamps[0], s.Series.Timestamps[^1]);
            }
            if (s.After > s.Baseline)
            {
                var kind = MetricKind(s.Series.Name);
                if (kind is not null && s.Score > a.UpScore.GetValueOrDefault(kind))
                {
                    a.UpScore[kind] = s.Score;
                    a.UpName[kind] = s.Series.Name;
                }
            }
            if (!double.IsNaN(s.FirstMove))
            {
                a.First = Min(a.First, MetricEntities.ToTime(s.FirstMove));
            }
        }

        foreach (var f in findings)
        {
            var isLog = f.Kind == LogFindingKinds.ErrorBurst || f.Kind == LogFindingKinds.TemplateSpike
                        || (f.Kind == LogFindingKinds.TemplateNew && f.Attr("level") is "warn" or "error" or "fatal" or "critical");
            if (!isLog || ServiceOf(f.Entity) is not { } svc || (onset is { } o && f.Start < o.AddMinutes(-5)))
            {
                continue;
            }
            var a = Of(svc);
            if (f.Strength > a.Log)
            {
                a.Log = f.Strength;
                a.LogRefs.InsertRange(0, f.Evidence.Take(1));
            }
            a.First = Min(a.First, f.Start);
            if (f.Attr("template") is { } t && ExceptionName().IsMatch(t))
            {
                a.Exception = true;
            }
        }

        var links = LinkLogs(evidence, ta, onset, ServiceOf);
        var result = new List<Finding>();
        foreach (var (svc, link) in links.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var total = link.Own + link.Named;
            if (total < 3)
            {
                continue;
            }
            var strength = Math.Round(Math.Min(1, 0.5 + (0.1 * Math.Log2(total))), 3);
            var a = Of(svc);
            // Lines a service writes about its own requests count half: callers of a failing service write them too.
            a.Log = Math.Max(a.Log, strength * (0.5 + (0.5 * link.Named / (double)total)));
            a.LogRefs.AddRange(link.Refs.Take(2));
            a.Exception |= link.Exception;
            result.Add(new Finding(CorrelationFindingKinds.LogTraceLink,
                $"{total} warning/error log line(s) tie {svc} to abnormal traces by TraceID ({link.Own} written by {svc}, {link.Named} by callers naming it)",
                Entity(svc, namespaces), link.First, null, strength, link.Refs.Take(3).ToList())
            {
                Severity = FindingSeverity.Warning,
                Analyzer = "fusion",
                Attributes = new Dictionary<string, string>
                {
                    ["service"] = svc,
                    ["count"] = Num(total),
                    ["own"] = Num(link.Own),
                    ["named"] = Num(link.Named),
                    ["exception"] = link.Exception ? "true" : "false",
                    ["traceIds"] = string.Join(",", link.TraceIds.Take(3)),
                },
            });
        }

        foreach (var a in acc.Values)
        {
            a.Raw = (TraceWeight * a.Trace) + (MetricWeight * a.Metric) + (LogWeight * a.Log);
        }
        // A caller of an anomalous service fails too: when something it calls is at least as strongly blamed by the traces, it is a victim.
        foreach (var a in acc.Values)
        {
            foreach (var d in ta.Graph.Downstream(a.Service))
            {
                if (d != a.Service && acc.TryGetValue(d, out var callee) && callee.Raw >= 0.25 * a.Raw
                    && (callee.Trace > a.Trace || (callee.Trace == a.Trace && callee.Trace == 0 && callee.First <= a.First)))
                {
                    if (a.VictimOf is null || callee.Raw > acc[a.VictimOf].Raw)
                    {
                        a.VictimOf = d;
                    }
                }
            }
            a.Final = a.Raw * (a.VictimOf is null ? 1 : VictimFactor);
        }

        var ranked = acc.Values.Where(a => a.Final >= MinScore)
            .OrderByDescending(a => Math.Round(a.Final, 9)).ThenBy(a => a.First ?? DateTimeOffset.MaxValue).ThenBy(a => a.Service, StringComparer.Ordinal).ToList();
        if (ranked.Count == 0)
        {
            return result;
        }
        var best = ranked[0].Final;
        for (var r = 0; r < Math.Min(MaxCulprits, ranked.Count); r++)
        {
            var a = ranked[r];
            if (a.Final < 0.2 * best)
            {
                break;
            }
            var fault = FaultKind(a);
            var sources = string.Join(",", new[] { a.Trace > 0 ? "traces" : null, a.Metric > 0 ? "metrics" : null, a.Log > 0 ? "logs" : null }.Where(x => x is not null));
            var refs = a.Refs.Take(2).Concat(a.MetricRef is { } mr ? [mr] : []).Concat(a.LogRefs.Take(2)).ToList();
            result.Add(new Finding(CorrelationFindingKinds.FusionCulprit,
                $"#{r + 1} culprit from {sources.Replace(",", " + ", StringComparison.Ordinal)}: {a.Service} ({Describe(fault)}; traces {Num(a.Trace)}, metrics {Num(a.Metric)}, logs {Num(a.Log)})",
                Entity(a.Service, namespaces), a.First, null, Math.Round(a.Final / best, 3), refs)
            {
                Severity = r == 0 ? FindingSeverity.Critical : FindingSeverity.Warning,
                Analyzer = "fusion",
                Attributes = new Dictionary<string, string>
                {
                    ["service"] = a.Service,
                    ["rank"] = Num(r + 1),
                    ["score"] = Num(a.Final),
                    ["fault"] = fault,
                    ["faultText"] = Describe(fault),
                    ["traceFault"] = a.TraceFault ?? "",
                    ["traceScore"] = Num(a.Trace),
                    ["metricScore"] = Num(a.Metric),
                    ["logScore"] = Num(a.Log),
                    ["metric"] = a.MetricName ?? "",
                    ["faultMetric"] = (fault switch { "cpu_saturation" => a.UpName.GetValueOrDefault("cpu"), "memory" => a.UpName.GetValueOrDefault("memory"), _ => null }) ?? a.MetricName ?? "",
                    ["sources"] = sources,
                    ["victimOf"] = a.VictimOf ?? "",
                    ["traceIds"] = a.TraceIds ?? "",
                },
            });
        }
        var named = ranked.Take(MaxCulprits).Select(a => a.Service).ToHashSet(StringComparer.Ordinal);
        foreach (var a in acc.Values.Where(a => a.VictimOf is not null && named.Contains(a.VictimOf) && a.Raw >= 0.2 * best).OrderBy(a => a.Service, StringComparer.Ordinal))
        {
            var by = acc[a.VictimOf!];
            result.Add(new Finding(CorrelationFindingKinds.FusionVictim,
                $"{a.Service} is a victim: it calls {by.Service}, whose anomaly explains its own (traces {Num(by.Trace)} vs {Num(a.Trace)})",
                Entity(a.Service, namespaces), a.First, null, Math.Round(Math.Min(1, by.Raw / Math.Max(a.Raw, 1e-9) / 2), 3), a.Refs.Take(1).ToList())
            {
                Severity = FindingSeverity.Info,
                Analyzer = "fusion",
                Attributes = new Dictionary<string, string> { ["service"] = a.Service, ["explainedBy"] = by.Service },
            });
        }
        return result;
    }

    private static string FaultKind(Acc a)
    {
        var mem = a.UpScore.GetValueOrDefault("memory");
        var cpu = a.UpScore.GetValueOrDefault("cpu");
        return a.TraceFault switch
        {
            "dependency_error" => "dependency_down",
            "network_delay" => "network_delay",
            _ when mem >= StrongMove && mem >= cpu => "memory",
            "exception" => "exception",
            "error_return" when a.Exception => "exception",
            "error_return" => "error_return",
            _ when cpu >= StrongMove => "cpu_saturation",
            null when a.Exception => "exception",
            _ => "latency",
        };
    }

    internal static string Describe(string fault) => fault switch
    {
        "cpu_saturation" => "CPU saturation",
        "memory" => "memory exhaustion",
        "network_delay" => "network delay",
        "error_return" => "returns errors",
        "exception" => "throws exceptions",
        "dependency_down" => "dependency down",
        _ => "slow",
    };

    private static string? MetricKind(string name)
    {
        var n = name.ToLowerInvariant();
        if (n.Contains("cpu", StringComparison.Ordinal))
        {
            return "cpu";
        }
        return n.Contains("memory", StringComparison.Ordinal) || n.Contains("heap", StringComparison.Ordinal) || n.Contains("rss", StringComparison.Ordinal)
            || n.Contains("working_set", StringComparison.Ordinal) ? "memory" : null;
    }

    private static string? ResolveService(EntityRef e, EntityGraph graph, HashSet<string> services, List<string> byLength)
    {
        if (services.Contains(e.Name))
        {
            return e.Name;
        }
        var w = graph.Workload(e);
        if (services.Contains(w.Name))
        {
            return w.Name;
        }
        foreach (var s in graph.ServicesOf(e))
        {
            if (services.Contains(s.Name))
            {
                return s.Name;
            }
        }
        if (e.Kind is "Pod" or "ReplicaSet" or "Container")
        {
            // Without objects or a recognisable generated name, a pod is its service's when its name starts with "<service>-".
            foreach (var s in byLength)
            {
                if (e.Name.Length > s.Length && e.Name.StartsWith(s, StringComparison.Ordinal) && e.Name[s.Length] == '-')
                {
                    return s;
                }
            }
        }
        return null;
    }

    private static Dictionary<string, Link> LinkLogs(EvidenceSet evidence, TraceAnalysis ta, DateTimeOffset? onset, Func<EntityRef, string?> serviceOf)
    {
        var links = new Dictionary<string, Link>(StringComparer.Ordinal);
        if (evidence.Logs.Count == 0)
        {
            return links;
        }
        var ix = ta.Index;
        var traceOf = new Dictionary<string, int>(ix.TraceIds.Count, StringComparer.OrdinalIgnoreCase);
        for (var t = 0; t < ix.TraceIds.Count; t++)
        {
            traceOf.TryAdd(ix.TraceIds[t], t);
        }
        // Spans grouped by trace once (a counting sort), so each linked line costs the size of its own trace.
        var start = new int[ix.TraceIds.Count + 1];
        for (var i = 0; i < ix.Spans.Count; i++)
        {
            start[ix.TraceOf[i] + 1]++;
        }
        for (var t = 0; t < ix.TraceIds.Count; t++)
        {
            start[t + 1] += start[t];
        }
        var fill = (int[])start.Clone();
        var byTrace = new int[ix.Spans.Count];
        for (var i = 0; i < ix.Spans.Count; i++)
        {
            byTrace[fill[ix.TraceOf[i]]++] = i;
        }
        var servicesIn = new Dictionary<int, HashSet<string>>();
        HashSet<string> ServicesIn(int t)
        {
            if (!servicesIn.TryGetValue(t, out var set))
            {
                servicesIn[t] = set = new HashSet<string>(StringComparer.Ordinal);
                for (var k = start[t]; k < start[t + 1]; k++)
                {
                    var i = byTrace[k];
                    set.Add(ix.Services[ix.ServiceOf[i]]);
                    if (ix.IsClient[i] && SpanIndex.PeerOf(ix.Spans[i]) is { } peer)
                    {
                        set.Add(peer);
                    }
                }
            }
            return set;
        }
        var budget = 20_000;
        foreach (var r in evidence.Logs)
        {
            if (r.Level < LogLevel.Warn || r.Timestamp is not { } ts || (onset is { } o && ts < o) || r.Entity is not { } e)
            {
                continue;
            }
            var id = TraceIdOf(r);
            if (id is null || !traceOf.TryGetValue(id, out var t) || budget-- <= 0 || serviceOf(e) is not { } writer)
            {
                continue;
            }
            var inTrace = ServicesIn(t);
            var exception = ExceptionName().IsMatch(r.Message);
            Add(writer, own: true);
            foreach (var other in inTrace)
            {
                if (other != writer && other.Length >= 3 && MentionsWord(r.Message, other))
                {
                    Add(other, own: false);
                }
            }

            void Add(string svc, bool own)
            {
                if (!links.TryGetValue(svc, out var l))
                {
                    links[svc] = l = new Link();
                }
                if (own)
                {
                    l.Own++;
                    l.Exception |= exception;
                }
                else
                {
                    l.Named++;
                }
                if (l.First is null || ts < l.First)
                {
                    l.First = ts;
                }
                if (l.Refs.Count < 3)
                {
                    var line = r.Message.Split('\n')[0];
                    l.Refs.Add(r.Ref with { Excerpt = line.Length > 200 ? line[..200] + "…" : line });
                }
                if (l.TraceIds.Count < 3 && !l.TraceIds.Contains(id))
                {
                    l.TraceIds.Add(id);
                }
            }
        }
        return links;
    }

    private static string? TraceIdOf(LogRecord r)
    {
        foreach (var key in TraceKeys)
        {
            if (r.Fields.TryGetValue(key, out var v) && v.Length >= 16)
            {
                return v.ToLowerInvariant();
            }
        }
        var m = TraceIdInText().Match(r.Message);
        return m.Success ? m.Groups[1].Value.ToLowerInvariant() : null;
    }

    internal static bool MentionsWord(string text, string word)
    {
        var i = text.IndexOf(word, StringComparison.OrdinalIgnoreCase);
        while (i >= 0)
        {
            var before = i == 0 || !char.IsLetterOrDigit(text[i - 1]);
            var end = i + word.Length;
            var after = end >= text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return true;
            }
            i = text.IndexOf(word, i + 1, StringComparison.OrdinalIgnoreCase);
        }
        return false;
    }

    private static readonly string[] TraceKeys = ["trace_id", "traceId", "traceID", "TraceID", "trace.id", "traceid"];

    internal static EntityRef Entity(string service, Dictionary<string, string> namespaces) =>
        new("Service", namespaces.TryGetValue(service, out var ns) ? ns : null, service);

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    internal static string Num(double v) => Math.Round(v, 3).ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?i)\btrace[_ .-]?id\b\s*[:=]\s*\[?([0-9a-f]{16,32})\b")]
    private static partial Regex TraceIdInText();

    internal static bool IsException(string text) => ExceptionName().IsMatch(text);

    [GeneratedRegex(@"\b[A-Za-z_$][\w$]*(Exception|Error)\b|\bat [\w$.]+\(")]
    private static partial Regex ExceptionName();

    private sealed class Acc(string service)
    {
        public string Service { get; } = service;
        public double Trace;
        public string? TraceFault;
        public string? TraceIds;
        public double Metric;
        public string? MetricName;
        public EvidenceRef? MetricRef;
        public double Log;
        public bool Exception;
        public DateTimeOffset? First;
        public double Raw;
        public double Final;
        public string? VictimOf;
        public Dictionary<string, double> UpScore { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> UpName { get; } = new(StringComparer.Ordinal);
        public List<EvidenceRef> Refs { get; } = [];
        public List<EvidenceRef> LogRefs { get; } = [];
    }

    private sealed class Link
    {
        public int Own;
        public int Named;
        public bool Exception;
        public DateTimeOffset? First;
        public List<EvidenceRef> Refs { get; } = [];
        public List<string> TraceIds { get; } = [];
    }
}
