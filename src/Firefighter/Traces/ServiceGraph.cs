using Firefighter.Evidence;
namespace Firefighter.Traces;

/// <summary>The caller → callee graph derived from parent/child spans in different services, with per-edge rates and latencies.</summary>
public sealed class ServiceGraph
{
    private ServiceGraph(IReadOnlyList<ServiceEdge> edges, TimeSpan bucket)
    {
        Edges = edges;
        Bucket = bucket;
    }

    /// <summary>Edges ordered by caller then callee.</summary>
    public IReadOnlyList<ServiceEdge> Edges { get; }

    /// <summary>The time bucket width of <see cref="ServiceEdge.Buckets"/>.</summary>
    public TimeSpan Bucket { get; }

    /// <summary>Services called directly by <paramref name="service"/>.</summary>
    public IEnumerable<string> Callees(string service) => Edges.Where(e => e.Caller == service).Select(e => e.Callee);

    /// <summary>Services that call <paramref name="service"/> directly.</summary>
    public IEnumerable<string> Callers(string service) => Edges.Where(e => e.Callee == service).Select(e => e.Caller);

    /// <summary>Every service reachable from <paramref name="service"/> along call edges (not including itself unless on a cycle).</summary>
    public IReadOnlySet<string> Downstream(string service)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        stack.Push(service);
        while (stack.Count > 0)
        {
            foreach (var c in Callees(stack.Pop()))
            {
                if (seen.Add(c))
                {
                    stack.Push(c);
                }
            }
        }
        return seen;
    }

    /// <summary>Builds the graph from spans; <paramref name="bucket"/> defaults to one minute.</summary>
    public static ServiceGraph Build(IReadOnlyList<Span> spans, TimeSpan? bucket = null) => Build(SpanIndex.Build(spans), bucket);

    /// <summary>Builds the graph from an existing index.</summary>
    public static ServiceGraph Build(SpanIndex ix, TimeSpan? bucket = null)
    {
        var width = bucket is { Ticks: > 0 } b ? b.Ticks : TimeSpan.TicksPerMinute;
        var acc = new Dictionary<(string, string), SortedDictionary<long, Acc>>();
        for (var i = 0; i < ix.Spans.Count; i++)
        {
            string caller, callee;
            bool failed;
            var p = ix.Parent[i];
            if (p >= 0 && ix.ServiceOf[p] != ix.ServiceOf[i])
            {
                caller = ix.Services[ix.ServiceOf[p]];
                callee = ix.Services[ix.ServiceOf[i]];
                failed = ix.Spans[i].IsError || (ix.IsClient[p] && ix.Spans[p].IsError);
            }
            else if (ix.IsClient[i] && ix.FirstChild[i] == -1 && SpanIndex.PeerOf(ix.Spans[i]) is { } peer && peer != ix.Services[ix.ServiceOf[i]])
            {
                // A client span with no traced callee still names who it called (a database, a cache, an external API).
                caller = ix.Services[ix.ServiceOf[i]];
                callee = peer;
                failed = ix.Spans[i].IsError;
            }
            else
            {
                continue;
            }
            if (!acc.TryGetValue((caller, callee), out var buckets))
            {
                acc[(caller, callee)] = buckets = [];
            }
            var key = ix.StartTicks[i] - (((ix.StartTicks[i] % width) + width) % width);
            if (!buckets.TryGetValue(key, out var a))
            {
                buckets[key] = a = new Acc();
            }
            a.Calls++;
            a.Errors += failed ? 1 : 0;
            a.Ms.Add(Stats.Ms(ix.EndTicks[i] - ix.StartTicks[i]));
        }
        var edges = new List<ServiceEdge>();
        foreach (var ((caller, callee), buckets) in acc.OrderBy(kv => kv.Key.Item1, StringComparer.Ordinal).ThenBy(kv => kv.Key.Item2, StringComparer.Ordinal))
        {
            var all = new List<double>();
            var list = new List<ServiceEdgeBucket>();
            int calls = 0, errors = 0;
            foreach (var (start, a) in buckets)
            {
                a.Ms.Sort();
                all.AddRange(a.Ms);
                calls += a.Calls;
                errors += a.Errors;
                var ms = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(a.Ms);
                list.Add(new ServiceEdgeBucket(new DateTimeOffset(start, TimeSpan.Zero), a.Calls, a.Errors, Stats.Quantile(ms, 0.5), Stats.Quantile(ms, 0.95)));
            }
            all.Sort();
            var allMs = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(all);
            edges.Add(new ServiceEdge(caller, callee, calls, errors, Stats.Quantile(allMs, 0.5), Stats.Quantile(allMs, 0.95), Stats.Quantile(allMs, 0.99), list));
        }
        return new ServiceGraph(edges, TimeSpan.FromTicks(width));
    }

    private sealed class Acc
    {
        public int Calls;
        public int Errors;
        public List<double> Ms { get; } = [];
    }
}
