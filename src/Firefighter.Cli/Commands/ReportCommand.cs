using System.CommandLine;
using Firefighter.Reports;
using Firefighter.Reports.Rendering;

namespace Firefighter.Cli.Commands;

/// <summary><c>ff report render</c>: re-renders a saved report.json as Markdown, HTML or JSON.</summary>
public sealed class ReportCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliContext context)
    {
        var from = new Argument<string>("report") { Description = "A report.json written by ff investigate --json or --out" };
        var format = new Option<string>("--format", "-f") { Description = "md, html or json", DefaultValueFactory = _ => "md" };
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of stdout" };
        var render = new Command("render", "Render a saved report.json as Markdown, HTML or JSON");
        render.Arguments.Add(from);
        render.Options.Add(format);
        render.Options.Add(output);
        render.SetAction(parse => Render(context, parse.GetValue(from)!, parse.GetValue(format)!, parse.GetValue(output)));
        var command = new Command("report", "Work with incident reports");
        command.Subcommands.Add(render);
        return command;
    }

    private static int Render(CliContext context, string path, string format, string? output)
    {
        if (ReportRenderers.BuiltIn.Find(format) is not { } renderer)
        {
            context.Fail($"--format: unknown format '{format}' (known: {string.Join(", ", ReportRenderers.BuiltIn.Formats)})");
            return ExitCodes.Usage;
        }
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Fail($"{path}: {e.Message}");
            return ExitCodes.CannotRun;
        }
        if (!ReportJson.TryDeserialize(json, out var report, out var error) || report is null)
        {
            context.Fail($"{path}: not a Firefighter report: {error}");
            return ExitCodes.CannotRun;
        }
        try
        {
            using var writer = output is null ? null : new StreamWriter(output);
            renderer.Render(report, writer ?? context.Out);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Fail($"{output}: {e.Message}");
            return ExitCodes.CannotRun;
        }
        return ExitCodes.Ok;
    }
}
