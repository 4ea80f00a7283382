using Firefighter.Evidence;
using Firefighter.Logs;
using Firefighter.Metrics;

namespace Firefighter.Investigation;

/// <summary>Ranks culprit services from metrics and logs alone, for bundles without traces (BARO/RCD-style).</summary>
/// <remarks>Per service: the robust z of each of its series against its own pre-onset baseline (median/IQR, the IQR floored at 5% of the
/// level and, for counters, at the Poisson noise of the counts, so a flat baseline does not give an infinite z; the second-largest
/// post-onset deviation, so one bad minute is not a fault), the first minute it moved, and its warning/error log lines after the onset
/// beyond its own pre-onset rate. A line that names another service is about that service (its caller wrote it), and is an edge of the
/// call graph: a service that calls an anomalous service which moved no later than itself is a victim. Nothing depends on service
/// names. Never throws.</remarks>
internal static class MetricLogFusion
{
    private const double MetricWeight = 0.6;
    private const double LogWeight = 0.4;
    private const double VictimFactor = 0.35;
    private const double MinScore = 0.3;
    private const double Moved = 3;
    private const double FullZ = 60;
    private const double StrongMove = 10;
    private const int LineBudget = 50_000;

    /// <summary>The fused findings (<c>fusion.culprit</c>, <c>fusion.victim</c>) from metrics and logs; empty when nothing moved.</summary>
    public static IReadOnlyList<Finding> Fuse(EvidenceSet evidence, EntityGraph graph, ScreenResult screen, DateTimeOffset? onsetTime)
    {
        var rates = ScreeningFindings.AsRates(evidence.Metrics);
        // The investigation's onset may come from one noisy log template or a late burst; the fault is where most series shift together.
        var onset = ClusterOnset(rates);
        if (double.IsNaN(onset))
        {
            onset = !double.IsNaN(screen.Onset) ? screen.Onset : onsetTime is { } o ? o.ToUnixTimeMilliseconds() / 1000.0 : double.NaN;
        }
        if (double.IsNaN(onset))
        {
            return [];
        }
        var namespaces = new Dictionary<string, string>(StringComparer.Ordinal);
        var cache = new Dictionary<EntityRef, string?>();
        string? ServiceOf(EntityRef e)
        {
            if (!cache.TryGetValue(e, out var s))
            {
                cache[e] = s = Resolve(e, graph);
                if (s is not null && e.Namespace is { Length: > 0 } ns)
                {
                    namespaces.TryAdd(s, ns);
                }
            }
            return s;
        }

        var acc = new Dictionary<string, Acc>(StringComparer.Ordinal);
        Acc Of(string s) => acc.TryGetValue(s, out var a) ? a : acc[s] = new Acc(s);

        foreach (var series in rates)
        {
            var (z, up, first) = Score(series, onset);
            if (z < Moved || ServiceOf(MetricEntities.For(series)) is not { } svc)
            {
                continue;
            }
            var a = Of(svc);
            if (z > a.Z)
            {
                a.Z = z;
                a.MetricName = series.Name;
                a.MetricRef = MetricEntities.Cite(series, series.Timestamps[0], series.Timestamps[^1]);
            }
            var kind = Kind(series.Name);
            if (up && z > a.UpZ.GetValueOrDefault(kind))
            {
                a.UpZ[kind] = z;
                a.UpName[kind] = series.Name;
            }
            if (!double.IsNaN(first))
            {
                a.First = Math.Min(a.First, first);
            }
        }

        var edges = ReadLogs(evidence, onset, ServiceOf, Of);

        foreach (var a in acc.Values)
        {
            var m = a.Z < Moved ? 0 : Math.Min(1, Math.Log(1 + a.Z) / Math.Log(1 + FullZ));
            var lines = Math.Max(0, a.OwnAfter - a.ExpectedOwn) + a.Named;
            a.LogCount = lines;
            a.Log = lines < 3 ? 0 : Math.Min(1, 0.4 + (0.1 * Math.Log2(lines)));
            a.Metric = m;
            a.Raw = (MetricWeight * m) + (LogWeight * a.Log);
        }
        // A caller of an anomalous service fails too: when something it calls (as its log lines say) moved no later and is blamed at least
        // half as much, the caller is a victim. A minute of slack: at 1-minute resolution the culprit and its callers move in the same step.
        foreach (var a in acc.Values)
        {
            foreach (var d in Downstream(a.Service, edges))
            {
                if (acc.TryGetValue(d, out var callee) && callee.Raw >= 0.5 * a.Raw && callee.Raw >= MinScore * 0.5 && callee.First <= a.First + 60
                    && (a.VictimOf is null || callee.Raw > acc[a.VictimOf].Raw))
                {
                    a.VictimOf = d;
                }
            }
            a.Final = a.Raw * (a.VictimOf is null ? 1 : VictimFactor);
        }

        var ranked = acc.Values.Where(a => a.Final >= MinScore)
            .OrderByDescending(a => Math.Round(a.Final, 9)).ThenBy(a => a.First).ThenBy(a => a.Service, StringComparer.Ordinal).ToList();
        var result = new List<Finding>();
        if (ranked.Count == 0)
        {
            return result;
        }
        var best = ranked[0].Final;
        for (var r = 0; r < Math.Min(CulpritFusion.MaxCulprits, ranked.Count); r++)
        {
            var a = ranked[r];
            if (a.Final < 0.2 * best)
            {
                break;
            }
            var fault = FaultKind(a);
            var sources = string.Join(",", new[] { a.Metric > 0 ? "metrics" : null, a.Log > 0 ? "logs" : null }.Where(x => x is not null));
            var refs = (a.MetricRef is { } mr ? new[] { mr } : []).Concat(a.LogRefs.Take(2)).ToList();
            var first = double.IsPositiveInfinity(a.First) ? (DateTimeOffset?)null : MetricEntities.ToTime(a.First);
            result.Add(new Finding("fusion.culprit",
                $"#{r + 1} culprit from {sources.Replace(",", " + ", StringComparison.Ordinal)} (no traces): {a.Service} ({CulpritFusion.Describe(fault)}; metrics {CulpritFusion.Num(a.Metric)}, logs {CulpritFusion.Num(a.Log)})",
                CulpritFusion.Entity(a.Service, namespaces), first, null, Math.Round(a.Final / best, 3), refs)
            {
                Severity = r == 0 ? "critical" : "warning",
                Analyzer = "fusion",
                Attributes = new Dictionary<string, string>
                {
                    ["service"] = a.Service,
                    ["rank"] = CulpritFusion.Num(r + 1),
                    ["score"] = CulpritFusion.Num(a.Final),
                    ["fault"] = fault,
                    ["faultText"] = CulpritFusion.Describe(fault),
                    ["traceFault"] = "",
                    ["traceScore"] = "0",
                    ["metricScore"] = CulpritFusion.Num(a.Metric),
                    ["logScore"] = CulpritFusion.Num(a.Log),
                    ["metric"] = a.MetricName ?? "",
                    ["faultMetric"] = (fault switch { "cpu_saturation" => a.UpName.GetValueOrDefault("cpu"), "memory" => a.UpName.GetValueOrDefault("memory"), _ => null }) ?? a.MetricName ?? "",
                    ["robustZ"] = CulpritFusion.Num(a.Z),
                    ["sources"] = sources,
                    ["victimOf"] = a.VictimOf ?? "",
                    ["traceIds"] = "",
                },
            });
        }
        var named = ranked.Take(CulpritFusion.MaxCulprits).Select(a => a.Service).ToHashSet(StringComparer.Ordinal);
        foreach (var a in acc.Values.Where(a => a.VictimOf is not null && named.Contains(a.VictimOf) && a.Raw >= 0.2 * best).OrderBy(a => a.Service, StringComparer.Ordinal))
        {
            var by = acc[a.VictimOf!];
            result.Add(new Finding("fusion.victim",
                $"{a.Service} is a victim: its logs name {by.Service}, which moved no later and explains its anomaly (score {CulpritFusion.Num(by.Raw)} vs {CulpritFusion.Num(a.Raw)})",
                CulpritFusion.Entity(a.Service, namespaces), double.IsPositiveInfinity(a.First) ? null : MetricEntities.ToTime(a.First), null,
                Math.Round(Math.Min(1, by.Raw / Math.Max(a.Raw, 1e-9) / 2), 3), a.EdgeRefs.Take(1).ToList())
            {
                Severity = "info",
                Analyzer = "fusion",
                Attributes = new Dictionary<string, string> { ["service"] = a.Service, ["explainedBy"] = by.Service },
            });
        }
        return result;
    }

