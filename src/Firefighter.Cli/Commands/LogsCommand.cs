using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Firefighter.Logs;

namespace Firefighter.Cli.Commands;

/// <summary><c>ff logs patterns</c> (template mining) and <c>ff logs diff</c> (new, spiking, vanished templates).</summary>
public sealed class LogsCommand : ICliCommand
{
    /// <inheritdoc/>
    public Command Build(CliContext context)
    {
        var logs = new Command("logs", "Log templates: mine patterns, compare a baseline with an incident window");
        logs.Subcommands.Add(BuildPatterns(context));
        logs.Subcommands.Add(BuildDiff(context));
        return logs;
    }

    private static Option<string?> FormatOption() => new("--log-format") { Description = "Header in Loghub notation, e.g. '<Date> <Time> <Level> <Component>: <Content>' (default: auto-detect)" };

    private static Command BuildPatterns(CliContext context)
    {
        var files = new Argument<string[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "Log files (plain or .gz)" };
        var format = FormatOption();
        var json = Cli.JsonOption();
        var assignments = new Option<string?>("--assignments") { Description = "Write LineId,EventId,EventTemplate per record to this CSV" };
        var top = new Option<int>("--top") { Description = "Templates to show (human output)", DefaultValueFactory = _ => 30 };
        var cmd = new Command("patterns", "Mine message templates with counts, level, first/last seen and a sample; --json writes the reusable miner state")
        {
            files, format, json, assignments, top,
        };
        cmd.SetAction(pr => Patterns(context, pr.GetValue(files)!, pr.GetValue(format), pr.GetValue(json), pr.GetValue(assignments), pr.GetValue(top)));
        return cmd;
    }

    private static Command BuildDiff(CliContext context)
    {
        var files = new Argument<string[]>("files") { Arity = ArgumentArity.ZeroOrMore, Description = "Log files to split at --split" };
        var baseline = new Option<string[]>("--baseline") { Description = "Baseline log files", AllowMultipleArgumentsPerToken = true };
        var incident = new Option<string[]>("--incident") { Description = "Incident log files", AllowMultipleArgumentsPerToken = true };
        var split = new Option<string?>("--split") { Description = "Onset time (ISO-8601): records before are the baseline" };
        var format = FormatOption();
        var json = Cli.JsonOption();
        var top = new Option<int>("--top") { Description = "Changes to show", DefaultValueFactory = _ => 30 };
        var cmd = new Command("diff", "Templates that are new, spiking (binomial test on rates) or vanished in the incident window, ranked with errors weighted")
        {
            files, baseline, incident, split, format, json, top,
        };
        cmd.SetAction(pr => Diff(context, pr.GetValue(files) ?? [], pr.GetValue(baseline) ?? [], pr.GetValue(incident) ?? [], pr.GetValue(split), pr.GetValue(format), pr.GetValue(json), pr.GetValue(top)));
        return cmd;
    }

    private static bool TryFormat(CliContext context, string? text, out LoghubFormat? format)
    {
        format = null;
        if (string.IsNullOrEmpty(text)) { return true; }
        format = LoghubFormat.TryParse(text, out var error);
        if (format is null)
        {
            context.Fail(error ?? "invalid --log-format");
            return false;
        }
        return true;
    }

