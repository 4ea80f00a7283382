using System.Collections;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Firefighter.Evidence;

namespace Firefighter.Traces;

/// <summary>Everything the trace analyzers report, computed once per span set: onset, per-operation baselines, abnormal operations,
/// error and latency origins, and the culprit ranking.</summary>
/// <remarks>Baselines are each operation's own pre-onset spans. A span is slow when its duration exceeds max(p99, median + 4·σ, median + 1 ms)
/// of its baseline (σ = 1.4826·MAD); its self time is judged the same way against baseline self times. Callers that fail because a callee
/// failed or was slow are not origins, so victims up the call graph score low; a service whose anomalous traces are explained by an anomalous
/// service it calls is further discounted.</remarks>
public sealed class TraceAnalysis
{
    private const int MinBaseline = 5;
    private const int MaxSamples = 5;
    private const double ErrorWeight = 0.6;
    private const double JaccardWeight = 0.4;

    private static readonly ConditionalWeakTable<EvidenceSet, TraceAnalysis> Cache = [];
    private static readonly Lock CacheLock = new();

    private TraceAnalysis(SpanIndex index, ServiceGraph graph, DateTimeOffset? onset, bool onsetGiven)
    {
        Index = index;
        Graph = graph;
        Onset = onset;
        OnsetGiven = onsetGiven;
    }

    /// <summary>The span index.</summary>
    public SpanIndex Index { get; }

    /// <summary>The service graph.</summary>
    public ServiceGraph Graph { get; }

    /// <summary>The onset used: given, or detected from the traces; null when neither.</summary>
    public DateTimeOffset? Onset { get; }

    /// <summary>Whether the onset was given rather than detected.</summary>
    public bool OnsetGiven { get; }

    /// <summary>Number of traces.</summary>
    public int TraceCount => Index.TraceIds.Count;

    /// <summary>Post-onset traces with an error or a slow root span.</summary>
    public int AbnormalTraceCount { get; private set; }

    /// <summary>Operations departing from their baseline, most changed first.</summary>
    public IReadOnlyList<AbnormalOperation> AbnormalOperations { get; private set; } = [];

    /// <summary>Error origins with excess over baseline, largest first.</summary>
    public IReadOnlyList<ErrorOrigin> ErrorOrigins { get; private set; } = [];

    /// <summary>Latency origins (critical-path self time beyond baseline), largest first.</summary>
    public IReadOnlyList<LatencyOrigin> LatencyOrigins { get; private set; } = [];

    /// <summary>Services ranked as culprits, rank 1 first.</summary>
    public IReadOnlyList<CulpritScore> Culprits { get; private set; } = [];

    /// <summary>Analyzes the spans of an evidence set (onset from <see cref="IncidentInfo.Start"/> when given); cached per set, thread-safe.</summary>
    public static TraceAnalysis For(EvidenceSet evidence)
    {
        lock (CacheLock)
        {
            if (Cache.TryGetValue(evidence, out var hit) && hit.Index.Spans.Count == evidence.Spans.Count)
            {
                return hit;
            }
            var fresh = Run(evidence.Spans, evidence.Incident.Start);
            Cache.AddOrUpdate(evidence, fresh);
            return fresh;
        }
    }

    /// <summary>Analyzes spans; when <paramref name="onset"/> is null it is detected from the traces.</summary>
    public static TraceAnalysis Run(IReadOnlyList<Span> spans, DateTimeOffset? onset, TimeSpan? bucket = null)
    {
        var ix = SpanIndex.Build(spans);
        var graph = ServiceGraph.Build(ix, bucket);
        var given = onset is not null;
        onset ??= TraceOnsetDetector.Detect(ix);
        var a = new TraceAnalysis(ix, graph, onset, given);
        a.Compute();
        return a;
    }

    /// <summary>The same spans analysed at another onset (the index and graph are reused).</summary>
    public TraceAnalysis At(DateTimeOffset onset)
    {
        if (Onset == onset)
        {
            return this;
        }
        var a = new TraceAnalysis(Index, Graph, onset, onsetGiven: true);
        a.Compute();
        return a;
    }

    private sealed class OpBaseline
    {
        public double DurMedian;
        public double DurThreshold = double.PositiveInfinity;
        public double DurP95;
        public double SelfMedian;
        public double SelfThreshold = double.PositiveInfinity;
        public bool Has;
    }

    private sealed class OriginAcc
    {
        public int Pre;
        public int Post;
        public long First = long.MaxValue;
        public string? Exception;
        public List<int> Samples { get; } = [];
    }

