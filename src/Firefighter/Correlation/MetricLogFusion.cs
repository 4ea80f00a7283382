using Firefighter.Evidence;
using Firefighter.Metrics;
using Firefighter.Analysis;

namespace Firefighter.Correlation;

/// <summary>Ranks culprit services from metrics and logs alone, for bundles without traces (BARO/RCD-style).</summary>
/// <remarks>Per service: the robust z of each of its series against its own pre-onset baseline (median/IQR, the IQR floored at 5% of the
/// level and, for counters, at the Poisson noise of the counts, so a flat baseline does not give an infinite z; the median post-onset
/// deviation, so bad minutes that come and go are not a fault), weighted by how few services the same metric moved in, the first minute
/// it moved, and its warning/error log lines after the onset beyond what its own pre-onset rate predicts (in Poisson units). A line that names another service is about that service (its caller wrote it), and is an edge of the
/// call graph: a service that calls an anomalous service which moved no later than itself is a victim. Nothing depends on service
/// names. Never throws.</remarks>
internal static class MetricLogFusion
{
    private const double MetricWeight = 0.6;
    private const double LogWeight = 0.4;
    private const double VictimFactor = 0.35;
    private const double MinScore = 0.3;
    private const double Moved = 3;
    private const double FullZ = 300;
    private const double VictimRatio = 0.3;
    private const double StrongMove = 10;
    private const int LineBudget = 50_000;
    private const int MaxCandidates = 24;
    private const double LogFullZ = 50;
    private const double MinCause = 0.2;

