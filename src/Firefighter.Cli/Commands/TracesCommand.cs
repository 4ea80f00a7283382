using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Firefighter.Evidence;
using Firefighter.Sources.Traces;
using Firefighter.Traces;
using Spectre.Console;

namespace Firefighter.Cli.Commands;

/// <summary><c>ff traces analyze FILE... [--onset T] [--json]</c>: service graph, abnormal operations, error origins, critical-path hot spots and culprit ranking.</summary>
public sealed class TracesCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliContext context)
    {
        var files = new Argument<string[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "Jaeger JSON or OTLP/JSON trace files (.gz allowed)" };
        var onset = new Option<string?>("--onset") { Description = "When the incident began (ISO 8601); detected from the traces when omitted" };
        var json = Cli.JsonOption();
        var noColor = Cli.NoColorOption();
        var analyze = new Command("analyze", "Analyze trace files: service graph, abnormal operations, error origins, latency hot spots, culprit ranking");
        analyze.Arguments.Add(files);
        analyze.Options.Add(onset);
        analyze.Options.Add(json);
        analyze.Options.Add(noColor);
        analyze.SetAction(parse => Run(context, parse.GetValue(files) ?? [], parse.GetValue(onset), parse.GetValue(json), parse.GetValue(noColor)));
        var traces = new Command("traces", "Distributed traces: where errors and latency begin, and which service started it");
        traces.Subcommands.Add(analyze);
        return traces;
    }

    private static int Run(CliContext context, string[] files, string? onsetText, bool json, bool noColor)
    {
        DateTimeOffset? onset = null;
        if (!string.IsNullOrEmpty(onsetText))
        {
            if (!DateTimeOffset.TryParse(onsetText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            {
                context.Fail($"--onset: '{onsetText}' is not a time (use ISO 8601, e.g. 2024-05-01T12:10:00Z)");
                return ExitCodes.Usage;
            }
            onset = t;
        }
        var spans = new List<Span>();
        var warnings = new List<EvidenceWarning>();
        var unreadable = false;
        foreach (var f in files)
        {
            if (!File.Exists(f))
            {
                context.Fail($"{f}: no such file");
                unreadable = true;
                continue;
            }
            var (s, w) = TraceFileReader.ReadFile(f);
            spans.AddRange(s);
            warnings.AddRange(w);
        }
        foreach (var w in warnings)
        {
            context.Error.WriteLine($"warning: {w}");
        }
        if (unreadable || spans.Count == 0)
        {
            if (spans.Count == 0)
            {
                context.Fail("no spans read");
            }
            return ExitCodes.CannotRun;
        }
        var a = TraceAnalysis.Run(spans, onset);
        if (json)
        {
            WriteJson(context.Out, a, spans.Count, warnings);
        }
        else
        {
            WriteHuman(context.Console(noColor), a, spans.Count);
        }
        return a.Culprits.Count > 0 || a.ErrorOrigins.Count > 0 ? ExitCodes.Problems : ExitCodes.Ok;
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static void WriteHuman(IAnsiConsole c, TraceAnalysis a, int spanCount)
    {
        var onset = a.Onset is { } o ? $"{o.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({(a.OnsetGiven ? "given" : "detected")})" : "none found";
        c.WriteLine($"{spanCount} spans, {a.TraceCount} traces, {a.Index.Services.Count} services; onset {onset}; {a.AbnormalTraceCount} abnormal traces");
        c.WriteLine();

        var graph = new Table().Title("Service graph").AddColumns("caller", "callee", "calls", "errors", "p50 ms", "p95 ms", "p99 ms");
        foreach (var e in a.Graph.Edges)
        {
            graph.AddRow(Markup.Escape(e.Caller), Markup.Escape(e.Callee), e.Calls.ToString(CultureInfo.InvariantCulture), e.Errors.ToString(CultureInfo.InvariantCulture), F(e.P50Ms), F(e.P95Ms), F(e.P99Ms));
        }
        c.Write(graph);

        if (a.Culprits.Count == 0 && a.ErrorOrigins.Count == 0)
        {
            c.WriteLine("No abnormal behaviour found in the traces.");
            return;
        }
        var culprits = new Table().Title("Culprit ranking").AddColumns("#", "service", "score", "fault", "operation", "origin in abnormal traces");
        foreach (var k in a.Culprits)
        {
            culprits.AddRow(k.Rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(k.Service), F(k.Score), k.Fault, Markup.Escape(k.Operation ?? ""), $"{k.AbnormalTraces}/{a.AbnormalTraceCount}");
        }
        c.Write(culprits);

        var errors = new Table().Title("Error origins").AddColumns("service", "operation", "fault", "count", "rate before", "rate after", "sample trace");
        foreach (var e in a.ErrorOrigins.Take(10))
        {
            errors.AddRow(Markup.Escape(e.Service), Markup.Escape(e.Operation), e.Fault, e.Count.ToString(CultureInfo.InvariantCulture), F(e.RateBefore), F(e.RateAfter), e.Samples.FirstOrDefault()?.TraceId ?? "");
        }
        c.Write(errors);

        var hot = new Table().Title("Critical-path hot spots (self time beyond baseline)").AddColumns("service", "operation", "fault", "spans", "excess ms", "self ms (base → now)", "sample trace");
        foreach (var l in a.LatencyOrigins.Take(10))
        {
            hot.AddRow(Markup.Escape(l.Service), Markup.Escape(l.Edge ?? l.Operation), l.Fault, l.Count.ToString(CultureInfo.InvariantCulture), F(l.ExcessMs), $"{F(l.BaselineSelfMs)} → {F(l.ObservedSelfMs)}", l.Samples.FirstOrDefault()?.TraceId ?? "");
        }
        c.Write(hot);

        var ops = new Table().Title("Abnormal operations").AddColumns("service", "operation", "errors before → after", "p95 ms before → after", "slow");
        foreach (var op in a.AbnormalOperations.Take(15))
        {
            ops.AddRow(Markup.Escape(op.Service), Markup.Escape(op.Operation), $"{F(op.ErrorRateBefore * 100)}% → {F(op.ErrorRateAfter * 100)}%", $"{F(op.P95MsBefore)} → {F(op.P95MsAfter)}", $"{F(op.SlowFraction * 100)}%");
        }
        c.Write(ops);
    }

    private static void WriteJson(TextWriter output, TraceAnalysis a, int spanCount, List<EvidenceWarning> warnings)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("spans", spanCount);
            w.WriteNumber("traces", a.TraceCount);
            w.WriteNumber("abnormalTraces", a.AbnormalTraceCount);
            if (a.Onset is { } o)
            {
                w.WriteString("onset", o);
            }
            else
            {
                w.WriteNull("onset");
            }
            w.WriteBoolean("onsetGiven", a.OnsetGiven);
            w.WriteStartArray("edges");
            foreach (var e in a.Graph.Edges)
            {
                w.WriteStartObject();
                w.WriteString("caller", e.Caller);
                w.WriteString("callee", e.Callee);
                w.WriteNumber("calls", e.Calls);
                w.WriteNumber("errors", e.Errors);
                w.WriteNumber("p50Ms", Math.Round(e.P50Ms, 3));
                w.WriteNumber("p95Ms", Math.Round(e.P95Ms, 3));
                w.WriteNumber("p99Ms", Math.Round(e.P99Ms, 3));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("culprits");
            foreach (var k in a.Culprits)
            {
                w.WriteStartObject();
                w.WriteNumber("rank", k.Rank);
                w.WriteString("service", k.Service);
                w.WriteNumber("score", Math.Round(k.Score, 4));
                w.WriteString("fault", k.Fault);
                w.WriteString("operation", k.Operation);
                w.WriteNumber("errorShare", Math.Round(k.ErrorShare, 4));
                w.WriteNumber("latencyShare", Math.Round(k.LatencyShare, 4));
                w.WriteNumber("jaccard", Math.Round(k.Jaccard, 4));
                w.WriteNumber("victimDiscount", Math.Round(k.VictimDiscount, 4));
                w.WriteNumber("abnormalTraces", k.AbnormalTraces);
                TraceIds(w, k.Samples);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("errorOrigins");
            foreach (var e in a.ErrorOrigins)
            {
                w.WriteStartObject();
                w.WriteString("service", e.Service);
                w.WriteString("operation", e.Operation);
                w.WriteString("fault", e.Fault);
                w.WriteNumber("count", e.Count);
                w.WriteNumber("rateBefore", Math.Round(e.RateBefore, 4));
                w.WriteNumber("rateAfter", Math.Round(e.RateAfter, 4));
                w.WriteString("exceptionType", e.ExceptionType);
                TraceIds(w, e.Samples);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("latencyOrigins");
            foreach (var l in a.LatencyOrigins)
            {
                w.WriteStartObject();
                w.WriteString("service", l.Service);
                w.WriteString("operation", l.Operation);
                w.WriteString("fault", l.Fault);
                w.WriteString("edge", l.Edge);
                w.WriteNumber("count", l.Count);
                w.WriteNumber("excessMs", Math.Round(l.ExcessMs, 3));
                w.WriteNumber("baselineSelfMs", Math.Round(l.BaselineSelfMs, 3));
                w.WriteNumber("observedSelfMs", Math.Round(l.ObservedSelfMs, 3));
                TraceIds(w, l.Samples);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("abnormalOperations");
            foreach (var op in a.AbnormalOperations)
            {
                w.WriteStartObject();
                w.WriteString("service", op.Service);
                w.WriteString("operation", op.Operation);
                w.WriteNumber("errorRateBefore", Math.Round(op.ErrorRateBefore, 4));
                w.WriteNumber("errorRateAfter", Math.Round(op.ErrorRateAfter, 4));
                w.WriteNumber("p95MsBefore", Math.Round(op.P95MsBefore, 3));
                w.WriteNumber("p95MsAfter", Math.Round(op.P95MsAfter, 3));
                w.WriteNumber("slowFraction", Math.Round(op.SlowFraction, 4));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("warnings");
            foreach (var x in warnings)
            {
                w.WriteStringValue(x.ToString());
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
    }

    private static void TraceIds(Utf8JsonWriter w, IReadOnlyList<Span> samples)
    {
        w.WriteStartArray("traceIds");
        foreach (var id in samples.Select(s => s.TraceId).Distinct())
        {
            w.WriteStringValue(id);
        }
        w.WriteEndArray();
    }
}
