using System.CommandLine;
using System.Text.Json;
using Firefighter.Cli.Rendering;
using Firefighter.Evidence;
using Firefighter.Reports;
using Firefighter.Sources.Traces;
using Firefighter.Traces;

namespace Firefighter.Cli.Commands;

/// <summary><c>ff traces analyze FILE... [--onset T] [--json]</c>: service graph, abnormal operations, error origins, critical-path hot spots and culprit ranking.</summary>
public sealed class TracesCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliContext context)
    {
        var files = new Argument<string[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "Jaeger JSON or OTLP/JSON trace files (.gz allowed)" };
        var onset = TimeOptions.Time("--onset", "When the incident began; detected from the traces when omitted");
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

    private static int Run(CliContext context, string[] files, DateTimeOffset? onset, bool json, bool noColor)
    {
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
        var report = TraceReport.From(TraceAnalysis.Run(spans, onset), spans.Count, warnings);
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(report, CommandJsonContext.Default.TraceReport));
        }
        else
        {
            TraceText.Write(context.Console(noColor), report);
        }
        return report.HasProblems ? ExitCodes.Problems : ExitCodes.Ok;
    }
}
