using System.CommandLine;
using System.Text.Json;
using Firefighter.Cli.Rendering;
using Firefighter.Evidence;
using Firefighter.Reports;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Prometheus;

namespace Firefighter.Cli.Commands;

/// <summary><c>ff metrics detect</c> (streaming anomaly scores per row) and <c>ff metrics screen</c> (rank series by change at the onset).</summary>
public sealed class MetricsCommand : ICliCommand
{
    /// <summary>Range fetched from Prometheus when <c>--since</c> is not given.</summary>
    public static readonly TimeSpan DefaultRange = TimeSpan.FromHours(1);

    /// <inheritdoc/>
    public Command Build(CliContext context)
    {
        var cmd = new Command("metrics", "Metric anomaly detection and screening");
        cmd.Subcommands.Add(BuildDetect(context));
        cmd.Subcommands.Add(BuildScreen(context));
        return cmd;
    }

    private static Command BuildDetect(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "Metric files: CSV (timestamp,value or timestamp,series,value), exposition scrapes, Prometheus API JSON" };
        var json = Cli.JsonOption();
        var scores = new Option<string?>("--scores") { Description = "Write timestamp,value,anomaly_score per row to this CSV" };
        var cmd = new Command("detect", "Score every row with the streaming (causal) anomaly detector") { files, json, scores };
        cmd.SetAction(parse => Detect(context, parse.GetValue(files)!, parse.GetValue(json), parse.GetValue(scores)));
        return cmd;
    }

    private static Command BuildScreen(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.ZeroOrMore, Description = "Metric files (when not using --prometheus)" };
        var prom = new Option<string?>("--prometheus") { Description = "Prometheus (or Thanos/Mimir/VictoriaMetrics) base URL" };
        var queries = new Option<string[]>("--query") { Description = "PromQL to screen (repeatable)" };
        var onset = TimeOptions.Time("--onset", "Onset time; found automatically when omitted");
        var since = TimeOptions.Duration("--since", "Range to fetch from Prometheus, back from now; default 1h");
        var json = Cli.JsonOption();
        var cmd = new Command("screen", "Rank series by how much they changed at the onset (median/IQR baseline), grouped by entity") { files, prom, queries, onset, since, json };
        cmd.SetAction((parse, ct) => Screen(context, parse.GetValue(files) ?? [], parse.GetValue(prom), parse.GetValue(queries) ?? [], parse.GetValue(onset), parse.GetValue(since), parse.GetValue(json), ct));
        return cmd;
    }

    private static int Detect(CliContext context, string[] files, bool json, string? scoresPath)
    {
        if (Load(context, files) is not { } series)
        {
            return ExitCodes.CannotRun;
        }
        var report = MetricDetectReport.From(series);
        if (scoresPath is not null)
        {
            try
            {
                File.WriteAllText(scoresPath, MetricText.ScoresCsv(report));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                context.Fail($"cannot write {scoresPath}: {e.Message}");
                return ExitCodes.CannotRun;
            }
        }
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(report, CommandJsonContext.Default.MetricDetectReport));
        }
        else
        {
            MetricText.WriteDetect(context.Out, report);
        }
        return report.HasAnomalies ? ExitCodes.Problems : ExitCodes.Ok;
    }

    private static async Task<int> Screen(CliContext context, string[] files, string? prometheus, string[] queries, DateTimeOffset? onset, TimeSpan? since, bool json, CancellationToken ct)
    {
        List<MetricSeries> series;
        List<QueryPushdown> pushdowns = [];
        if (prometheus is not null)
        {
            if (queries.Length == 0)
            {
                context.Fail("--prometheus needs at least one --query");
                return ExitCodes.Usage;
            }
            if (!Uri.TryCreate(prometheus, UriKind.Absolute, out var url))
            {
                context.Fail($"--prometheus: not a URL: {prometheus}");
                return ExitCodes.Usage;
            }
            using var client = new PrometheusClient(url, time: context.Time);
            try
            {
                (series, pushdowns) = await ScreenQueries.FetchAsync(client, queries, context.Time.GetUtcNow(), since ?? DefaultRange, ct);
            }
            catch (PrometheusException e)
            {
                context.Fail(e.Message);
                return ExitCodes.CannotRun;
            }
        }
        else if (files.Length == 0)
        {
            context.Fail("give FILE... or --prometheus URL --query Q");
            return ExitCodes.Usage;
        }
        else if (Load(context, files) is { } loaded)
        {
            series = loaded;
        }
        else
        {
            return ExitCodes.CannotRun;
        }
        var report = MetricScreenReport.From(series, onset, pushdowns);
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(report, CommandJsonContext.Default.MetricScreenReport));
        }
        else
        {
            MetricText.WriteScreen(context.Out, report);
        }
        return report.HasProblems ? ExitCodes.Problems : ExitCodes.Ok;
    }

    /// <summary>Reads the files through the bundle's metrics/ readers (CSV, exposition scrapes <c>.prom</c>/<c>.om</c>, Prometheus API JSON)
    /// in one pass, so scrapes of one target merge; warnings go to stderr as <c>file:line: message</c>. Null (after saying why) when nothing could be read.</summary>
    private static List<MetricSeries>? Load(CliContext context, string[] files)
    {
        var read = MetricFiles.Read(files, context.Time);
        if (read.Evidence is not { } evidence)
        {
            context.Fail(read.Error ?? "could not read the metric files");
            return null;
        }
        foreach (var w in evidence.Warnings)
        {
            context.Error.WriteLine($"ff: {w}");
        }
        if (evidence.Metrics.Count == 0)
        {
            context.Fail($"no metric series could be read from {string.Join(", ", files)} (see the warnings above)");
            return null;
        }
        return [.. evidence.Metrics];
    }
}
