using System.CommandLine;
using System.Text.Json;
using Firefighter.Investigation;
using Firefighter.Sources.Promtool;
using Firefighter.Prevention.Rules;
using Firefighter.Prevention.Slo;
using Firefighter.Reports;
using Firefighter.Cli.Rendering;
using Firefighter.Prevention.Artifacts;

namespace Firefighter.Cli.Commands;

/// <summary><c>ff alerts generate|backtest|slo|runbooks</c>: alert rules for the causes found, proven on the incident's own data.</summary>
public sealed class AlertsCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliContext context)
    {
        var cmd = new Command("alerts", "Alert rules that would have caught the incident: generate, backtest on its data, SLO burn-rate rules");
        cmd.Subcommands.Add(Generate(context));
        cmd.Subcommands.Add(Backtest(context));
        cmd.Subcommands.Add(Slo(context));
        cmd.Subcommands.Add(Runbooks(context));
        return cmd;
    }

    private static Command Generate(CliContext context)
    {
        var input = new Argument<string>("input") { Description = "Evidence bundle (folder or .tar.gz) or a report.json from 'ff investigate --json'" };
        var outDir = new Option<string>("--out") { Description = "Output folder (alerts.yml is written there)", Required = true };
        var json = Cli.JsonOption();
        var cmd = new Command("generate", "Write Prometheus alerting rules (DIR/alerts.yml) for the causes an investigation found") { input, outDir, json };
        cmd.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(input)!;
            var dir = parse.GetValue(outDir)!;
            if (await InvestigationRunner.ReportFromAsync(context, path, ct) is not { } report)
            {
                return ExitCodes.CannotRun;
            }
            AlertsWritten written;
            try
            {
                written = await PreventionArtifacts.WriteAlertsAsync(report, dir, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                context.Fail($"{dir}: cannot write: {e.Message}");
                return ExitCodes.CannotRun;
            }
            if (parse.GetValue(json))
            {
                await context.Out.WriteLineAsync(JsonSerializer.Serialize(written, PreventionJsonContext.Default.AlertsWritten));
            }
            else
            {
                await context.Out.WriteLineAsync($"{written.Rules} alerting rule(s) in {written.Groups} group(s) -> {written.Files[0]}");
                foreach (var f in written.Files.Skip(1))
                {
                    await context.Out.WriteLineAsync("  " + f);
                }
            }
            return written.Rules > 0 ? ExitCodes.Ok : ExitCodes.Problems;
        });
        return cmd;
    }

    private static Command Backtest(CliContext context)
    {
        var rulesArg = new Argument<string>("rules") { Description = "Prometheus rule file (YAML)" };
        var bundle = new Option<string>("--bundle") { Description = "Evidence bundle whose metrics the rules run over", Required = true };
        var onsetOpt = TimeOptions.Time("--onset", "Incident onset; default: the investigation's onset");
        var testOut = new Option<string?>("--promtool-test") { Description = "Write a 'promtool test rules' file proving the verdicts" };
        var json = Cli.JsonOption();
        var noColor = Cli.NoColorOption();
        var cmd = new Command("backtest", "Evaluate alerting rules over the incident's metrics: when each would have fired, lead time, baseline noise")
        {
            rulesArg, bundle, onsetOpt, testOut, json, noColor,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var rulesPath = parse.GetValue(rulesArg)!;
            if (!File.Exists(rulesPath))
            {
                context.Fail($"{rulesPath}: no such file");
                return ExitCodes.CannotRun;
            }
            var rules = RuleFileYaml.Parse(await File.ReadAllTextAsync(rulesPath, ct), rulesPath);
            if (!rules.AlertRules.Any())
            {
                foreach (var e in rules.Errors)
                {
                    context.Fail(e);
                }
                context.Fail($"{rulesPath}: no alerting rules");
                return ExitCodes.CannotRun;
            }
            if (InvestigationRunner.Investigate(context, parse.GetValue(bundle)!) is not var (report, evidence))
            {
                return ExitCodes.CannotRun;
            }
            var result = await PrometheusBacktester.RunAsync(rules, evidence.Metrics, parse.GetValue(onsetOpt) ?? report.Onset, evidence.Alerts,
                new BacktestOptions { PromtoolTestPath = parse.GetValue(testOut), RulesPath = rulesPath }, ct);
            foreach (var w in result.Warnings)
            {
                context.Error.WriteLine("ff: warning: " + w);
            }
            if (result.Rules.Count == 0)
            {
                context.Fail("nothing evaluated: " + string.Join("; ", result.Warnings));
                return ExitCodes.CannotRun;
            }
            if (!parse.GetValue(json))
            {
                BacktestText.Write(context.Console(parse.GetValue(noColor)), context.Out, result);
                return result.Rules.Any(r => r.Caught) ? ExitCodes.Ok : ExitCodes.Problems;
            }
            await context.Out.WriteLineAsync(JsonSerializer.Serialize(result, PreventionJsonContext.Default.BacktestReport));
            return result.Rules.Any(r => r.Caught) ? ExitCodes.Ok : ExitCodes.Problems;
        });
        return cmd;
    }

    private static Command Slo(CliContext context)
    {
        var spec = new Argument<string>("spec") { Description = "SLO spec in Sloth's prometheus/v1 format" };
        var outDir = new Option<string>("--out") { Description = "Output folder (slo-rules.yml is written there)", Required = true };
        var json = Cli.JsonOption();
        var cmd = new Command("slo", "Recording rules and multi-window multi-burn-rate alerts from an SLO spec") { spec, outDir, json };
        cmd.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(spec)!;
            if (!File.Exists(path))
            {
                context.Fail($"{path}: no such file");
                return ExitCodes.CannotRun;
            }
            var result = SloRuleGenerator.Generate(await File.ReadAllTextAsync(path, ct), path);
            foreach (var e in result.Errors)
            {
                context.Fail(e);
            }
            if (result.Groups.Count == 0)
            {
                return ExitCodes.CannotRun;
            }
            var written = await PreventionArtifacts.WriteSloAsync(result, path, parse.GetValue(outDir)!, ct);
            await context.Out.WriteLineAsync(parse.GetValue(json)
                ? JsonSerializer.Serialize(written, PreventionJsonContext.Default.SloRulesWritten)
                : $"{written.RecordingRules} recording rule(s), {written.AlertingRules} alerting rule(s) -> {written.Files[0]}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Runbooks(CliContext context)
    {
        var outDir = new Option<string>("--out") { Description = "Output folder (one <signature>.md per signature)", Required = true };
        var sigDirs = new Option<string[]>("--signatures") { Description = "Extra signature directories (YAML)", AllowMultipleArgumentsPerToken = true };
        var check = new Option<bool>("--check") { Description = "Write nothing; exit 2 when a file in --out differs from what would be written (for CI)" };
        var cmd = new Command("runbooks", "Write the generic Markdown runbook of every signature (detect, confirm, mitigate, verify, escalate, prevent)") { outDir, sigDirs, check };
        cmd.SetAction(async (parse, ct) =>
        {
            var loaded = KnowledgeBase.Load(InvestigationRunner.SignatureDirectories(context, parse.GetValue(sigDirs) ?? []));
            foreach (var w in loaded.Warnings)
            {
                context.Error.WriteLine("ff: warning: " + w);
            }
            if (loaded.Signatures.Count == 0)
            {
                context.Fail("no signatures found");
                return ExitCodes.CannotRun;
            }
            var dir = parse.GetValue(outDir)!;
            RunbooksWritten written;
            try
            {
                written = await PreventionArtifacts.WriteRunbooksAsync(loaded.Signatures, dir, parse.GetValue(check), ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                context.Fail($"{dir}: cannot write: {e.Message}");
                return ExitCodes.CannotRun;
            }
            foreach (var p in written.Stale)
            {
                await context.Out.WriteLineAsync($"{p}: out of date (run ff alerts runbooks --out {dir})");
            }
            if (!parse.GetValue(check))
            {
                await context.Out.WriteLineAsync($"{written.Runbooks} runbook(s) -> {dir}");
            }
            return written.Stale.Count > 0 ? ExitCodes.Problems : ExitCodes.Ok;
        });
        return cmd;
    }
}
