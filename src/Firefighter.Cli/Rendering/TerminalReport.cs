using System.Globalization;
using Firefighter.Evidence;
using Firefighter.Reports;
using Spectre.Console;
using Firefighter.Reports.Rendering;

namespace Firefighter.Cli.Rendering;

/// <summary>The compact terminal summary of an investigation: status line, top hypotheses, key evidence, commands to run now, counts.</summary>
/// <remarks>All report text is markup-escaped; colours appear only when the console supports them (see <see cref="CliContext.Console"/>).</remarks>
public static class TerminalReport
{
    private const int BarWidth = 10;

    /// <summary>Writes the summary to the console.</summary>
    public static void Write(IAnsiConsole console, InvestigationReport report)
    {
        var view = new ReportView(report);
        StatusLine(console, view);
        console.WriteLine();
        if (view.IsInsufficient)
        {
            console.MarkupLine($"[bold yellow]Cannot tell[/]: {Esc(report.Coverage.Missing)}.");
            console.WriteLine();
            Coverage(console, report);
            foreach (var u in view.WhatIsUnknown().Take(5))
            {
                console.MarkupLine("  - " + Esc(u));
            }
            console.WriteLine();
            Counts(console, report);
            return;
        }
        if (view.IsHealthy)
        {
            console.MarkupLine("No root cause claimed: the evidence shows no problem.");
            console.MarkupLine($"Checked: {Esc(report.Analyzers.Count == 0 ? "no analyzers recorded" : string.Join(", ", report.Analyzers))}; " +
                $"{report.Inventory.Count} files, {report.Inventory.Sum(f => f.Items)} evidence items.");
            console.WriteLine();
            Coverage(console, report);
            Counts(console, report);
            return;
        }
        if (view.Ranked.Count > 0)
        {
            Hypotheses(console, view);
            console.WriteLine();
        }
        RootCause(console, view);
        KeyEvidence(console, view);
        RunNow(console, view);
        Coverage(console, report);
        Counts(console, report);
    }

    private static void Coverage(IAnsiConsole console, InvestigationReport report)
    {
        var sources = report.Coverage.Sources;
        if (sources.Count == 0)
        {
            return;
        }
        console.MarkupLine("[bold]Coverage[/]");
        var width = sources.Max(s => s.Source.Length);
        foreach (var s in sources)
        {
            var style = s.Skipped.Count > 0 || s.RecordsDropped > 0 ? "yellow" : s.FilesRead == 0 ? "grey" : "default";
            console.MarkupLine($"  {Esc(s.Source)}{new string(' ', width - s.Source.Length)}  [{style}]{Esc(ReportView.CoverageLine(s))}[/]");
            foreach (var k in s.Skipped.Take(3))
            {
                console.MarkupLine($"  {new string(' ', width)}  [grey]- {Esc(k.Path)}: {Esc(k.Reason)}[/]");
            }
            if (s.Skipped.Count > 3)
            {
                console.MarkupLine($"  {new string(' ', width)}  [grey]- +{s.Skipped.Count - 3} more (report's Evidence coverage)[/]");
            }
        }
        console.WriteLine();
    }

    private static void StatusLine(IAnsiConsole console, ReportView view)
    {
        var r = view.Report;
        var sevStyle = r.Severity.Level.ToUpperInvariant() switch
        {
            "P0" or "P1" => "bold white on red",
            "P2" => "bold black on yellow",
            _ => "bold white on blue",
        };
        if (view.IsHealthy)
        {
            sevStyle = "bold white on green";
        }
        if (view.IsInsufficient)
        {
            sevStyle = "bold black on yellow";
        }
        var label = view.IsHealthy ? "OK" : view.IsInsufficient ? "NO VERDICT" : r.Severity.Level;
        console.MarkupLine($"[{sevStyle}] {Esc(label)} [/] [bold]{Esc(r.Title)}[/]");
        var parts = new List<string> { Esc(r.Status) };
        if (r.Onset is { } onset)
        {
            parts.Add("onset " + Esc(ReportView.Time(onset)) + " UTC");
            var minutes = view.DurationMinutes;
            parts.Add(r.End is null
                ? minutes is null ? "ongoing" : $"ongoing {minutes} min"
                : $"lasted {minutes} min");
        }
        else if (!view.IsHealthy)
        {
            parts.Add("onset not established");
        }
        console.MarkupLine("[grey]" + string.Join(" · ", parts) + "[/]");
    }

