using Firefighter.Evidence;
namespace Firefighter.Traces;

/// <summary>Spans linked into traces as flat arrays: parent, children, self time and critical-path self time per span.</summary>
/// <remarks>Built once in O(n log n); every array is indexed by the span's position in <see cref="Spans"/>. Missing parents make
/// a span a root; duplicate span ids keep the first; cycles are never followed.</remarks>
public sealed class SpanIndex
{
    private const int MaxDepth = 512;

    private SpanIndex(IReadOnlyList<Span> spans)
    {
        Spans = spans;
        var n = spans.Count;
        StartTicks = new long[n];
        EndTicks = new long[n];
        Parent = new int[n];
        FirstChild = new int[n];
        NextSibling = new int[n];
        SelfTicks = new long[n];
        CriticalTicks = new long[n];
        ServiceOf = new int[n];
        OperationOf = new int[n];
        TraceOf = new int[n];
        IsClient = new bool[n];
    }

    /// <summary>The spans, in input order.</summary>
    public IReadOnlyList<Span> Spans { get; }

    /// <summary>Start time (UTC ticks) per span.</summary>
    public long[] StartTicks { get; }

    /// <summary>End time (UTC ticks) per span.</summary>
    public long[] EndTicks { get; }

    /// <summary>Parent span index, -1 for a root (or a span whose parent is missing).</summary>
    public int[] Parent { get; }

    /// <summary>First child index, -1 when none.</summary>
    public int[] FirstChild { get; }

    /// <summary>Next sibling index, -1 when none.</summary>
    public int[] NextSibling { get; }

    /// <summary>Time not covered by any child (ticks).</summary>
    public long[] SelfTicks { get; }

    /// <summary>Self time that lies on its trace's critical path (ticks); 0 for spans off the path.</summary>
    public long[] CriticalTicks { get; }

    /// <summary>Service id per span (index into <see cref="Services"/>).</summary>
    public int[] ServiceOf { get; }

    /// <summary>Operation id per span (index into <see cref="Operations"/>).</summary>
    public int[] OperationOf { get; }

    /// <summary>Trace id per span (index into <see cref="TraceIds"/>).</summary>
    public int[] TraceOf { get; }

    /// <summary>Whether the span is a client (outgoing call) span: its <c>span.kind</c> says so, or, without a kind, its only child runs in another service.</summary>
    public bool[] IsClient { get; }

    /// <summary>Distinct services.</summary>
    public List<string> Services { get; } = [];

    /// <summary>Distinct operations as (service id, operation name).</summary>
    public List<(int Service, string Name)> Operations { get; } = [];

    /// <summary>Distinct trace ids.</summary>
    public List<string> TraceIds { get; } = [];

    /// <summary>The main root span of each trace (earliest start, longest on ties).</summary>
    public int[] TraceRoot { get; private set; } = [];

    /// <summary>Earliest span start per trace (ticks).</summary>
    public long[] TraceStart { get; private set; } = [];

    /// <summary>The peer a client span calls when the callee is not traced (<c>peer.service</c>, <c>server.address</c>, <c>net.peer.name</c>, <c>db.system</c>).</summary>
    public static string? PeerOf(Span s) =>
        s.Attr("peer.service") ?? s.Attr("server.address") ?? s.Attr("net.peer.name") ?? s.Attr("db.system");

    /// <summary>Builds the index.</summary>
    public static SpanIndex Build(IReadOnlyList<Span> spans)
    {
        var ix = new SpanIndex(spans);
        ix.Link();
        ix.InferClients();
        ix.ComputeSelf();
        ix.ComputeCritical();
        return ix;
    }

    /// <summary>Service id by name, or -1.</summary>
    public int ServiceId(string name) => Services.IndexOf(name);

    private void Link()
    {
        var n = Spans.Count;
        var services = new Dictionary<string, int>(StringComparer.Ordinal);
        var ops = new Dictionary<(int, string), int>();
        var traces = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var s = Spans[i];
            StartTicks[i] = s.Start.UtcTicks;
            EndTicks[i] = s.Start.UtcTicks + Math.Max(0, s.Duration.Ticks);
            if (!services.TryGetValue(s.Service, out var sv))
            {
                services[s.Service] = sv = Services.Count;
                Services.Add(s.Service);
            }
            ServiceOf[i] = sv;
            if (!ops.TryGetValue((sv, s.Operation), out var op))
            {
                ops[(sv, s.Operation)] = op = Operations.Count;
                Operations.Add((sv, s.Operation));
            }
            OperationOf[i] = op;
            if (!traces.TryGetValue(s.TraceId, out var t))
            {
                traces[s.TraceId] = t = TraceIds.Count;
                TraceIds.Add(s.TraceId);
            }
            TraceOf[i] = t;
            IsClient[i] = s.Attributes.Count > 0 && s.Attr("span.kind") is { } k && (k.Equals("client", StringComparison.OrdinalIgnoreCase) || k.Equals("producer", StringComparison.OrdinalIgnoreCase));
            Parent[i] = -1;
            FirstChild[i] = -1;
            NextSibling[i] = -1;
        }

