using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Firefighter.Logs;
using Firefighter.Parsing;

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

    private static Option<string[]> MaskOption() => new("--mask") { Description = "Extra variable pattern NAME=REGEX (repeatable); each match becomes <*>" };

    private static Option<string[]> KeepOption() => new("--keep") { Description = "Token kept as a constant word even if it has digits (repeatable), e.g. --keep ssh2" };

    private static bool TryOptions(CliContext context, string[] masks, string[] keep, out MinerOptions? options)
    {
        options = null;
        if (masks.Length == 0 && keep.Length == 0) { return true; }
        var list = new List<(string, System.Text.RegularExpressions.Regex)>();
        foreach (var m in masks)
        {
            var parsed = MinerOptions.ParseMask(m, out var error);
            if (parsed is null)
            {
                context.Fail(error ?? "invalid --mask");
                return false;
            }
            list.Add(parsed.Value);
        }
        options = new MinerOptions { Masks = list, Keep = new HashSet<string>(keep, StringComparer.Ordinal) };
        return true;
    }

    private static Option<string?> FormatOption() => new("--log-format") { Description = "Header in Loghub notation, e.g. '<Date> <Time> <Level> <Component>: <Content>' (default: auto-detect)" };

    private static Command BuildPatterns(CliContext context)
    {
        var files = new Argument<string[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "Log files (plain or .gz)" };
        var format = FormatOption();
        var json = Cli.JsonOption();
        var assignments = new Option<string?>("--assignments") { Description = "Write LineId,EventId,EventTemplate per record to this CSV" };
        var top = new Option<int>("--top") { Description = "Templates to show (human output)", DefaultValueFactory = _ => 30 };
        var mask = MaskOption();
        var keep = KeepOption();
        var cmd = new Command("patterns", "Mine message templates with counts, level, first/last seen and a sample; --json writes the reusable miner state")
        {
            files, format, json, assignments, top, mask, keep,
        };
        cmd.SetAction(pr => Patterns(context, pr.GetValue(files)!, pr.GetValue(format), pr.GetValue(json), pr.GetValue(assignments), pr.GetValue(top), pr.GetValue(mask) ?? [], pr.GetValue(keep) ?? []));
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
        var state = new Option<string?>("--baseline-state") { Description = "Saved baseline (ff logs patterns --json > state.json) instead of --baseline files" };
        var mask = MaskOption();
        var keep = KeepOption();
        var cmd = new Command("diff", "Templates that are new, spiking (binomial test on rates) or vanished in the incident window, ranked with errors weighted")
        {
            files, baseline, incident, split, format, json, top, state, mask, keep,
        };
        cmd.SetAction(pr => Diff(context, new DiffArgs(pr.GetValue(files) ?? [], pr.GetValue(baseline) ?? [], pr.GetValue(incident) ?? [], pr.GetValue(split), pr.GetValue(format),
            pr.GetValue(json), pr.GetValue(top), pr.GetValue(state), pr.GetValue(mask) ?? [], pr.GetValue(keep) ?? [])));
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

    private static int Patterns(CliContext context, string[] files, string? formatText, bool json, string? assignmentsPath, int top, string[] masks, string[] keep)
    {
        if (!TryFormat(context, formatText, out var format)) { return ExitCodes.Usage; }
        if (!TryOptions(context, masks, keep, out var options)) { return ExitCodes.Usage; }
        var year = context.Time.GetUtcNow().Year;
        var sw = Stopwatch.StartNew();
        var lastReport = 0.0;
        var pipeline = new TemplateMiningPipeline(format, year, options: options)
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
        foreach (var w in result.Warnings) { context.Error.WriteLine("ff: warning: " + w); }
        if (assignmentsPath is not null)
        {
            try
            {
                using var w = new FileStream(assignmentsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
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

    private sealed record DiffArgs(string[] Files, string[] Baseline, string[] Incident, string? Split, string? Format, bool Json, int Top, string? State, string[] Masks, string[] Keep);

    private static int Diff(CliContext context, DiffArgs a)
    {
        var (files, baseline, incident, splitText, formatText, json, top) = (a.Files, a.Baseline, a.Incident, a.Split, a.Format, a.Json, a.Top);
        if (!TryFormat(context, formatText, out var format)) { return ExitCodes.Usage; }
        if (!TryOptions(context, a.Masks, a.Keep, out var options)) { return ExitCodes.Usage; }
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
        var hasBaseline = baseline.Length > 0 || a.State is not null;
        var splitMode = split is not null && files.Length > 0 && !hasBaseline && incident.Length == 0;
        var sidesMode = split is null && files.Length == 0 && hasBaseline && incident.Length > 0;
        if (!splitMode && !sidesMode)
        {
            context.Fail("use either --baseline FILE... (or --baseline-state FILE) --incident FILE..., or FILE... --split TIME");
            return ExitCodes.Usage;
        }
        var year = context.Time.GetUtcNow().Year;
        var diff = new LogDiff(options);
        if (a.State is not null)
        {
            MinerState? saved;
            string? error;
            try
            {
                using var stream = File.OpenRead(a.State);
                saved = MinerState.Load(stream, out error);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                context.Fail($"cannot read {a.State}: {e.Message}");
                return ExitCodes.CannotRun;
            }
            if (saved is null)
            {
                context.Fail($"{a.State}: {error}");
                return ExitCodes.CannotRun;
            }
            diff.AddBaselineState(saved);
        }
        var sw = Stopwatch.StartNew();
        var lastReport = 0.0;
        long records = 0;
        void Progress()
        {
            if (++records % 65536 == 0 && sw.Elapsed.TotalSeconds - lastReport >= 2)
            {
                lastReport = sw.Elapsed.TotalSeconds;
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ff: {records:N0} records read ({sw.Elapsed.TotalSeconds:F0} s)"));
            }
        }
        try
        {
            if (splitMode)
            {
                foreach (var f in files)
                {
                    var incidentSide = false;
                    foreach (var (content, level, time) in Records(f, format, year))
                    {
                        Progress();
                        if (time is { } t) { incidentSide = t >= split; }
                        if (incidentSide) { diff.AddIncident(content.Span, level, time); } else { diff.AddBaseline(content.Span, level, time); }
                    }
                }
            }
            else
            {
                foreach (var f in baseline)
                {
                    foreach (var (c, l, t) in Records(f, format, year)) { Progress(); diff.AddBaseline(c.Span, l, t); }
                }
                foreach (var f in incident)
                {
                    foreach (var (c, l, t) in Records(f, format, year)) { Progress(); diff.AddIncident(c.Span, l, t); }
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
            return report.Changes.Count > 0 ? ExitCodes.Problems : ExitCodes.Ok;
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
        return ExitCodes.Problems;
    }

    // Records of one file: the header shape is learned from its first lines, and stack-trace lines join the record above.
    private static IEnumerable<(ReadOnlyMemory<char> Content, Firefighter.Evidence.LogLevel Level, DateTimeOffset? Time)> Records(string path, LoghubFormat? format, int year)
    {
        using var lines = ReadLines(path).GetEnumerator();
        var head = new List<string>();
        while (head.Count < HeaderShape.SampleLines && lines.MoveNext()) { head.Add(lines.Current); }
        var parser = new LogLineParser(format, year, shape: format is null ? HeaderShape.Learn(head, year) : null);
        var first = true;
        foreach (var line in head.Concat(Rest(lines)))
        {
            var h = parser.Parse(line.AsSpan());
            if (!first && LogLineParser.IsContinuation(line, h)) { continue; }
            first = false;
            yield return (line.AsMemory(h.Content), h.Level, h.Time);
        }
    }

    private static IEnumerable<string> Rest(IEnumerator<string> lines)
    {
        while (lines.MoveNext()) { yield return lines.Current; }
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
