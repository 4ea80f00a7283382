using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Firefighter.Evidence;
using Firefighter.Metrics;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Prometheus;
using Firefighter.Metrics.Analyzers;

namespace Firefighter.Cli.Commands;

/// <summary><c>ff metrics detect</c> (streaming anomaly scores per row) and <c>ff metrics screen</c> (rank series by change at the onset).</summary>
public sealed class MetricsCommand : ICliCommand
{
    /// <summary>Score at which a row is reported as anomalous (the NAB-optimised standard threshold, rounded).</summary>
    public const double ReportThreshold = 0.81;

    /// <summary>Score at or above which a flatline report is listed (flatlines are scored lower than novelties).</summary>
    public const double FlatlineThreshold = 0.5;

    /// <summary>Smallest step of a screening range query against Prometheus.</summary>
    public static readonly TimeSpan ScreenMinStep = TimeSpan.FromSeconds(15);

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

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
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.OneOrMore, Description = "CSV files: timestamp,value (or timestamp,series,value)" };
        var json = Cli.JsonOption();
        var scores = new Option<string?>("--scores") { Description = "Write timestamp,value,anomaly_score per row to this CSV" };
        var cmd = new Command("detect", "Score every row with the streaming (causal) anomaly detector") { files, json, scores };
        cmd.SetAction(parse => Detect(context, parse.GetValue(files)!, parse.GetValue(json), parse.GetValue(scores)));
        return cmd;
    }

    private static Command BuildScreen(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Arity = ArgumentArity.ZeroOrMore, Description = "CSV files (when not using --prometheus)" };
        var prom = new Option<string?>("--prometheus") { Description = "Prometheus (or Thanos/Mimir/VictoriaMetrics) base URL" };
        var queries = new Option<string[]>("--query") { Description = "PromQL to screen (repeatable)" };
        var onset = new Option<string?>("--onset") { Description = "Onset time (ISO 8601 or Unix seconds); found automatically when omitted" };
        var since = new Option<string?>("--since") { Description = "Range to fetch from Prometheus, back from now (e.g. 1h, 6h, 2d); default 1h" };
        var json = Cli.JsonOption();
        var cmd = new Command("screen", "Rank series by how much they changed at the onset (median/IQR baseline), grouped by entity") { files, prom, queries, onset, since, json };
        cmd.SetAction((parse, ct) => Screen(context, parse.GetValue(files) ?? [], parse.GetValue(prom), parse.GetValue(queries) ?? [], parse.GetValue(onset), parse.GetValue(since), parse.GetValue(json), ct));
        return cmd;
    }

    private static int Detect(CliContext context, string[] files, bool json, string? scoresPath)
    {
        var reports = new List<object>();
        var anyAnomaly = false;
        var csv = scoresPath is null ? null : new StringBuilder(files.Length > 1 ? "file,timestamp,value,anomaly_score\n" : "timestamp,value,anomaly_score\n");
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                context.Fail($"{file}: no such file");
                return ExitCodes.CannotRun;
            }
        }
        if (LoadFiles(files, context) is not { } loaded)
        {
            return ExitCodes.CannotRun;
        }
        if (loaded.Count == 0)
        {
            context.Fail($"no metric series could be read from {string.Join(", ", files)} (see the warnings above)");
            return ExitCodes.CannotRun;
        }
        foreach (var (file, s) in loaded)
        {
            var sc = new double[s.Values.Length];
            var explained = new List<AnomalyReport>();
            AnomalyDetector.ScoreAll(s.Timestamps, s.Values, sc, explained);
            var anomalies = new List<(double T, double V, double S)>();
            var why = new Dictionary<double, AnomalyReport>();
            foreach (var r in explained)
            {
                why[r.Timestamp] = r;
            }
            for (var i = 0; i < sc.Length; i++)
            {
                csv?.Append(files.Length > 1 ? Csv(s.Id) + "," : "").Append(Time(s.Timestamps[i])).Append(',')
                    .Append(s.Values[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                    .Append(sc[i].ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
                // Flatlines carry a lower confidence than novelties (they are less often incidents) but are still worth listing.
                if (sc[i] >= ReportThreshold || (sc[i] >= FlatlineThreshold && why.TryGetValue(s.Timestamps[i], out var w) && w.Kind == AnomalyKinds.Flatline))
                {
                    anomalies.Add((s.Timestamps[i], s.Values[i], sc[i]));
                }
            }
            anyAnomaly |= anomalies.Count > 0;
            var cp = ChangePointFinder.Find(s.Timestamps, s.Values);
            var shift = cp is not null && cp.RobustZ >= ShiftsAnalyzer.MinShiftZ ? cp : null;
            if (json)
            {
                reports.Add(new
                {
                    file,
                    series = s.Id,
                    rows = s.Count,
                    anomalies = anomalies.Select(a => new
                    {
                        timestamp = Time(a.T),
                        value = a.V,
                        score = Math.Round(a.S, 4),
                        kind = why.TryGetValue(a.T, out var r) ? r.Kind : null,
                        normalLow = r?.NormalLow,
                        normalHigh = r?.NormalHigh,
                    }),
                    levelShift = shift is null ? null : new { changeAt = Time(shift.Time), before = shift.Before, after = shift.After, direction = shift.Direction, robustZ = Math.Round(shift.RobustZ, 2) },
                });
            }
            else
            {
                context.Out.WriteLine($"{file} ({s.Id}): {s.Count} rows, {anomalies.Count} anomal{(anomalies.Count == 1 ? "y" : "ies")}");
                foreach (var a in anomalies.OrderByDescending(a => a.S).Take(10).OrderBy(a => a.T))
                {
                    var because = why.TryGetValue(a.T, out var r) ? $"  {r.Kind}: normal {MetricEntities.Format(r.NormalLow)}..{MetricEntities.Format(r.NormalHigh)}" : "";
                    context.Out.WriteLine($"  {Time(a.T)}  value {MetricEntities.Format(a.V)}  score {a.S:0.00}{because}");
                }
                if (shift is not null)
                {
                    context.Out.WriteLine($"  level shift {shift.Direction} at {Time(shift.Time)}: {MetricEntities.Format(shift.Before)} -> {MetricEntities.Format(shift.After)} (robust z {shift.RobustZ:0.0})");
                }
            }
        }
        if (csv is not null)
        {
            File.WriteAllText(scoresPath!, csv.ToString());
        }
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new { threshold = ReportThreshold, files = reports }, JsonOptions));
        }
        return anyAnomaly ? ExitCodes.Problems : ExitCodes.Ok;
    }

    private static async Task<int> Screen(CliContext context, string[] files, string? prometheus, string[] queries, string? onsetText, string? since, bool json, CancellationToken ct)
    {
        double? onset = null;
        if (onsetText is not null)
        {
            if (ParseTime(onsetText) is not { } o)
            {
                context.Fail($"--onset: cannot read time '{onsetText}' (ISO 8601 or Unix seconds)");
                return ExitCodes.Usage;
            }
            onset = o;
        }
        var series = new List<MetricSeries>();
        var pushdowns = new List<object>();
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
            if (ParseDuration(since ?? "1h") is not { } range)
            {
                context.Fail($"--since: cannot read duration '{since}' (e.g. 30m, 6h, 2d)");
                return ExitCodes.Usage;
            }
            var end = context.Time.GetUtcNow();
            using var client = new PrometheusClient(url, time: context.Time);
            try
            {
                // Finer than a typical scrape interval adds points, not information: the step is at least 15 s.
                var step = TimeSpan.FromTicks(Math.Max(PrometheusClient.ChooseStep(end - range, end, new PrometheusClientOptions().MaxPoints).Ticks, ScreenMinStep.Ticks));
                foreach (var q in queries)
                {
                    // Counters are pushed down as rate() so the server sends rates, not raw counters the screener would difference itself.
                    var (sent, reason) = await CounterPushdown.RewriteAsync(client, q, step, ct);
                    if (reason is not null)
                    {
                        pushdowns.Add(new { query = q, sent, reason });
                        if (!json)
                        {
                            context.Out.WriteLine(reason);
                        }
                    }
                    series.AddRange(await client.QueryRangeAsync(sent, end - range, end, step, ct));
                }
            }
            catch (PrometheusException e)
            {
                context.Fail(e.Message);
                return ExitCodes.CannotRun;
            }
        }
        else
        {
            if (files.Length == 0)
            {
                context.Fail("give FILE... or --prometheus URL --query Q");
                return ExitCodes.Usage;
            }
            foreach (var f in files)
            {
                if (!File.Exists(f))
                {
                    context.Fail($"{f}: no such file");
                    return ExitCodes.CannotRun;
                }
            }
            if (LoadFiles(files, context) is not { } loaded)
            {
                return ExitCodes.CannotRun;
            }
            if (loaded.Count == 0)
            {
                context.Fail($"no metric series could be read from {string.Join(", ", files)} (see the warnings above)");
                return ExitCodes.CannotRun;
            }
            series.AddRange(loaded.Select(l => l.Series));
        }
        var result = SeriesScreener.Screen(series, onset);
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new
            {
                onset = double.IsNaN(result.Onset) ? null : Time(result.Onset),
                firstMover = result.FirstMover?.Series.Id,
                pushdowns,
                series = result.Series.Take(50).Select(r => new { series = r.Series.Id, entity = MetricEntities.For(r.Series).ToString(), score = Math.Round(r.Score, 3), baseline = r.Baseline, after = r.After, direction = r.Direction, firstMove = double.IsNaN(r.FirstMove) ? null : Time(r.FirstMove) }),
                entities = result.Entities.Take(20).Select(e => new { entity = e.Entity.ToString(), score = Math.Round(e.Score, 3), firstMove = double.IsNaN(e.FirstMove) ? null : Time(e.FirstMove), series = e.Series.Count }),
            }, JsonOptions));
        }
        else if (double.IsNaN(result.Onset))
        {
            context.Out.WriteLine($"No significant change found in {series.Count} series.");
        }
        else
        {
            context.Out.WriteLine($"Onset {Time(result.Onset)}; {series.Count} series screened.");
            if (result.FirstMover is { } fm)
            {
                context.Out.WriteLine($"Moved first: {fm.Series.Id} at {Time(fm.FirstMove)}");
            }
            context.Out.WriteLine("Top series (score = max |x - median| / IQR after onset):");
            foreach (var r in result.Series.Take(10))
            {
                context.Out.WriteLine($"  {r.Score,8:0.0}  {r.Direction,-4} {MetricEntities.Format(r.Baseline)} -> {MetricEntities.Format(r.After)}  {r.Series.Id}");
            }
            context.Out.WriteLine("Entities:");
            foreach (var e in result.Entities.Take(10))
            {
                context.Out.WriteLine($"  {e.Score,8:0.0}  {e.Entity}{(double.IsNaN(e.FirstMove) ? "" : "  first move " + Time(e.FirstMove))}");
            }
        }
        return result.Series.Any(r => r.Score > SeriesScreener.Significant) ? ExitCodes.Problems : ExitCodes.Ok;
    }

    /// <summary>Reads CSV files with the command's own reader and every other file (exposition scrapes <c>.prom</c>/<c>.om</c>, Prometheus API JSON)
    /// through the bundle's metrics/ readers, in one pass so scrapes of one target merge; warnings go to stderr as <c>file:line: message</c>.</summary>
    private static List<(string File, MetricSeries Series)>? LoadFiles(string[] files, CliContext context)
    {
        var result = new List<(string, MetricSeries)>();
        var others = new List<string>();
        foreach (var f in files)
        {
            if (Path.GetExtension(f).Equals(".csv", StringComparison.OrdinalIgnoreCase))
            {
                result.AddRange(ReadCsv(f, context.Error).Select(s => (f, s)));
            }
            else
            {
                others.Add(f);
            }
        }
        if (others.Count == 0)
        {
            return result;
        }
        var read = MetricFiles.Read(others, context.Time);
        if (read.Evidence is not { } evidence)
        {
            context.Fail(read.Error ?? "could not read the metric files");
            return null;
        }
        foreach (var w in evidence.Warnings)
        {
            context.Error.WriteLine($"ff: {w}");
        }
        result.AddRange(evidence.Metrics.Select(s => (s.Ref.Source, s)));
        return result;
    }

    /// <summary>Minimal CSV reader (<c>timestamp,value</c> or long <c>timestamp,series,value</c>) until the bundle readers land; bad rows are reported and skipped, duplicates keep the last value.</summary>
    private static List<MetricSeries> ReadCsv(string path, TextWriter warnings)
    {
        var bySeries = new Dictionary<string, SortedDictionary<double, double>>(StringComparer.Ordinal);
        var lineNo = 0;
        var bad = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (line.Length == 0 || (lineNo == 1 && !char.IsDigit(line[0])))
            {
                continue;
            }
            var c = line.Split(',');
            var name = c.Length >= 3 ? c[1].Trim('"') : Path.GetFileNameWithoutExtension(path);
            var valueText = c.Length >= 3 ? c[2] : c.Length == 2 ? c[1] : null;
            if (valueText is null || ParseTime(c[0]) is not { } t)
            {
                if (bad++ < 3)
                {
                    warnings.WriteLine($"ff: {path}:{lineNo}: cannot read row, skipped");
                }
                continue;
            }
            var v = PrometheusClient.ParseValue(valueText.Trim());
            if (!bySeries.TryGetValue(name, out var points))
            {
                bySeries[name] = points = [];
            }
            points[t] = v;
        }
        return [.. bySeries.Select(kv => new MetricSeries(kv.Key, new Dictionary<string, string>(), [.. kv.Value.Keys], [.. kv.Value.Values], new EvidenceRef(path)))];
    }

    private static double? ParseTime(string text)
    {
        text = text.Trim().Trim('"');
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var unix))
        {
            return unix > 1e11 ? unix / 1000 : unix;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto) ? dto.ToUnixTimeMilliseconds() / 1000.0 : null;
    }

    private static TimeSpan? ParseDuration(string text)
    {
        if (text.Length < 2 || !double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }
        return text[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => null,
        };
    }

    private static string Time(double unix) => MetricEntities.ToTime(unix).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Csv(string s) => s.Contains(',', StringComparison.Ordinal) || s.Contains('"', StringComparison.Ordinal) ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