    /// <summary>The start of the densest two-minute cluster of significant level shifts across <paramref name="rates"/> (the earliest on ties), or NaN.</summary>
    internal static double ClusterOnset(IReadOnlyList<MetricSeries> rates)
    {
        var times = new List<double>();
        foreach (var s in rates)
        {
            if (s.Count >= 2 * ChangePointFinder.MinSegment && ChangePointFinder.Find(s.Timestamps, s.Values) is { } cp && cp.RobustZ >= OnsetDetector.DefaultMinZ)
            {
                times.Add(cp.Time);
            }
        }
        if (times.Count < 2)
        {
            return times.Count == 1 ? times[0] : double.NaN;
        }
        times.Sort();
        var best = double.NaN;
        var bestCount = 0;
        var j = 0;
        for (var i = 0; i < times.Count; i++)
        {
            j = Math.Max(j, i);
            while (j + 1 < times.Count && times[j + 1] - times[i] <= 120)
            {
                j++;
            }
            if (j - i + 1 > bestCount)
            {
                bestCount = j - i + 1;
                best = times[i];
            }
        }
        return best;
    }

    /// <summary>The robust z of the series after <paramref name="onset"/> against its own baseline, whether it went up, and when it first moved.</summary>
    internal static (double Z, bool Up, double First) Score(MetricSeries s, double onset)
    {
        var t = s.Timestamps;
        var v = s.Values;
        var split = 0;
        while (split < t.Length && t[split] < onset)
        {
            split++;
        }
        if (split < 3 || split >= t.Length)
        {
            return (0, false, double.NaN);
        }
        var buffer = new double[split];
        var n = RobustStats.SortFinite(v.AsSpan(0, split), buffer);
        if (n < 3)
        {
            return (0, false, double.NaN);
        }
        var sorted = buffer.AsSpan(0, n);
        var med = RobustStats.QuantileSorted(sorted, 0.5);
        var scale = RobustStats.QuantileSorted(sorted, 0.75) - RobustStats.QuantileSorted(sorted, 0.25);
        scale = Math.Max(scale, Math.Max(0.05 * Math.Abs(med), 1e-9));
        if (IsCounterName(s.Name))
        {
            // A rate of counted events is Poisson noise at least: sqrt(count) per step.
            var dt = (t[split - 1] - t[0]) / (split - 1);
            if (dt > 0)
            {
                scale = Math.Max(scale, Math.Sqrt(Math.Max(1, Math.Abs(med) * dt)) / dt);
            }
        }
        double top = 0, second = 0;
        var topUp = false;
        var secondUp = false;
        var first = double.NaN;
        for (var k = Math.Max(1, split - 2); k < v.Length; k++)
        {
            var d = (v[k] - med) / scale;
            if (!double.IsFinite(d))
            {
                continue;
            }
            var ad = Math.Abs(d);
            if (k >= split)
            {
                if (ad > top)
                {
                    (second, secondUp) = (top, topUp);
                    (top, topUp) = (ad, d > 0);
                }
                else if (ad > second)
                {
                    (second, secondUp) = (ad, d > 0);
                }
            }
            // A move is two consecutive samples beyond the noise (or the last one).
            if (double.IsNaN(first) && ad > Moved && (k + 1 >= v.Length || Math.Abs((v[k + 1] - med) / scale) > Moved))
            {
                first = t[k];
            }
        }
        var post = v.Length - split;
        return post >= 3 ? (second, secondUp, first) : (top, topUp, first);
    }