    private static int Patterns(CliContext context, string[] files, string? formatText, bool json, string? assignmentsPath, int top)
    {
        if (!TryFormat(context, formatText, out var format)) { return ExitCodes.Usage; }
        var year = context.Time.GetUtcNow().Year;
        var sw = Stopwatch.StartNew();
        var lastReport = 0.0;
        var pipeline = new TemplateMiningPipeline(format, year)
        {
            Progress = n =>
            {
                if (sw.Elapsed.TotalSeconds - lastReport >= 2)
                {
                    lastReport = sw.Elapsed.TotalSeconds;
                    context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ff: {n:N0} records mined ({sw.Elapsed.TotalSeconds:F0} s)"));
                }
            },
        };
        foreach (var f in files)
        {
            try
            {
                pipeline.AddFile(f);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                context.Fail($"cannot read {f}: {e.Message}");
                return ExitCodes.CannotRun;
            }
        }
        var result = pipeline.Finish();
        if (assignmentsPath is not null)
        {
            try
            {
                using var w = new StreamWriter(assignmentsPath, false, new UTF8Encoding(false), 1 << 16);
                pipeline.WriteAssignments(result, w);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                context.Fail($"cannot write {assignmentsPath}: {e.Message}");
                return ExitCodes.CannotRun;
            }
        }
        var state = MinerState.From(result);
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(state, LogsJsonContext.Readable.MinerState));
            return ExitCodes.Ok;
        }
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pipeline.RecordCount:N0} records, {result.Templates.Count:N0} templates"));
        context.Out.WriteLine("   COUNT  LEVEL    FIRST SEEN            LAST SEEN             TEMPLATE");
        foreach (var t in state.Templates.Take(top))
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{t.Count,8}  {t.Level,-7}  {Time(t.FirstSeen),-20}  {Time(t.LastSeen),-20}  {t.Template}"));
        }
        if (state.Templates.Count > top)
        {
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"... {state.Templates.Count - top} more (--top N, or --json for all)"));
        }
        return ExitCodes.Ok;
    }

    private static string Time(DateTimeOffset? t) => t?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";

    private static int Diff(CliContext context, string[] files, string[] baseline, string[] incident, string? splitText, string? formatText, bool json, int top)
    {
        if (!TryFormat(context, formatText, out var format)) { return ExitCodes.Usage; }
        DateTimeOffset? split = null;
        if (splitText is not null)
        {
            if (!DateTimeOffset.TryParse(splitText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s))
            {
                context.Fail($"--split: not a time: {splitText}");
                return ExitCodes.Usage;
            }
            split = s;
        }
        var splitMode = split is not null && files.Length > 0 && baseline.Length == 0 && incident.Length == 0;
        var sidesMode = split is null && files.Length == 0 && baseline.Length > 0 && incident.Length > 0;
        if (!splitMode && !sidesMode)
        {
            context.Fail("use either --baseline FILE... --incident FILE..., or FILE... --split TIME");
            return ExitCodes.Usage;
        }
        var parser = new LogLineParser(format, context.Time.GetUtcNow().Year);
        var diff = new LogDiff();
        try
        {
            if (splitMode)
            {
                foreach (var f in files)
                {
                    var incidentSide = false;
                    foreach (var line in ReadLines(f))
                    {
                        var (content, level, time) = parser.Parse(line);
                        if (time is { } t) { incidentSide = t >= split; }
                        if (incidentSide) { diff.AddIncident(content.Span, level, time); } else { diff.AddBaseline(content.Span, level, time); }
                    }
                }
            }
            else
            {
                foreach (var f in baseline)
                {
                    foreach (var line in ReadLines(f)) { var (c, l, t) = parser.Parse(line); diff.AddBaseline(c.Span, l, t); }
                }
                foreach (var f in incident)
                {
                    foreach (var line in ReadLines(f)) { var (c, l, t) = parser.Parse(line); diff.AddIncident(c.Span, l, t); }
                }
            }
        }
        catch (ReadException e)
        {
            context.Fail(e.Message);
            return ExitCodes.CannotRun;
        }
        var report = diff.Compare(top);
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(report, LogsJsonContext.Readable.LogDiffReport));
            return ExitCodes.Ok;
        }
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"baseline {report.BaselineRecords:N0} records, incident {report.IncidentRecords:N0} records, rates normalised by {report.Normalisation}"));
        if (report.Changes.Count == 0)
        {
            context.Out.WriteLine("no significant template changes");
            return ExitCodes.Ok;
        }
        context.Out.WriteLine("CHANGE    BASE  INCIDENT   RATIO   P-VALUE  LEVEL    TEMPLATE");
        foreach (var c in report.Changes)
        {
            var ratio = double.IsInfinity(c.Ratio) ? "new" : c.Ratio.ToString("F1", CultureInfo.InvariantCulture);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Change,-8} {c.BaselineCount,5} {c.IncidentCount,9} {ratio,7} {c.PValue,9:0.0e0}  {c.Level,-7}  {c.Template}"));
        }
        return ExitCodes.Ok;
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        StreamReader reader;
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            Stream s = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
            reader = new StreamReader(s, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ReadException($"cannot read {path}: {e.Message}");
        }
        using (reader)
        {
            while (true)
            {
                string? line;
                try
                {
                    line = reader.ReadLine();
                }
                catch (Exception e) when (e is IOException or InvalidDataException)
                {
                    throw new ReadException($"cannot read {path}: {e.Message}");
                }
                if (line is null) { yield break; }
                yield return line;
            }
        }
    }

    private sealed class ReadException(string message) : Exception(message);
}