    private sealed class LatencyAcc
    {
        public int Count;
        public long ExcessTicks;
        public long First = long.MaxValue;
        public List<double> SelfMs { get; } = [];
        public List<int> Samples { get; } = [];
    }

    private void Compute()
    {
        var ix = Index;
        var n = ix.Spans.Count;
        var onsetT = Onset?.UtcTicks ?? long.MinValue;
        var ops = ix.Operations.Count;
        var baselines = BuildBaselines(onsetT);

        var countPre = new int[ops];
        var countPost = new int[ops];
        var errPre = new int[ops];
        var errPost = new int[ops];
        var slowPost = new int[ops];
        var postMs = new List<double>[ops];
        var opSamples = new List<int>[ops];
        var origins = new Dictionary<(string Service, int Op, string Fault), OriginAcc>();
        var latency = new Dictionary<(string Service, int Op, string Fault, string? Edge), LatencyAcc>();
        var originBits = new Dictionary<string, BitArray>(StringComparer.Ordinal);
        var firstAnomaly = new Dictionary<string, long>(StringComparer.Ordinal);
        var traceErr = new bool[ix.TraceIds.Count];
        var traceSlowSpan = new bool[ix.TraceIds.Count];
        var errExplained = new BitArray(ix.TraceIds.Count);
        var latExplained = new BitArray(ix.TraceIds.Count);

        bool Slow(int i) => baselines[ix.OperationOf[i]].Has && Stats.Ms(ix.EndTicks[i] - ix.StartTicks[i]) > baselines[ix.OperationOf[i]].DurThreshold;

        void Mark(string service, int trace, long start)
        {
            if (!originBits.TryGetValue(service, out var bits))
            {
                originBits[service] = bits = new BitArray(ix.TraceIds.Count);
            }
            bits[trace] = true;
            if (!firstAnomaly.TryGetValue(service, out var f) || start < f)
            {
                firstAnomaly[service] = start;
            }
        }

        for (var i = 0; i < n; i++)
        {
            var span = ix.Spans[i];
            var op = ix.OperationOf[i];
            var t = ix.TraceOf[i];
            var post = ix.StartTicks[i] >= onsetT;
            var slow = post && Slow(i);
            if (post)
            {
                countPost[op]++;
                errPost[op] += span.IsError ? 1 : 0;
                slowPost[op] += slow ? 1 : 0;
                (postMs[op] ??= []).Add(Stats.Ms(ix.EndTicks[i] - ix.StartTicks[i]));
                traceErr[t] |= span.IsError;
                traceSlowSpan[t] |= slow;
                if ((span.IsError || slow) && (opSamples[op] ??= []).Count < MaxSamples)
                {
                    opSamples[op].Add(i);
                }
            }
            else
            {
                countPre[op]++;
                errPre[op] += span.IsError ? 1 : 0;
            }

            if (span.IsError && IsErrorOrigin(i, Slow))
            {
                var (service, fault) = ErrorAttribution(i);
                if (!origins.TryGetValue((service, op, fault), out var acc))
                {
                    origins[(service, op, fault)] = acc = new OriginAcc();
                }
                if (post)
                {
                    acc.Post++;
                    acc.First = Math.Min(acc.First, ix.StartTicks[i]);
                    acc.Exception ??= span.Attr("exception.type");
                    if (acc.Samples.Count < MaxSamples)
                    {
                        acc.Samples.Add(i);
                    }
                    Mark(service, t, ix.StartTicks[i]);
                    errExplained[t] = true;
                }
                else
                {
                    acc.Pre++;
                }
            }

            var b = baselines[op];
            if (post && b.Has && ix.CriticalTicks[i] > 0 && Stats.Ms(ix.SelfTicks[i]) > b.SelfThreshold)
            {
                var excess = Math.Min(Stats.Ms(ix.CriticalTicks[i]), Stats.Ms(ix.SelfTicks[i]) - b.SelfMedian);
                if (excess > 0)
                {
                    var key = LatencyAttribution(i, op);
                    if (!latency.TryGetValue(key, out var acc))
                    {
                        latency[key] = acc = new LatencyAcc();
                    }
                    acc.Count++;
                    acc.ExcessTicks += (long)(excess * TimeSpan.TicksPerMillisecond);
                    acc.First = Math.Min(acc.First, ix.StartTicks[i]);
                    acc.SelfMs.Add(Stats.Ms(ix.SelfTicks[i]));
                    if (acc.Samples.Count < MaxSamples)
                    {
                        acc.Samples.Add(i);
                    }
                    Mark(key.Service, t, ix.StartTicks[i]);
                    latExplained[t] = true;
                }
            }
        }

        // Abnormal traces: after the onset, with an error, a slow root, or (when the root has no baseline) any slow span.
        var abnormal = new BitArray(ix.TraceIds.Count);
        int abnormalCount = 0, errorTraces = 0, latencyTraces = 0;
        for (var t = 0; t < ix.TraceIds.Count; t++)
        {
            var r = ix.TraceRoot[t];
            if (ix.TraceStart[t] < onsetT)
            {
                continue;
            }
            var rootSlow = baselines[ix.OperationOf[r]].Has ? Slow(r) : traceSlowSpan[t];
            if (traceErr[t] || rootSlow)
            {
                abnormal[t] = true;
                abnormalCount++;
                errorTraces += errExplained[t] ? 1 : 0;
                latencyTraces += latExplained[t] ? 1 : 0;
            }
        }
        AbnormalTraceCount = abnormalCount;

        AbnormalOperations = BuildAbnormalOperations(baselines, countPre, countPost, errPre, errPost, slowPost, postMs, opSamples, onsetT);
        ErrorOrigins = BuildErrorOrigins(origins, countPre, countPost);
        LatencyOrigins = BuildLatencyOrigins(latency, baselines);
        Culprits = Rank(abnormal, abnormalCount, errorTraces, latencyTraces, originBits, firstAnomaly);
    }

