using System.CommandLine;
using System.Globalization;
using Firefighter.Cli.Rendering;
using Firefighter.Investigation;
using Firefighter.Reports;
using Firefighter.Sources.Promtool;
using Firefighter.Reports.Rendering;
using Firefighter.Prevention.Runbooks;

namespace Firefighter.Cli.Commands;

/// <summary><c>ff investigate BUNDLE</c>: the main job — evidence in, ranked root cause and incident report out.</summary>
public sealed class InvestigateCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliContext context)
    {
        var bundle = new Argument<string?>("bundle") { Description = "Evidence bundle: a directory or a .tar.gz of one (none with --live)", Arity = ArgumentArity.ZeroOrOne };
        var options = new InvestigateOptions();
        var live = new Option<bool>("--live") { Description = "Collect the evidence from live sources first (ff collect's options), then investigate it" };
        var bundleOut = new Option<string?>("--bundle-out") { Description = "With --live: keep the collected bundle in this directory (default: a temporary one, removed after)" };
        var sources = new CollectOptionsCli();
        var command = new Command("investigate", "Investigate an evidence bundle: what broke, since when, why, and what to run");
        command.Arguments.Add(bundle);
        options.AddTo(command);
        command.Options.Add(live);
        command.Options.Add(bundleOut);
        sources.AddTo(command);
        command.SetAction((parse, ct) => parse.GetValue(live)
            ? Live(context, parse.GetValue(bundle), sources, parse, parse.GetValue(bundleOut), options.Read(parse), ct)
            : parse.GetValue(bundle) is { } path ? Execute(context, path, options.Read(parse), ct) : Usage(context));
        return command;
    }

    private static Task<int> Usage(CliContext context)
    {
        context.Fail("give a bundle (directory or .tar.gz), or --live with the sources to collect from (see ff collect --help)");
        return Task.FromResult(ExitCodes.Usage);
    }

    /// <summary><c>--live</c>: collect (as <c>ff collect</c>) into a bundle, then investigate that bundle.</summary>
    private static async Task<int> Live(CliContext context, string? bundle, CollectOptionsCli sources, ParseResult parse, string? keep, InvestigateOptions.Values values, CancellationToken ct)
    {
        if (bundle is not null)
        {
            context.Fail("--live collects its own bundle: give either a bundle or --live, not both");
            return ExitCodes.Usage;
        }
        var (collect, error) = sources.Read(context, parse);
        if (collect is null)
        {
            context.Fail(error!);
            return ExitCodes.Usage;
        }
        var dir = keep ?? Directory.CreateTempSubdirectory("ff-live-").FullName;
        try
        {
            var (manifest, code) = await CollectCommand.Run(context, collect, dir, tar: false, ct);
            if (manifest is null || code == ExitCodes.CannotRun)
            {
                return code;
            }
            return await Execute(context, dir, values, ct);
        }
        finally
        {
            if (keep is null)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>Runs an investigation and writes its outputs; shared with <c>ff demo</c>.</summary>
    public static async Task<int> Execute(CliContext context, string bundle, InvestigateOptions.Values values, CancellationToken cancellationToken = default)
    {
        var options = new InvestigationOptions
        {
            Analyzers = values.Analyzers,
            Now = values.Now,
        };
        var outcome = InvestigationRunner.Run(context, bundle, values.Signatures, options, values.ReadOptions, values.Verbose);
        if (outcome.Report is not { } report)
        {
            context.Fail(outcome.Error!);
            return outcome.ExitCode;
        }
        if (values.Backtest)
        {
            // Opt-in: starting Prometheus costs seconds, and an investigation must stay fast by default.
            var (backtested, result) = await SuggestionBacktester.FillAsync(report, outcome.Evidence!, cancellationToken: cancellationToken);
            foreach (var w in result.Warnings)
            {
                context.Error.WriteLine("ff: backtest: " + w);
            }
            report = backtested;
        }

        if (values.Out is { } outDir)
        {
            var error = WriteReports(report, outDir);
            if (error is not null)
            {
                context.Fail(error);
                return ExitCodes.CannotRun;
            }
            context.Error.WriteLine($"ff: wrote {Path.Combine(outDir, "report.md")}, report.json, report.html and the runbooks it links (runbooks/)");
        }

        if (values.Json)
        {
            ReportJson.Write(report, context.Out);
            context.Out.WriteLine();
        }
        else
        {
            TerminalReport.Write(context.Console(values.NoColor), report);
        }
        return outcome.ExitCode;
    }

    private static string? WriteReports(InvestigationReport report, string outDir)
    {
        try
        {
            Directory.CreateDirectory(outDir);
            foreach (var format in new[] { "md", "json", "html" })
            {
                var renderer = ReportRenderers.BuiltIn.Find(format)!;
                using var writer = new StreamWriter(Path.Combine(outDir, "report." + renderer.Extension));
                renderer.Render(report, writer);
            }
            // The report links each rule's runbook (runbooks/<signature>.md): write them beside it so no link is broken.
            var lead = new ReportView(report).Lead;
            if (lead is not null)
            {
                Directory.CreateDirectory(Path.Combine(outDir, "runbooks"));
                foreach (var h in report.Hypotheses.Where(h => h.Alerts.Count > 0 || ReferenceEquals(h, lead)).DistinctBy(h => h.Signature))
                {
                    File.WriteAllText(Path.Combine(outDir, MonitoringView.RunbookPath(h)), RunbookWriter.ForIncident(h, report));
                }
            }
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{outDir}: cannot write the report: {e.Message}";
        }
    }
}
