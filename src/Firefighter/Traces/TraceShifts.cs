using System.Runtime.InteropServices;
using Firefighter.Evidence;

namespace Firefighter.Traces;

/// <summary>Per-service change of the spans at a split time: each operation's own processing time against its baseline, and each caller →
/// callee edge's wire time (the caller's client span minus the callee's span) against that edge's baseline.</summary>
/// <remarks>The baseline is the spans before the split. An edge with too few calls before it is judged against every edge's wire times (its
/// peers: the wire is the same network for all), so a delay shows even when the bundle holds no call of that edge before the fault.
/// Operations without a baseline are not judged: their own times are not comparable across operations. A slow span is one beyond
/// max(p99, median + 4σ, median + 1 ms) of its baseline (σ = 1.4826·MAD); the excess of slow spans over the 1% the threshold lets through is
/// measured in binomial z units, so a handful of slow calls in a busy operation is noise and a steady share is a change. Never throws.</remarks>
public static class TraceShifts
{
    private const int MinBaseline = 5;
    private const int MinPooled = 20;
    private const int MinAfter = 3;
    private const double Delayed = 3;
    private const int MaxSamples = 3;

    /// <summary>The shift of every service that has spans or is called after <paramref name="split"/>; empty when nothing is after it.</summary>
    public static TraceShiftResult Compute(SpanIndex ix, DateTimeOffset split)
    {
        var at = split.UtcTicks;
        var ops = ix.Operations.Count;
        var selfPre = new List<double>?[ops];
        var selfPost = new List<(double Ms, int Span)>?[ops];
        var edges = new Dictionary<(int Caller, int Callee), (List<double> Pre, List<(double Ms, int Span)> Post)>();
        var pooledPre = new List<double>();
        for (var i = 0; i < ix.Spans.Count; i++)
        {
            var post = ix.StartTicks[i] >= at;
            var c = ix.FirstChild[i];
            if (ix.IsClient[i] && c != -1 && ix.ServiceOf[c] != ix.ServiceOf[i])
            {
                var gap = Stats.Ms(Math.Max(0, (ix.EndTicks[i] - ix.StartTicks[i]) - (ix.EndTicks[c] - ix.StartTicks[c])));
                var key = (ix.ServiceOf[i], ix.ServiceOf[c]);
                if (!edges.TryGetValue(key, out var e))
                {
                    edges[key] = e = ([], []);
                }
                if (post)
                {
                    e.Post.Add((gap, c));
                }
                else
                {
                    e.Pre.Add(gap);
                    pooledPre.Add(gap);
                }
                continue;
            }
            // Failed spans stay out of the baseline: a fast failure drags it down.
            var op = ix.OperationOf[i];
            if (post)
            {
                (selfPost[op] ??= []).Add((Stats.Ms(ix.SelfTicks[i]), i));
            }
            else if (!ix.Spans[i].IsError)
            {
                (selfPre[op] ??= []).Add(Stats.Ms(ix.SelfTicks[i]));
            }
        }
        if (selfPost.All(p => p is null) && edges.Values.All(e => e.Post.Count == 0))
        {
            return TraceShiftResult.Empty;
        }

        var acc = new Dictionary<int, Acc>();
        Acc Of(int s) => acc.TryGetValue(s, out var a) ? a : acc[s] = new Acc();

        for (var op = 0; op < ops; op++)
        {
            if (selfPost[op] is not { Count: >= MinAfter } q || selfPre[op] is not { Count: >= MinBaseline } p)
            {
                continue;
            }
            p.Sort();
            var (med, thr) = Threshold(CollectionsMarshal.AsSpan(p));
            var (z, slow) = Excess(q, thr);
            var a = Of(ix.Operations[op].Service);
            if (z > a.ProcessingZ)
            {
                var after = q.Select(x => x.Ms).Order().ToList();
                a.ProcessingZ = z;
                a.ProcessingRatio = Stats.Quantile(CollectionsMarshal.AsSpan(after), 0.5) / Math.Max(med, 0.01);
                a.ProcessingOperation = ix.Operations[op].Name;
                a.Slow = slow;
            }
        }

        var delayed = new List<DelayedEdge>();
        pooledPre.Sort();
        var allGaps = edges.Values.SelectMany(e => e.Pre.Concat(e.Post.Select(x => x.Ms))).Order().ToList();
        foreach (var ((caller, callee), (pre, post)) in edges.OrderBy(e => e.Key.Caller).ThenBy(e => e.Key.Callee))
        {
            if (post.Count == 0)
            {
                continue;
            }
            var b = Of(callee);
            b.Callers++;
            if (post.Count < MinAfter)
            {
                continue;
            }
            List<double> baseline;
            var pooled = false;
            if (pre.Count >= MinBaseline)
            {
                baseline = pre;
                baseline.Sort();
            }
            else
            {
                // Too few calls of its own before the split: the other edges are its peers (the wire is the same network for all),
                // before the split when they have enough calls there, else at any time.
                pooled = true;
                baseline = Without(pooledPre, pre);
                if (baseline.Count < MinPooled)
                {
                    baseline = Without(allGaps, pre.Concat(post.Select(x => x.Ms)));
                }
                if (baseline.Count < MinPooled)
                {
                    continue;
                }
            }
            var (med, thr) = Threshold(CollectionsMarshal.AsSpan(baseline));
            if (pooled)
            {
                // Peers are many edges of different lengths: their p99 is another edge's normal, not this one's.
                var sigma = 1.4826 * Stats.Mad(CollectionsMarshal.AsSpan(baseline), med);
                thr = Math.Max(Stats.Quantile(CollectionsMarshal.AsSpan(baseline), 0.95), Math.Max(med + (4 * sigma), med + 1.0));
            }
            var (z, slow) = Excess(post, thr);
            if (z < Delayed)
            {
                continue;
            }
            var after = post.Select(x => x.Ms).Order().ToList();
            var excess = Stats.Quantile(CollectionsMarshal.AsSpan(after), 0.5) - med;
            delayed.Add(new DelayedEdge(ix.Services[caller], ix.Services[callee], z, Math.Max(0, excess), post.Count));
            b.DelayedCallers++;
            Of(caller).DelayedCallees++;
            if (z > b.DelayZ)
            {
                b.DelayZ = z;
                b.DelayMs = Math.Max(0, excess);
                b.DelaySlow = slow;
            }
        }

        var result = new List<ServiceTraceShift>();
        foreach (var (s, a) in acc.OrderBy(kv => ix.Services[kv.Key], StringComparer.Ordinal))
        {
            var samples = (a.DelayZ >= a.ProcessingZ ? a.DelaySlow.Concat(a.Slow) : a.Slow.Concat(a.DelaySlow)).Take(MaxSamples).ToList();
            DateTimeOffset? first = samples.Count == 0 ? null : new DateTimeOffset(samples.Min(i => ix.StartTicks[i]), TimeSpan.Zero);
            result.Add(new ServiceTraceShift(ix.Services[s], a.ProcessingZ, a.ProcessingRatio, a.ProcessingOperation, a.DelayZ, a.DelayMs,
                a.DelayedCallers, a.Callers, a.DelayedCallees, first, samples.Select(i => ix.Spans[i]).ToList()));
        }
        return new TraceShiftResult(result, delayed.OrderByDescending(d => d.Z).ThenBy(d => d.Caller, StringComparer.Ordinal).ThenBy(d => d.Callee, StringComparer.Ordinal).ToList());
    }

