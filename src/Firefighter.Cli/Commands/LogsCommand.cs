using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Firefighter.Cli.Rendering;
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
        var split = TimeOptions.Time("--split", "Onset time: records before are the baseline");
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

    /// <summary>The files that are text; a binary file is a warning and is skipped, and with none left there is nothing to mine (null).</summary>
    private static string[]? TextFiles(CliContext context, string[] files)
    {
        var text = new List<string>();
        foreach (var f in files)
        {
            if (LogFileRecords.IsBinary(f))
            {
                context.Error.WriteLine($"ff: warning: {f}: not read: binary file (contains NUL bytes); logs must be text (UTF-8)");
                continue;
            }
            text.Add(f);
        }
        if (text.Count == 0 && files.Length > 0)
        {
            context.Fail("no text log to read: every file given is binary");
            return null;
        }
        return [.. text];
    }

    private static int Patterns(CliContext context, string[] files, string? formatText, bool json, string? assignmentsPath, int top, string[] masks, string[] keep)
    {
        if (!TryFormat(context, formatText, out var format)) { return ExitCodes.Usage; }
        if (!TryOptions(context, masks, keep, out var options)) { return ExitCodes.Usage; }
        var progress = new ProgressReporter(context.Error, "records mined");
        var pipeline = new TemplateMiningPipeline(format, context.Time.GetUtcNow().Year, options: options) { Progress = progress.Report };
        if (TextFiles(context, files) is not { } text)
        {
            return ExitCodes.CannotRun;
        }
        foreach (var f in text)
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
        LogText.WritePatterns(context.Out, pipeline.RecordCount, state, top);
        return ExitCodes.Ok;
    }

    private sealed record DiffArgs(string[] Files, string[] Baseline, string[] Incident, DateTimeOffset? Split, string? Format, bool Json, int Top, string? State, string[] Masks, string[] Keep);

    private static int Diff(CliContext context, DiffArgs a)
    {
        var (files, baseline, incident, split, formatText, json, top) = (a.Files, a.Baseline, a.Incident, a.Split, a.Format, a.Json, a.Top);
        if (!TryFormat(context, formatText, out var format)) { return ExitCodes.Usage; }
        if (!TryOptions(context, a.Masks, a.Keep, out var options)) { return ExitCodes.Usage; }
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
            if (MinerState.LoadFile(a.State, out var error) is not { } saved)
            {
                context.Fail(error!);
                return ExitCodes.CannotRun;
            }
            diff.AddBaselineState(saved);
        }
        var progress = new ProgressReporter(context.Error, "records read");
        try
        {
            if (splitMode)
            {
                Array.ForEach(files, f => LogFileRecords.FeedSplit(diff, f, split!.Value, format, year, progress.Tick));
            }
            else
            {
                Array.ForEach(baseline, f => LogFileRecords.Feed(diff, f, incident: false, format, year, progress.Tick));
                Array.ForEach(incident, f => LogFileRecords.Feed(diff, f, incident: true, format, year, progress.Tick));
            }
        }
        catch (LogFileException e)
        {
            context.Fail(e.Message);
            return ExitCodes.CannotRun;
        }
        var report = diff.Compare(top);
        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(report, LogsJsonContext.Readable.LogDiffReport));
        }
        else
        {
            LogText.WriteDiff(context.Out, report);
        }
        return report.Changes.Count > 0 ? ExitCodes.Problems : ExitCodes.Ok;
    }
}
