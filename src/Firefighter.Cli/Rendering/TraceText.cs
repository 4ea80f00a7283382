using System.Globalization;
using Firefighter.Reports;
using Spectre.Console;

namespace Firefighter.Cli.Rendering;

/// <summary>The human view of a <see cref="TraceReport"/>: the service graph, then the culprit ranking and where errors and latency begin.</summary>
public static class TraceText
{
    /// <summary>Writes the report.</summary>
    public static void Write(IAnsiConsole c, TraceReport a)
    {
        static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        static string N(int v) => v.ToString(CultureInfo.InvariantCulture);
        var onset = a.Onset is { } o ? $"{o.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({(a.OnsetGiven ? "given" : "detected")})" : "none found";
        c.WriteLine($"{a.Spans} spans, {a.Traces} traces, {a.Services} services; onset {onset}; {a.AbnormalTraces} abnormal traces");
        c.WriteLine();

        var graph = new Table().Title("Service graph").AddColumns("caller", "callee", "calls", "errors", "p50 ms", "p95 ms", "p99 ms");
        foreach (var e in a.Edges)
        {
            graph.AddRow(Markup.Escape(e.Caller), Markup.Escape(e.Callee), N(e.Calls), N(e.Errors), F(e.P50Ms), F(e.P95Ms), F(e.P99Ms));
        }
        c.Write(graph);
        if (!a.HasProblems)
        {
            c.WriteLine("No abnormal behaviour found in the traces.");
            return;
        }
        var culprits = new Table().Title("Culprit ranking").AddColumns("#", "service", "score", "fault", "operation", "origin in abnormal traces");
        foreach (var k in a.Culprits)
        {
            culprits.AddRow(N(k.Rank), Markup.Escape(k.Service), F(k.Score), k.Fault, Markup.Escape(k.Operation ?? ""), $"{k.AbnormalTraces}/{a.AbnormalTraces}");
        }
        c.Write(culprits);

        var errors = new Table().Title("Error origins").AddColumns("service", "operation", "fault", "count", "rate before", "rate after", "sample trace");
        foreach (var e in a.ErrorOrigins.Take(10))
        {
            errors.AddRow(Markup.Escape(e.Service), Markup.Escape(e.Operation), e.Fault, N(e.Count), F(e.RateBefore), F(e.RateAfter), e.TraceIds.FirstOrDefault() ?? "");
        }
        c.Write(errors);

        var hot = new Table().Title("Critical-path hot spots (self time beyond baseline)").AddColumns("service", "operation", "fault", "spans", "excess ms", "self ms (base → now)", "sample trace");
        foreach (var l in a.LatencyOrigins.Take(10))
        {
            hot.AddRow(Markup.Escape(l.Service), Markup.Escape(l.Edge ?? l.Operation), l.Fault, N(l.Count), F(l.ExcessMs), $"{F(l.BaselineSelfMs)} → {F(l.ObservedSelfMs)}", l.TraceIds.FirstOrDefault() ?? "");
        }
        c.Write(hot);

        var ops = new Table().Title("Abnormal operations").AddColumns("service", "operation", "errors before → after", "p95 ms before → after", "slow");
        foreach (var op in a.AbnormalOperations.Take(15))
        {
            ops.AddRow(Markup.Escape(op.Service), Markup.Escape(op.Operation), $"{F(op.ErrorRateBefore * 100)}% → {F(op.ErrorRateAfter * 100)}%", $"{F(op.P95MsBefore)} → {F(op.P95MsAfter)}", $"{F(op.SlowFraction * 100)}%");
        }
        c.Write(ops);
    }
}