    /// <summary>The fused findings (<c>fusion.culprit</c>, <c>fusion.victim</c>) from metrics and logs; empty when nothing moved.</summary>
    /// <param name="evidence">The evidence.</param>
    /// <param name="graph">Kubernetes relations (pod → workload → service).</param>
    /// <param name="screen">The metric screening at the investigation's onset (its onset is the fallback when the metrics show none).</param>
    /// <param name="onsetTime">The investigation's onset, the last fallback.</param>
    /// <param name="knownEdges">Caller → callee edges known from another source (traces), added to those the log lines give.</param>
    public static IReadOnlyList<Finding> Fuse(EvidenceSet evidence, EntityGraph graph, ScreenResult screen, DateTimeOffset? onsetTime, IEnumerable<(string Caller, string Callee)> knownEdges)
    {
        var rates = ScreeningFindings.AsRates(evidence.Metrics);
        // The investigation's onset may come from one noisy log template, a late burst or a wave of load; the fault's onset is the time
        // that best separates before from after across all series.
        var given = !double.IsNaN(screen.Onset) ? screen.Onset : onsetTime is { } o ? o.ToUnixTimeMilliseconds() / 1000.0 : double.NaN;
        var onset = BestOnset(rates, given);
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

        var scored = new List<(MetricSeries Series, string Service, double Z, bool Up, double First)>();
        var movedIn = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var series in rates)
        {
            var (z, up, first) = Score(series, onset);
            if (z < Moved || ServiceOf(MetricEntities.For(series)) is not { } svc)
            {
                continue;
            }
            scored.Add((series, svc, z, up, first));
            if (!movedIn.TryGetValue(series.Name, out var set))
            {
                movedIn[series.Name] = set = new HashSet<string>(StringComparer.Ordinal);
            }
            set.Add(svc);
        }
        foreach (var (series, svc, z, up, first) in scored)
        {
            var a = Of(svc);
            // A metric that moved in many services is a symptom that spreads (callers' latency and errors); one that moved in one service
            // alone (its CPU, its memory) points at it: each series counts by how exclusive its move is.
            var strength = Math.Min(1, Math.Log(1 + z) / Math.Log(1 + FullZ));
            var m = strength / Math.Sqrt(movedIn[series.Name].Count);
            a.Strength = Math.Max(a.Strength, strength);
            if (m > a.Metric)
            {
                a.Metric = m;
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

        var (edges, ratio) = ReadLogs(evidence, onset, ServiceOf, Of);
        foreach (var (caller, callee) in knownEdges)
        {
            if (caller != callee)
            {
                if (!edges.TryGetValue(caller, out var set))
                {
                    edges[caller] = set = new HashSet<string>(StringComparer.Ordinal);
                }
                set.Add(callee);
            }
        }

        foreach (var a in acc.Values)
        {
            // Lines about a service after the onset against what its own pre-onset rate predicts, in Poisson units.
            var expected = (a.OwnBefore + a.NamedBefore) * ratio;
            var zl = (a.OwnAfter + a.Named - expected) / Math.Sqrt(expected + 1);
            a.ExpectedOwn = a.OwnBefore * ratio;
            a.Log = zl < Moved ? 0 : Math.Min(1, Math.Log(1 + zl) / Math.Log(1 + LogFullZ));
            var namedExpected = a.NamedBefore * ratio;
            var zn = (a.Named - namedExpected) / Math.Sqrt(namedExpected + 1);
            a.NamedLog = zn < Moved ? 0 : Math.Min(1, Math.Log(1 + zn) / Math.Log(1 + LogFullZ));
            if (a.Log > 0)
            {
                a.First = Math.Min(a.First, a.FirstLine);
            }
            // Without logs the metrics are all there is: their weight is the whole score.
            a.Raw = evidence.Logs.Count == 0 ? a.Metric : (MetricWeight * a.Metric) + (LogWeight * a.Log);
        }
        // A caller of an anomalous service fails too: when something it calls (as its log lines or the traces say) moved no later and is
        // blamed at least a third as much, the caller is a victim. A minute of slack: at 1-minute resolution the culprit and its callers move in the same step.
        foreach (var a in acc.Values)
        {
            foreach (var d in Downstream(a.Service, edges))
            {
                if (acc.TryGetValue(d, out var callee) && callee.Raw >= VictimRatio * a.Raw && callee.Raw >= MinCause && callee.First <= a.First + 60
                    && (a.VictimOf is null || callee.Raw > acc[a.VictimOf].Raw))
                {
                    a.VictimOf = d;
                }
            }
            a.Final = a.Raw * (a.VictimOf is null ? 1 : VictimFactor);
        }

        // A culprit needs one strong source (a series far beyond its noise, or other services' lines naming it far more than before): a
        // service's own log lines alone are its own noise as often as a fault. The exclusivity-weighted score only orders them.
        var ranked = acc.Values.Where(a => a.Final >= MinScore / 2 && (a.Strength >= MinScore || a.NamedLog >= MinScore))
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
            result.Add(new Finding(CorrelationFindingKinds.FusionCulprit,
                $"#{r + 1} culprit from {sources.Replace(",", " + ", StringComparison.Ordinal)} (no traces): {a.Service} ({CulpritFusion.Describe(fault)}; metrics {CulpritFusion.Num(a.Metric)}, logs {CulpritFusion.Num(a.Log)})",
                CulpritFusion.Entity(a.Service, namespaces), first, null, Math.Round(a.Final / best, 3), refs)
            {
                Severity = r == 0 ? FindingSeverity.Critical : FindingSeverity.Warning,
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
            result.Add(new Finding(CorrelationFindingKinds.FusionVictim,
                $"{a.Service} is a victim: it calls {by.Service} (its log lines or traces say so), which moved no later and explains its anomaly (score {CulpritFusion.Num(by.Raw)} vs {CulpritFusion.Num(a.Raw)})",
                CulpritFusion.Entity(a.Service, namespaces), double.IsPositiveInfinity(a.First) ? null : MetricEntities.ToTime(a.First), null,
                Math.Round(Math.Min(1, by.Raw / Math.Max(a.Raw, 1e-9) / 2), 3), a.EdgeRefs.Take(1).ToList())
            {
                Severity = FindingSeverity.Info,
                Analyzer = "fusion",
                Attributes = new Dictionary<string, string> { ["service"] = a.Service, ["explainedBy"] = by.Service },
            });
        }
        return result;
    }

    /// <summary>Among the change points of <paramref name="rates"/> (and <paramref name="given"/>), the time after which the series moved most:
    /// the largest sum over series of log(1 + robust z) of the post-onset median against the pre-onset baseline. NaN when nothing is known.</summary>
    internal static double BestOnset(IReadOnlyList<MetricSeries> rates, double given)
    {
        var candidates = new SortedSet<double>();
        if (!double.IsNaN(given))
        {
            candidates.Add(given);
        }
        var counts = new Dictionary<double, int>();
        foreach (var s in rates)
        {
            if (s.Count >= 2 * ChangePointFinder.MinSegment && ChangePointFinder.Find(s.Timestamps, s.Values) is { } cp && cp.RobustZ >= OnsetDetector.DefaultMinZ)
            {
                counts[cp.Time] = counts.GetValueOrDefault(cp.Time) + 1;
            }
        }
        foreach (var (t, _) in counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(MaxCandidates))
        {
            candidates.Add(t);
        }
        var best = given;
        var bestSum = 0.0;
        foreach (var t in candidates)
        {
            var sum = 0.0;
            foreach (var s in rates)
            {
                var (z, _, _) = Score(s, t);
                sum += Math.Log(1 + Math.Min(z, FullZ));
            }
            // Ties go to the earlier time: the cause precedes its symptoms.
            if (sum > bestSum * (1 + 1e-9))
            {
                bestSum = sum;
                best = t;
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
        if (n < 10)
        {
            // The IQR of a few minutes of baseline underestimates the noise as often as not: half the range is a safer floor.
            scale = Math.Max(scale, (sorted[n - 1] - sorted[0]) / 2);
        }
        if (IsCounterName(s.Name))
        {
            // A rate of counted events is Poisson noise at least: sqrt(count) per step.
            var dt = (t[split - 1] - t[0]) / (split - 1);
            if (dt > 0)
            {
                scale = Math.Max(scale, Math.Sqrt(Math.Max(1, Math.Abs(med) * dt)) / dt);
            }
        }
        var post = new List<double>(v.Length - split);
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
                post.Add(d);
            }
            // A move is two consecutive samples beyond the noise (or the last one).
            if (double.IsNaN(first) && ad > Moved && (k + 1 >= v.Length || Math.Abs((v[k + 1] - med) / scale) > Moved))
            {
                first = t[k];
            }
        }
        if (post.Count == 0)
        {
            return (0, false, double.NaN);
        }
        // The median deviation after the onset: a fault persists, a noisy service's bad minutes come and go.
        post.Sort();
        var mid = post.Count % 2 == 1 ? post[post.Count / 2] : (post[(post.Count / 2) - 1] + post[post.Count / 2]) / 2;
        return (Math.Abs(mid), mid > 0, first);
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

    private static (Dictionary<string, HashSet<string>> Edges, double Ratio) ReadLogs(EvidenceSet evidence, double onset, Func<EntityRef, string?> serviceOf, Func<string, Acc> of)
    {
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (evidence.Logs.Count == 0)
        {
            return (edges, 1);
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
            var text = WithCalleeFields(line, r.Fields);
            foreach (var k in byLength)
            {
                if (k != writer && CulpritFusion.MentionsWord(text, k) && !mentioned.Exists(x => x.Contains(k, StringComparison.Ordinal)))
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
                if (!after)
                {
                    of(k).NamedBefore++;
                }
                else
                {
                    var callee = of(k);
                    callee.Named++;
                    callee.FirstLine = Math.Min(callee.FirstLine, t);
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
                of(writer).OwnBefore++;
                continue;
            }
            var a = of(writer);
            a.OwnAfter++;
            a.FirstLine = Math.Min(a.FirstLine, t);
            a.Exception |= CulpritFusion.IsException(r.Message);
            if (a.LogRefs.Count < 3)
            {
                a.LogRefs.Insert(0, r.Ref with { Excerpt = Excerpt(line) });
            }
        }
        // Lines a service writes as often before the onset as after are its usual noise.
        return (edges, onset > min && max > onset ? (max - onset) / (onset - min) : 1);
    }

    private static bool SlowWords(string line) =>
        line.Contains("slow", StringComparison.OrdinalIgnoreCase) || line.Contains("timed out", StringComparison.OrdinalIgnoreCase)
        || line.Contains("timeout", StringComparison.OrdinalIgnoreCase) || line.Contains("latency", StringComparison.OrdinalIgnoreCase);

    /// <summary>The line plus the values of its structured fields that can name what the writer called (<c>"db":"postgres.shop…"</c>, <c>"upstream":"checkout"</c>).</summary>
    /// <remarks>Fields that name the writer itself or its client (service, pod, caller, remote address...) are left out: they are not callees.</remarks>
    private static string WithCalleeFields(string line, IReadOnlyDictionary<string, string> fields)
    {
        if (fields.Count == 0)
        {
            return line;
        }
        var sb = new System.Text.StringBuilder(line);
        foreach (var (key, value) in fields)
        {
            if (value.Length >= 3 && !NotCallee(key))
            {
                sb.Append(' ').Append(value);
            }
        }
        return sb.ToString();
    }

    private static bool NotCallee(string key)
    {
        var k = key.ToLowerInvariant();
        return k is "msg" or "message" or "service" or "app" or "application" or "pod" or "host" or "hostname" or "container" or "namespace" or "logger" or "level" or "ts" or "time" or "timestamp" or "path" or "method" or "user_agent" or "useragent" or "referer" or "referrer"
            || k.Contains("client", StringComparison.Ordinal) || k.Contains("caller", StringComparison.Ordinal) || k.Contains("remote", StringComparison.Ordinal)
            || k.StartsWith("src", StringComparison.Ordinal) || k.StartsWith("source", StringComparison.Ordinal) || k.StartsWith("from", StringComparison.Ordinal)
            || k.StartsWith("service.", StringComparison.Ordinal) || k.StartsWith("k8s.", StringComparison.Ordinal);
    }

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
        public double FirstLine = double.PositiveInfinity;
        public int OwnAfter;
        public int OwnBefore;
        public int NamedBefore;
        public double ExpectedOwn;
        public int Named;
        public int SlowNamed;
        public bool Exception;
        public double Metric;
        public double Strength;
        public double NamedLog;
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
