using Firefighter.Evidence;
using Firefighter.Traces;

namespace Firefighter.Tests.Traces;

public class SpanIndexTests
{
    private static readonly DateTimeOffset T = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static double Ms(long ticks) => ticks / (double)TimeSpan.TicksPerMillisecond;

    private static Span S(string id, string? parent, string svc, int startMs, int durMs, bool error = false) =>
        new("t1", id, parent, svc, "op-" + id, T.AddMilliseconds(startMs), TimeSpan.FromMilliseconds(durMs), error, new EvidenceRef("f.json", 3));

    [Fact]
    public void Self_time_excludes_children_and_critical_path_follows_the_last_finishing_child()
    {
        // root 0..100 calls a 10..40 and b 20..90 in parallel; b calls c 30..80.
        var spans = new[] { S("r", null, "front", 0, 100), S("a", "r", "x", 10, 30), S("b", "r", "y", 20, 70), S("c", "b", "z", 30, 50) };

        var ix = SpanIndex.Build(spans);

        Ms(ix.SelfTicks[0]).ShouldBe(100 - 80, 1e-9);
        Ms(ix.SelfTicks[2]).ShouldBe(20, 1e-9);
        // Path: root 0..10, a 10..20, b 20..30, c 30..80, b 80..90, root 90..100.
        Ms(ix.CriticalTicks[0]).ShouldBe(20, 1e-9);
        Ms(ix.CriticalTicks[1]).ShouldBe(10, 1e-9);
        Ms(ix.CriticalTicks[2]).ShouldBe(20, 1e-9);
        Ms(ix.CriticalTicks[3]).ShouldBe(50, 1e-9);
        ix.TraceRoot[0].ShouldBe(0);
    }

    [Fact]
    public void Missing_parents_cycles_and_duplicate_ids_do_not_break_the_index()
    {
        var spans = new[] { S("a", "b", "x", 0, 10), S("b", "a", "y", 0, 10), S("c", "gone", "z", 5, 1), S("c", null, "z", 6, 1) };

        var ix = SpanIndex.Build(spans);

        ix.Parent[2].ShouldBe(-1);
        ix.TraceIds.Count.ShouldBe(1);
        ix.CriticalTicks.ShouldAllBe(t => t >= 0);
    }

    [Fact]
    public void Service_graph_counts_calls_and_errors_per_edge_including_untraced_peers()
    {
        var spans = new List<Span>
        {
            S("r", null, "front", 0, 100), S("k", "r", "front", 10, 50, error: true) with { Attributes = new Dictionary<string, string> { ["span.kind"] = "client", ["peer.service"] = "api" } },
            S("s", "k", "api", 12, 40, error: true),
            S("d", "s", "api", 15, 5) with { Attributes = new Dictionary<string, string> { ["span.kind"] = "client", ["db.system"] = "postgresql" } },
        };

        var g = ServiceGraph.Build(spans);

        var edge = g.Edges.Single(e => e.Caller == "front" && e.Callee == "api");
        edge.Calls.ShouldBe(1);
        edge.Errors.ShouldBe(1);
        edge.P50Ms.ShouldBe(40, 1e-9);
        g.Edges.ShouldContain(e => e.Caller == "api" && e.Callee == "postgresql");
        g.Downstream("front").ShouldBe(["api", "postgresql"], ignoreOrder: true);
    }
}