    /// <summary>The baseline median and the slow threshold max(p99, median + 4σ, median + 1 ms) of an ascending-sorted sample.</summary>
    internal static (double Median, double Threshold) Threshold(ReadOnlySpan<double> sorted)
    {
        var med = Stats.Quantile(sorted, 0.5);
        var sigma = 1.4826 * Stats.Mad(sorted, med);
        return (med, Math.Max(Stats.Quantile(sorted, 0.99), Math.Max(med + (4 * sigma), med + 1.0)));
    }

    // Slow spans beyond the 1% the threshold lets through, in binomial z units, and a few of them (the slowest first).
    private static (double Z, List<int> Slow) Excess(List<(double Ms, int Span)> after, double threshold)
    {
        var slow = after.Where(x => x.Ms > threshold).OrderByDescending(x => x.Ms).ToList();
        var n = after.Count;
        var expected = 0.01 * n;
        var z = (slow.Count - expected) / Math.Sqrt(expected + 1);
        return (Math.Max(0, z), slow.Take(MaxSamples).Select(x => x.Span).ToList());
    }

    private static List<double> Without(List<double> sortedAll, IEnumerable<double> remove)
    {
        var drop = remove.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        var kept = new List<double>(sortedAll.Count);
        foreach (var v in sortedAll)
        {
            if (drop.TryGetValue(v, out var k) && k > 0)
            {
                drop[v] = k - 1;
                continue;
            }
            kept.Add(v);
        }
        return kept;
    }

    private sealed class Acc
    {
        public double ProcessingZ;
        public double ProcessingRatio = 1;
        public string? ProcessingOperation;
        public List<int> Slow = [];
        public double DelayZ;
        public double DelayMs;
        public List<int> DelaySlow = [];
        public int DelayedCallers;
        public int Callers;
        public int DelayedCallees;
    }
}