    private OpBaseline[] BuildBaselines(long onsetT)
    {
        var ix = Index;
        var ops = ix.Operations.Count;
        var dur = new List<double>?[ops];
        var self = new List<double>?[ops];
        for (var i = 0; i < ix.Spans.Count; i++)
        {
            // Failed spans are left out: a fast failure would drag the latency baseline down.
            if (ix.StartTicks[i] >= onsetT || ix.Spans[i].IsError)
            {
                continue;
            }
            var op = ix.OperationOf[i];
            (dur[op] ??= []).Add(Stats.Ms(ix.EndTicks[i] - ix.StartTicks[i]));
            (self[op] ??= []).Add(Stats.Ms(ix.SelfTicks[i]));
        }
        var result = new OpBaseline[ops];
        for (var op = 0; op < ops; op++)
        {
            result[op] = new OpBaseline();
            if (dur[op] is not { Count: >= MinBaseline } d)
            {
                continue;
            }
            var s = self[op]!;
            d.Sort();
            s.Sort();
            var (dMed, dThr) = Threshold(CollectionsMarshal.AsSpan(d));
            var (sMed, sThr) = Threshold(CollectionsMarshal.AsSpan(s));
            result[op] = new OpBaseline
            {
                Has = true,
                DurMedian = dMed,
                DurThreshold = dThr,
                DurP95 = Stats.Quantile(CollectionsMarshal.AsSpan(d), 0.95),
                SelfMedian = sMed,
                SelfThreshold = sThr,
            };
        }
        return result;
    }

    private static (double Median, double Threshold) Threshold(ReadOnlySpan<double> sorted)
    {
        var med = Stats.Quantile(sorted, 0.5);
        var sigma = 1.4826 * Stats.Mad(sorted, med);
        var p99 = Stats.Quantile(sorted, 0.99);
        return (med, Math.Max(p99, Math.Max(med + (4 * sigma), med + 1.0)));
    }

    /// <summary>A failing span is an origin when no child failed and no child was slow (a slow child means a timeout: the child is the origin).</summary>
    private bool IsErrorOrigin(int i, Func<int, bool> slow)
    {
        var ix = Index;
        for (var c = ix.FirstChild[i]; c != -1; c = ix.NextSibling[c])
        {
            if (ix.Spans[c].IsError || slow(c))
            {
                return false;
            }
            // A client span's server child may itself have failing or slow descendants; it is the child that gets judged.
        }
        return true;
    }

    private (string Service, string Fault) ErrorAttribution(int i)
    {
        var ix = Index;
        var span = ix.Spans[i];
        if (ix.IsClient[i] && ix.FirstChild[i] == -1 && SpanIndex.PeerOf(span) is { } peer && peer != span.Service)
        {
            return (peer, "dependency_error");
        }
        return (span.Service, span.Attr("exception.type") is not null ? "exception" : "error_return");
    }