    private static void Hypotheses(IAnsiConsole console, ReportView view)
    {
        var table = new Table().Border(TableBorder.Minimal);
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn("confidence");
        table.AddColumn("hypothesis");
        table.AddColumn("entity");
        foreach (var h in view.Ranked.Take(3))
        {
            var style = h.Supported ? "green" : "yellow";
            table.AddRow(
                new Markup(h.Rank.ToString(CultureInfo.InvariantCulture)),
                new Markup($"[{style}]{Bar(h.Confidence)}[/] {ReportView.Percent(h.Confidence)}"),
                new Markup((h.Supported ? "[bold]" : "") + Esc(h.Title) + (h.Supported ? "[/]" : "")
                    + (view.ExplainedNote(h) is { } note ? $" [grey]({Esc(note)})[/]" : "")),
                new Markup("[grey]" + Esc(h.Entity.ToString()) + "[/]"));
        }
        console.Write(table);
    }

    private static void RootCause(IAnsiConsole console, ReportView view)
    {
        if (view.Established)
        {
            var lead = view.Lead!;
            console.MarkupLine($"[bold]Root cause[/] ({ReportView.Percent(lead.Confidence)}): {Esc(lead.Cause)}");
        }
        else
        {
            console.MarkupLine("[bold yellow]Root cause not established[/]: no hypothesis is supported by the evidence.");
            foreach (var u in view.WhatIsUnknown().Take(5))
            {
                console.MarkupLine("  - " + Esc(u));
            }
        }
        console.WriteLine();
    }

    private static void KeyEvidence(IAnsiConsole console, ReportView view)
    {
        var lead = view.Lead;
        if (lead is null || lead.Evidence.Count == 0)
        {
            return;
        }
        console.MarkupLine($"[bold]Key evidence[/] (#{lead.Rank})");
        // A grid keeps wrapped citations indented under their bullet.
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadLeft(2).PadRight(1)).AddColumn();
        foreach (var c in lead.Evidence.Take(5))
        {
            var refs = Refs(c.Refs);
            grid.AddRow(new Markup("•"), new Markup(Esc(ReportView.OneLine(c.Text)) + (refs.Length == 0 ? "" : $" [grey]{Esc(refs)}[/]")));
        }
        console.Write(grid);
        console.WriteLine();
    }

    private static void RunNow(IAnsiConsole console, ReportView view)
    {
        var lead = view.Lead;
        if (lead is null || lead.Mitigation.Count == 0)
        {
            return;
        }
        console.MarkupLine(view.Established ? "[bold]Run now[/]" : "[bold]Run now[/] [yellow](leading hypothesis, not established: verify first)[/]");
        foreach (var step in lead.Mitigation)
        {
            console.MarkupLine($"  [cyan]$ {Esc(ReportView.OneLine(step.Command))}[/]");
            console.MarkupLine($"    [grey]# {Esc(ReportView.OneLine(step.Why))}[/]");
            if (!string.IsNullOrWhiteSpace(step.Verify))
            {
                console.MarkupLine($"    [grey]# verify: {Esc(ReportView.OneLine(step.Verify))}[/]");
            }
        }
        console.WriteLine();
    }

    private static void Counts(IAnsiConsole console, InvestigationReport report)
    {
        var warnings = report.Warnings.Count == 0 ? "0 warnings" : $"[yellow]{Plural(report.Warnings.Count, "warning")}[/]";
        console.MarkupLine($"{Plural(report.Findings.Count, "finding")} · {Plural(report.Hypotheses.Count, "hypothesis", "hypotheses")} · {warnings}");
    }

    private static string Refs(IReadOnlyList<EvidenceRef> refs)
    {
        if (refs.Count == 0)
        {
            return "";
        }
        var first = refs[0].ToString();
        return refs.Count == 1 ? $"({first})" : $"({first} +{refs.Count - 1})";
    }

    private static string Bar(double confidence)
    {
        var filled = double.IsFinite(confidence) ? (int)Math.Round(Math.Clamp(confidence, 0, 1) * BarWidth) : 0;
        return new string('█', filled) + new string('░', BarWidth - filled);
    }

    private static string Plural(int n, string one, string? many = null) => n == 1 ? $"1 {one}" : $"{n} {many ?? one + "s"}";

    private static string Esc(string? text) => Markup.Escape(ReportView.OneLine(text));
}