        // Group span indexes by trace (counting sort), then resolve parents inside each trace.
        var tn = TraceIds.Count;
        var offsets = new int[tn + 1];
        for (var i = 0; i < n; i++)
        {
            offsets[TraceOf[i] + 1]++;
        }
        for (var t = 0; t < tn; t++)
        {
            offsets[t + 1] += offsets[t];
        }
        var order = new int[n];
        var fill = (int[])offsets.Clone();
        for (var i = 0; i < n; i++)
        {
            order[fill[TraceOf[i]]++] = i;
        }
        TraceRoot = new int[tn];
        TraceStart = new long[tn];
        var byId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var t = 0; t < tn; t++)
        {
            byId.Clear();
            for (var k = offsets[t]; k < offsets[t + 1]; k++)
            {
                byId.TryAdd(Spans[order[k]].SpanId, order[k]);
            }
            var root = -1;
            var start = long.MaxValue;
            // Insert children in reverse so sibling lists come out in input order.
            for (var k = offsets[t + 1] - 1; k >= offsets[t]; k--)
            {
                var i = order[k];
                if (Spans[i].ParentSpanId is { } pid && byId.TryGetValue(pid, out var p) && p != i)
                {
                    Parent[i] = p;
                    NextSibling[i] = FirstChild[p];
                    FirstChild[p] = i;
                }
                start = Math.Min(start, StartTicks[i]);
            }
            for (var k = offsets[t]; k < offsets[t + 1]; k++)
            {
                var i = order[k];
                if (Parent[i] == -1 && (root == -1 || StartTicks[i] < StartTicks[root]
                    || (StartTicks[i] == StartTicks[root] && EndTicks[i] > EndTicks[root])))
                {
                    root = i;
                }
            }
            // A parent cycle leaves no root; fall back to the earliest span so every trace has one.
            if (root == -1)
            {
                root = order[offsets[t]];
            }
            TraceRoot[t] = root;
            TraceStart[t] = start;
        }
    }

    // Many tracers export no span.kind: a span without one whose only child runs in another service is the call to it (the time
    // around the child is the wire and the callee's queue, not the caller's work). A span with several remote children is a handler.
    private void InferClients()
    {
        for (var i = 0; i < Spans.Count; i++)
        {
            var c = FirstChild[i];
            if (!IsClient[i] && c != -1 && NextSibling[c] == -1 && ServiceOf[c] != ServiceOf[i] && Spans[i].Attr("span.kind") is null)
            {
                IsClient[i] = true;
            }
        }
    }

    private void ComputeSelf()
    {
        var intervals = new List<(long S, long E)>();
        for (var i = 0; i < Spans.Count; i++)
        {
            var s = StartTicks[i];
            var e = EndTicks[i];
            if (FirstChild[i] == -1)
            {
                SelfTicks[i] = e - s;
                continue;
            }
            intervals.Clear();
            for (var c = FirstChild[i]; c != -1; c = NextSibling[c])
            {
                var cs = Math.Max(s, StartTicks[c]);
                var ce = Math.Min(e, EndTicks[c]);
                if (ce > cs)
                {
                    intervals.Add((cs, ce));
                }
            }
            intervals.Sort(static (a, b) => a.S.CompareTo(b.S));
            long covered = 0, curS = long.MinValue, curE = long.MinValue;
            foreach (var (a, b) in intervals)
            {
                if (a > curE)
                {
                    covered += curE - curS;
                    curS = a;
                    curE = b;
                }
                else if (b > curE)
                {
                    curE = b;
                }
            }
            if (curE > curS)
            {
                covered += curE - curS;
            }
            SelfTicks[i] = Math.Max(0, e - s - covered);
        }
    }

    private void ComputeCritical()
    {
        var scratch = new List<int>();
        var comparer = Comparer<int>.Create((a, b) => EndTicks[b].CompareTo(EndTicks[a]));
        for (var i = 0; i < Spans.Count; i++)
        {
            if (Parent[i] == -1)
            {
                Critical(i, EndTicks[i], 0, scratch, comparer);
            }
        }
    }

    /// <summary>Walks back from the end of the span: the last-finishing child before the cursor is on the path, gaps are the span's own.</summary>
    private void Critical(int i, long cursorEnd, int depth, List<int> scratch, IComparer<int> byEndDesc)
    {
        var s = StartTicks[i];
        var cursor = Math.Min(EndTicks[i], cursorEnd);
        if (cursor <= s)
        {
            return;
        }
        var b = scratch.Count;
        for (var c = FirstChild[i]; c != -1; c = NextSibling[c])
        {
            scratch.Add(c);
        }
        var count = scratch.Count - b;
        if (count > 1)
        {
            scratch.Sort(b, count, byEndDesc);
        }
        long own = 0;
        for (var k = b; k < b + count && cursor > s; k++)
        {
            var c = scratch[k];
            if (StartTicks[c] >= cursor || EndTicks[c] <= s)
            {
                continue;
            }
            var ce = Math.Min(EndTicks[c], cursor);
            own += cursor - ce;
            if (depth < MaxDepth)
            {
                Critical(c, ce, depth + 1, scratch, byEndDesc);
            }
            cursor = Math.Max(StartTicks[c], s);
        }
        own += cursor - s;
        CriticalTicks[i] += own;
        scratch.RemoveRange(b, count);
    }
}