    private (string Service, int Op, string Fault, string? Edge) LatencyAttribution(int i, int op)
    {
        var ix = Index;
        var span = ix.Spans[i];
        if (ix.IsClient[i])
        {
            var c = ix.FirstChild[i];
            if (c != -1 && ix.ServiceOf[c] != ix.ServiceOf[i])
            {
                // Time between the caller's client span and the callee's server span: the wire or the callee's queue.
                var callee = ix.Services[ix.ServiceOf[c]];
                return (callee, op, "network_delay", span.Service + "->" + callee);
            }
            if (c == -1 && SpanIndex.PeerOf(span) is { } peer && peer != span.Service)
            {
                return (peer, op, "slow_dependency", span.Service + "->" + peer);
            }
        }
        return (span.Service, op, "slow_processing", null);
    }

    private List<AbnormalOperation> BuildAbnormalOperations(OpBaseline[] baselines, int[] countPre, int[] countPost, int[] errPre, int[] errPost, int[] slowPost, List<double>[] postMs, List<int>[] samples, long onsetT)
    {
        var ix = Index;
        var list = new List<(double Weight, AbnormalOperation Op)>();
        for (var op = 0; op < ix.Operations.Count; op++)
        {
            if (countPost[op] == 0 || onsetT == long.MinValue)
            {
                continue;
            }
            var rateBefore = countPre[op] == 0 ? 0 : (double)errPre[op] / countPre[op];
            var rateAfter = (double)errPost[op] / countPost[op];
            var slowFraction = (double)slowPost[op] / countPost[op];
            var errorJump = errPost[op] >= 3 && rateAfter - rateBefore >= 0.05;
            var slowJump = slowPost[op] >= 3 && slowFraction >= 0.1;
            if (!errorJump && !slowJump)
            {
                continue;
            }
            postMs[op].Sort();
            var (svc, name) = ix.Operations[op];
            var p95After = Stats.Quantile(CollectionsMarshal.AsSpan(postMs[op]), 0.95);
            list.Add((Math.Max(rateAfter - rateBefore, slowFraction), new AbnormalOperation(ix.Services[svc], name, countPre[op], countPost[op], rateBefore, rateAfter,
                baselines[op].DurP95, p95After, slowFraction, Spans(samples[op]))));
        }
        return list.OrderByDescending(x => x.Weight).ThenBy(x => x.Op.Service, StringComparer.Ordinal).ThenBy(x => x.Op.Operation, StringComparer.Ordinal).Select(x => x.Op).ToList();
    }

    private List<ErrorOrigin> BuildErrorOrigins(Dictionary<(string Service, int Op, string Fault), OriginAcc> origins, int[] countPre, int[] countPost)
    {
        var ix = Index;
        var list = new List<ErrorOrigin>();
        foreach (var ((service, op, fault), acc) in origins)
        {
            if (acc.Post == 0)
            {
                continue;
            }
            var rateBefore = countPre[op] == 0 ? 0 : (double)acc.Pre / countPre[op];
            var rateAfter = countPost[op] == 0 ? 0 : (double)acc.Post / countPost[op];
            // Half an error of prior keeps a clean but short baseline from making two background errors look like a jump.
            var expected = countPre[op] == 0 ? 0 : (acc.Pre + 0.5) / (countPre[op] + 1.0) * countPost[op];
            var excess = acc.Post - expected;
            // Poisson-style floor: a handful of background errors is not an origin.
            if (acc.Post < expected + (3 * Math.Sqrt(expected)) + 2 || (rateBefore > 0 && rateAfter < 1.5 * rateBefore))
            {
                continue;
            }
            list.Add(new ErrorOrigin(service, ix.Operations[op].Name, fault, acc.Post, excess, rateBefore, rateAfter,
                new DateTimeOffset(acc.First, TimeSpan.Zero), acc.Exception, Spans(acc.Samples)));
        }
        return list.OrderByDescending(o => o.Excess).ThenBy(o => o.Service, StringComparer.Ordinal).ThenBy(o => o.Operation, StringComparer.Ordinal).ToList();
    }

    private List<LatencyOrigin> BuildLatencyOrigins(Dictionary<(string Service, int Op, string Fault, string? Edge), LatencyAcc> latency, OpBaseline[] baselines)
    {
        var ix = Index;
        var list = new List<LatencyOrigin>();
        foreach (var ((service, op, fault, edge), acc) in latency)
        {
            acc.SelfMs.Sort();
            list.Add(new LatencyOrigin(service, ix.Operations[op].Name, fault, edge, acc.Count, Stats.Ms(acc.ExcessTicks), baselines[op].SelfMedian,
                Stats.Quantile(CollectionsMarshal.AsSpan(acc.SelfMs), 0.5), new DateTimeOffset(acc.First, TimeSpan.Zero), Spans(acc.Samples)));
        }
        return list.OrderByDescending(o => o.ExcessMs).ThenBy(o => o.Service, StringComparer.Ordinal).ThenBy(o => o.Operation, StringComparer.Ordinal).ToList();
    }

