using System.Globalization;
using Firefighter.Prevention.Backtests;
using Firefighter.Prevention.Rules;
using Spectre.Console;

namespace Firefighter.Cli.Rendering;

/// <summary>The human view of a <see cref="BacktestReport"/>: the window, a table of rules and verdicts, then one verdict line per rule.</summary>
public static class BacktestText
{
    /// <summary>Writes the table to <paramref name="console"/> and the verdict lines, unwrapped, to <paramref name="lines"/>.</summary>
    public static void Write(IAnsiConsole console, TextWriter lines, BacktestReport result)
    {
        console.WriteLine($"Window {result.Start.UtcDateTime:yyyy-MM-dd HH:mm} – {result.End.UtcDateTime:HH:mm} UTC every {PromDuration.Format(result.Step)}"
            + (result.Onset is { } o ? $"; onset {o.UtcDateTime:HH:mm}" : "") + (result.FirstPage is { } p ? $"; first page {p.UtcDateTime:HH:mm}" : ""));
        var table = new Table().AddColumns("Rule", "First firing (UTC)", "vs onset", "vs page", "Baseline noise", "Verdict");
        // The same alert name in two groups (one per workload) must stay two distinguishable rows.
        var repeated = result.Rules.GroupBy(r => r.Alert, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        string Name(RuleBacktest r) => repeated.Contains(r.Alert) ? $"{r.Group}/{r.Alert}" : r.Alert;
        foreach (var r in result.Rules)
        {
            table.AddRow(
                Markup.Escape(Name(r)),
                r.FirstFiring is { } f ? f.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) : "-",
                Minutes(r.MinutesBeforeOnset),
                Minutes(r.MinutesBeforePage),
                r.BaselineFirings.ToString(CultureInfo.InvariantCulture),
                r.Error is not null ? "[red]error[/]" : r.Caught ? "[green]would have caught it[/]" : r.Fired ? "[yellow]late or noisy[/]" : "[grey]silent[/]");
        }
        console.Write(table);
        // Verdict lines go out unwrapped: they are meant to be pasted into the postmortem.
        foreach (var r in result.Rules)
        {
            lines.WriteLine($"{Name(r)}: {r.Summary}");
        }
        if (result.PromtoolTestFile is { } t)
        {
            lines.WriteLine($"Proof: {t} (promtool test rules {Path.GetFileName(t)})");
        }
    }

    private static string Minutes(double? m) => m is { } v ? (v >= 0 ? $"{v:0} min before" : $"{-v:0} min after") : "-";
}