    private static bool IsCounterName(string name) =>
        (name.EndsWith("_total", StringComparison.Ordinal) || name.EndsWith("_count", StringComparison.Ordinal))
        && !name.Contains("seconds", StringComparison.Ordinal);

    private static string Kind(string name)
    {
        var n = name.ToLowerInvariant();
        if (n.Contains("cpu", StringComparison.Ordinal))
        {
            return "cpu";
        }
        if (n.Contains("memory", StringComparison.Ordinal) || n.Contains("heap", StringComparison.Ordinal) || n.Contains("rss", StringComparison.Ordinal)
            || n.Contains("working_set", StringComparison.Ordinal))
        {
            return "memory";
        }
        if (n.Contains("error", StringComparison.Ordinal) || n.Contains("5xx", StringComparison.Ordinal) || n.Contains("fail", StringComparison.Ordinal))
        {
            return "errors";
        }
        return n.Contains("latency", StringComparison.Ordinal) || n.Contains("duration", StringComparison.Ordinal) || n.Contains("seconds", StringComparison.Ordinal)
            ? "latency" : "other";
    }

    private static string FaultKind(Acc a)
    {
        var mem = a.UpZ.GetValueOrDefault("memory");
        var cpu = a.UpZ.GetValueOrDefault("cpu");
        var ownLines = a.OwnAfter - a.ExpectedOwn;
        return 0 switch
        {
            _ when mem >= StrongMove && mem >= cpu => "memory",
            _ when cpu >= StrongMove => "cpu_saturation",
            _ when a.Exception => "exception",
            _ when ownLines >= 3 || a.UpZ.GetValueOrDefault("errors") >= StrongMove => "error_return",
            // Callers say it is slow, its own processing and logs say nothing: the time is spent on the way to it.
            _ when a.SlowNamed >= 3 && a.UpZ.GetValueOrDefault("latency") < StrongMove => "network_delay",
            _ => "latency",
        };
    }