    private List<CulpritScore> Rank(BitArray abnormal, int abnormalCount, int errorTraces, int latencyTraces, Dictionary<string, BitArray> originBits, Dictionary<string, long> firstAnomaly)
    {
        if (abnormalCount == 0)
        {
            return [];
        }
        var errBy = ErrorOrigins.GroupBy(o => o.Service, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(o => o.Excess), StringComparer.Ordinal);
        var latBy = LatencyOrigins.GroupBy(o => o.Service, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(o => o.ExcessMs), StringComparer.Ordinal);
        var errTotal = errBy.Values.Sum();
        var latTotal = latBy.Values.Sum();
        // Weigh error and latency evidence by how many abnormal traces each kind of origin explains
        // (a timeout makes a trace fail, but it is explained by the latency origin below it).
        var wErr = errTotal <= 0 ? 0 : latTotal <= 0 ? 1 : (double)errorTraces / Math.Max(1, errorTraces + latencyTraces);
        var services = errBy.Keys.Union(latBy.Keys).ToList();
        var raw = new Dictionary<string, (double Score, double E, double L, double J, int Hits)>(StringComparer.Ordinal);
        foreach (var s in services)
        {
            var e = errTotal > 0 ? errBy.GetValueOrDefault(s) / errTotal : 0;
            var l = latTotal > 0 ? latBy.GetValueOrDefault(s) / latTotal : 0;
            double j = 0;
            var hits = 0;
            if (originBits.TryGetValue(s, out var bits))
            {
                var union = 0;
                for (var t = 0; t < bits.Length; t++)
                {
                    hits += bits[t] && abnormal[t] ? 1 : 0;
                    union += bits[t] || abnormal[t] ? 1 : 0;
                }
                j = union == 0 ? 0 : (double)hits / union;
            }
            raw[s] = ((ErrorWeight * ((wErr * e) + ((1 - wErr) * l))) + (JaccardWeight * j), e, l, j, hits);
        }

        // Victims: when most of a service's anomalous traces also carry an anomaly in a service it calls (directly or not), that callee explains it.
        var discount = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var s in services)
        {
            var worst = 0.0;
            if (originBits.TryGetValue(s, out var mine) && raw[s].Hits > 0)
            {
                foreach (var d in Graph.Downstream(s))
                {
                    if (d == s || !raw.TryGetValue(d, out var other) || other.Score < 0.5 * raw[s].Score || !originBits.TryGetValue(d, out var theirs))
                    {
                        continue;
                    }
                    var both = 0;
                    for (var t = 0; t < mine.Length; t++)
                    {
                        both += mine[t] && theirs[t] && abnormal[t] ? 1 : 0;
                    }
                    worst = Math.Max(worst, (double)both / raw[s].Hits);
                }
            }
            discount[s] = 1 - (0.5 * worst);
        }
        var scored = services.Select(s => (Service: s, Score: raw[s].Score * discount[s])).Where(x => x.Score > 0).ToList();
        var total = scored.Sum(x => x.Score);
        var max = scored.Count == 0 ? 0 : scored.Max(x => x.Score);
        var ranked = scored.Where(x => x.Score >= 0.05 * max)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => firstAnomaly.GetValueOrDefault(x.Service, long.MaxValue))
            .ThenBy(x => x.Service, StringComparer.Ordinal)
            .ToList();
        var result = new List<CulpritScore>();
        for (var r = 0; r < ranked.Count; r++)
        {
            var (s, score) = ranked[r];
            var (_, e, l, j, hits) = raw[s];
            var topErr = ErrorOrigins.FirstOrDefault(o => o.Service == s);
            var topLat = LatencyOrigins.FirstOrDefault(o => o.Service == s);
            var useErr = topErr is not null && (topLat is null || wErr * e >= (1 - wErr) * l);
            var fault = useErr ? topErr!.Fault : topLat?.Fault ?? "unknown";
            var samples = useErr ? topErr!.Samples : topLat?.Samples ?? [];
            DateTimeOffset? first = firstAnomaly.TryGetValue(s, out var f) ? new DateTimeOffset(f, TimeSpan.Zero) : null;
            result.Add(new CulpritScore(s, r + 1, total > 0 ? score / total : 0, e, l, j, discount[s], fault, hits, first,
                useErr ? topErr!.Operation : topLat?.Operation, samples));
        }
        return result;
    }

    private List<Span> Spans(List<int>? indexes) => indexes is null ? [] : indexes.Select(i => Index.Spans[i]).ToList();
}