    private static string? Resolve(EntityRef e, EntityGraph graph)
    {
        if (e.Kind is "Node" or "Host" or "Metric" or "PersistentVolumeClaim" or "Cluster")
        {
            return null;
        }
        if (e.Kind == "Service")
        {
            return graph.WorkloadOfService(e)?.Name ?? e.Name;
        }
        var w = graph.Workload(e);
        foreach (var s in graph.ServicesOf(e))
        {
            return s.Name == w.Name ? w.Name : s.Name;
        }
        return w.Name;
    }

    private static Dictionary<string, HashSet<string>> ReadLogs(EvidenceSet evidence, double onset, Func<EntityRef, string?> serviceOf, Func<string, Acc> of)
    {
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (evidence.Logs.Count == 0)
        {
            return edges;
        }
        // Every entity that writes logs or has metrics is a service a line may name; longer names first so "a-b" is not read as "a".
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in evidence.Logs)
        {
            if (r.Entity is { } e && serviceOf(e) is { } s)
            {
                known.Add(s);
            }
        }
        foreach (var m in evidence.Metrics)
        {
            if (serviceOf(MetricEntities.For(m)) is { } s)
            {
                known.Add(s);
            }
        }
        var byLength = known.Where(k => k.Length >= 3).OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal).ToList();
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        var before = new Dictionary<string, int>(StringComparer.Ordinal);
        var budget = LineBudget;
        var mentioned = new List<string>();
        foreach (var r in evidence.Logs)
        {
            if (r.Timestamp is not { } ts)
            {
                continue;
            }
            var t = ts.ToUnixTimeMilliseconds() / 1000.0;
            min = Math.Min(min, t);
            max = Math.Max(max, t);
            if (r.Level < LogLevel.Warn || r.Entity is not { } e || serviceOf(e) is not { } writer || budget-- <= 0)
            {
                continue;
            }
            var nl = r.Message.IndexOf('\n', StringComparison.Ordinal);
            var line = nl < 0 ? r.Message : r.Message[..nl];
            mentioned.Clear();
            foreach (var k in byLength)
            {
                if (k != writer && CulpritFusion.MentionsWord(line, k) && !mentioned.Exists(x => x.Contains(k, StringComparison.Ordinal)))
                {
                    mentioned.Add(k);
                }
            }
            var after = t >= onset;
            foreach (var k in mentioned)
            {
                if (!edges.TryGetValue(writer, out var set))
                {
                    edges[writer] = set = new HashSet<string>(StringComparer.Ordinal);
                }
                var isNew = set.Add(k);
                if (isNew || of(writer).EdgeRefs.Count < 2)
                {
                    of(writer).EdgeRefs.Add(r.Ref with { Excerpt = Excerpt(line) });
                }
                if (after)
                {
                    var callee = of(k);
                    callee.Named++;
                    callee.SlowNamed += SlowWords(line) ? 1 : 0;
                    if (callee.LogRefs.Count < 3)
                    {
                        callee.LogRefs.Add(r.Ref with { Excerpt = Excerpt(line) });
                    }
                }
            }
            if (mentioned.Count > 0)
            {
                continue;
            }
            if (!after)
            {
                before[writer] = before.GetValueOrDefault(writer) + 1;
                continue;
            }
            var a = of(writer);
            a.OwnAfter++;
            a.Exception |= CulpritFusion.IsException(r.Message);
            if (a.LogRefs.Count < 3)
            {
                a.LogRefs.Insert(0, r.Ref with { Excerpt = Excerpt(line) });
            }
        }
        // Lines a service writes as often before the onset as after are its usual noise.
        var ratio = onset > min && max > onset ? (max - onset) / (onset - min) : 1;
        foreach (var (svc, n) in before)
        {
            of(svc).ExpectedOwn = n * ratio;
        }
        return edges;
    }

    private static bool SlowWords(string line) =>
        line.Contains("slow", StringComparison.OrdinalIgnoreCase) || line.Contains("timed out", StringComparison.OrdinalIgnoreCase)
        || line.Contains("timeout", StringComparison.OrdinalIgnoreCase) || line.Contains("latency", StringComparison.OrdinalIgnoreCase);

    private static string Excerpt(string line) => line.Length > 200 ? line[..200] + "…" : line;

    private static HashSet<string> Downstream(string service, Dictionary<string, HashSet<string>> edges)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([service]);
        while (stack.Count > 0)
        {
            if (!edges.TryGetValue(stack.Pop(), out var next))
            {
                continue;
            }
            foreach (var n in next)
            {
                if (n != service && seen.Add(n))
                {
                    stack.Push(n);
                }
            }
        }
        return seen;
    }

    private sealed class Acc(string service)
    {
        public string Service { get; } = service;
        public double Z;
        public string? MetricName;
        public EvidenceRef? MetricRef;
        public double First = double.PositiveInfinity;
        public int OwnAfter;
        public double ExpectedOwn;
        public int Named;
        public int SlowNamed;
        public double LogCount;
        public bool Exception;
        public double Metric;
        public double Log;
        public double Raw;
        public double Final;
        public string? VictimOf;
        public Dictionary<string, double> UpZ { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> UpName { get; } = new(StringComparer.Ordinal);
        public List<EvidenceRef> LogRefs { get; } = [];
        public List<EvidenceRef> EdgeRefs { get; } = [];
    }
}
