using System.Globalization;
using Firefighter.Evidence;
using Firefighter.Correlation;
using Firefighter.Hypotheses;

namespace Firefighter.Reports.Rendering;

/// <summary>What every renderer derives the same way from a report: the lead hypothesis, the duration, the timeline with the onset, lessons and the checklist.</summary>
/// <remarks>Keeps Markdown, HTML and terminal output saying the same thing.</remarks>
public sealed class ReportView
{
    /// <summary>The standard pre-resolution checklist, used when the report carries none.</summary>
    public static IReadOnlyList<string> StandardChecklist { get; } =
    [
        "Root cause is identified with evidence",
        "Service is fully restored and stable",
        "No data loss or corruption occurred",
        "Monitoring will catch recurrence",
        "Runbook updated with learnings",
        "Stakeholders informed with clear summary",
        "Postmortem scheduled within 48 hours",
    ];

    /// <summary>Builds the view of a report.</summary>
    public ReportView(InvestigationReport report)
    {
        Report = report;
        Ranked = [.. report.Hypotheses.OrderBy(h => h.Rank <= 0 ? int.MaxValue : h.Rank)];
        Lead = Ranked.FirstOrDefault(h => h.Supported) ?? (Ranked.Count > 0 ? Ranked[0] : null);
        Others = [.. Ranked.Where(h => !ReferenceEquals(h, Lead))];
        Timeline = BuildTimeline(report);
        Checklist = report.Checklist.Count > 0 ? report.Checklist : [.. StandardChecklist.Select(t => new ChecklistItem(t, false, null))];
    }

    /// <summary>The report.</summary>
    public InvestigationReport Report { get; }

    /// <summary>True when the report says nothing is wrong.</summary>
    public bool IsHealthy => string.Equals(Report.Status, "healthy", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when nothing wrong was found but too little evidence could be read to call it healthy.</summary>
    public bool IsInsufficient => string.Equals(Report.Status, ReportBuilder.InsufficientEvidence, StringComparison.OrdinalIgnoreCase);

    /// <summary>Hypotheses by rank.</summary>
    public IReadOnlyList<Hypothesis> Ranked { get; }

    /// <summary>The top supported hypothesis, else the top-ranked one, else null.</summary>
    public Hypothesis? Lead { get; }

    /// <summary>True when <see cref="Lead"/> is supported by the evidence (a root cause is claimed).</summary>
    public bool Established => Lead is { Supported: true } && !IsHealthy;

    /// <summary>The root-cause line of a healthy report.</summary>
    public const string HealthyRootCause = "None claimed: the evidence shows no problem (see what was checked below)";

    /// <summary>The impact line when no impact metric was found.</summary>
    public const string ImpactNotMeasured = "Not measured: no impact metric in the evidence (collect request and error rates for the affected service)";

    /// <summary>How the lead hypothesis is introduced: as support for an established cause, or as the best guess.</summary>
    public string LeadLabel => Established ? "Supporting" : "Leading hypothesis, not established:";

    /// <summary>What the mitigation section says when it has no step.</summary>
    public string NoMitigation => IsHealthy ? "None needed: no problem found."
        : IsInsufficient ? "None: too little evidence could be read to derive one." : "No mitigation is derived from the evidence.";

    /// <summary>What the fix section says when it has no direction.</summary>
    public string NoFix => IsHealthy ? "None needed." : "No fix direction is derived from the evidence.";

    /// <summary>Every hypothesis but the lead, by rank.</summary>
    public IReadOnlyList<Hypothesis> Others { get; }

    /// <summary>The timeline, ascending, with an onset row added from <see cref="InvestigationReport.Onset"/> when the report's timeline has none.</summary>
    public IReadOnlyList<TimelineEntry> Timeline { get; }

    /// <summary>The checklist, or the standard one unticked when the report has none.</summary>
    public IReadOnlyList<ChecklistItem> Checklist { get; }

    /// <summary>Timeline entries drawn as change markers on charts (kinds <c>change</c> and <c>deploy</c>).</summary>
    public IEnumerable<TimelineEntry> ChangeMarkers =>
        Timeline.Where(t => t.Kind.Equals("change", StringComparison.OrdinalIgnoreCase) || t.Kind.Equals("deploy", StringComparison.OrdinalIgnoreCase));

    /// <summary>Minutes from onset to end (or to the as-of time while ongoing), null when unknown.</summary>
    public int? DurationMinutes
    {
        get
        {
            if (Report.Onset is not { } onset)
            {
                return null;
            }
            var end = Report.End ?? Report.AsOf;
            return end >= onset ? (int)Math.Floor((end - onset).TotalMinutes) : null;
        }
    }

    /// <summary>The duration line: <c>start UTC - end UTC (n minutes)</c> or <c>start UTC - ongoing (n minutes as of ...)</c>.</summary>
    public string DurationText()
    {
        if (Report.Onset is not { } onset)
        {
            return IsHealthy ? "None: no onset in the evidence" : "Not established: the evidence shows no onset";
        }
        var minutes = DurationMinutes;
        if (Report.End is { } end)
        {
            return $"{Time(onset)} UTC - {Time(end)} UTC ({Minutes(minutes)})";
        }
        return minutes is null
            ? $"{Time(onset)} UTC - ongoing"
            : $"{Time(onset)} UTC - ongoing ({Minutes(minutes)} as of {Time(Report.AsOf)} UTC)";
    }

    /// <summary>Lessons the evidence shows: time to detect, a change before onset, time to recover.</summary>
    public IReadOnlyList<(string Text, IReadOnlyList<EvidenceRef> Refs)> Lessons()
    {
        var lessons = new List<(string, IReadOnlyList<EvidenceRef>)>();
        if (Report.Onset is not { } onset)
        {
            return lessons;
        }
        // Only a change the established cause itself cites: a deploy of some other service that happened to come first is no lesson.
        var causeRefs = Established ? Lead!.Evidence.Where(c => c.Finding.StartsWith("change.", StringComparison.Ordinal)).SelectMany(c => c.Refs).ToHashSet() : [];
        var change = Timeline.LastOrDefault(t => t.Time <= onset && ChangeMarkers.Contains(t) && t.Refs.Any(causeRefs.Contains));
        if (change is not null)
        {
            lessons.Add(($"What went wrong: a change preceded the onset by {Minutes((int)(onset - change.Time).TotalMinutes)} ({change.Text}).", change.Refs));
        }
        var alert = Timeline.FirstOrDefault(t => t.Kind.Equals("alert", StringComparison.OrdinalIgnoreCase) && t.Time >= onset);
        if (alert is not null)
        {
            lessons.Add(($"Detection: the first alert fired {Minutes((int)(alert.Time - onset).TotalMinutes)} after the onset ({alert.Text}).", alert.Refs));
        }
        else if (!IsHealthy)
        {
            lessons.Add(("Detection: no alert firing after the onset appears in the evidence.", []));
        }
        var recovery = Timeline.FirstOrDefault(t => t.Kind.Equals("recovery", StringComparison.OrdinalIgnoreCase) && t.Time >= onset);
        if (recovery is not null)
        {
            lessons.Add(($"Recovery: service recovered {Minutes((int)(recovery.Time - onset).TotalMinutes)} after the onset ({recovery.Text}).", recovery.Refs));
        }
        var backtested = Lead?.Alerts.FirstOrDefault(a => a.Backtest is not null);
        if (backtested is not null)
        {
            lessons.Add(($"Where we can improve: alert {backtested.Name} {backtested.Backtest}.", []));
        }
        return lessons;
    }

    /// <summary>What is not known and what to collect (from the report's unknowns and the top three hypotheses), without repeats.</summary>
    public IReadOnlyList<string> WhatIsUnknown()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var u in Report.Unknowns)
        {
            if (seen.Add(u))
            {
                lines.Add("Unknown: " + u);
            }
        }
        foreach (var h in Ranked.Take(3))
        {
            foreach (var c in h.Collect)
            {
                if (seen.Add(c))
                {
                    lines.Add($"Collect (to confirm or rule out #{h.Rank} {h.Title}): {c}");
                }
            }
        }
        return lines;
    }

    /// <summary>The coverage in one line: each source with what it gave (<c>logs 8 files, metrics 6 files, traces none</c>) and the skipped count.</summary>
    public string CoverageSummary()
    {
        var sources = Report.Coverage.Sources;
        if (sources.Count == 0)
        {
            return "not recorded";
        }
        var parts = sources.Where(s => s.Source != "other" || s.FilesRead > 0 || s.Skipped.Count > 0)
            .Select(s => s.FilesRead == 0 ? $"{s.Source} none" : $"{s.Source} {Count(s.FilesRead, "file")}");
        var skipped = sources.Sum(s => s.Skipped.Count);
        var dropped = sources.Sum(s => s.RecordsDropped);
        var losses = new List<string>();
        if (skipped > 0)
        {
            losses.Add($"{Count(skipped, "file")} skipped");
        }
        if (dropped > 0)
        {
            losses.Add($"{Count(dropped, "record")} dropped");
        }
        return string.Join(", ", parts) + (losses.Count > 0 ? "; " + string.Join(", ", losses) : "");
    }

    /// <summary>What one source gave, in words: <c>8 files read, 1234 records, 3 dropped, 1 skipped</c>, or <c>nothing read</c>.</summary>
    public static string CoverageLine(SourceCoverage s)
    {
        var parts = new List<string>();
        parts.Add(s.FilesRead == 0 ? "nothing read" : $"{Count(s.FilesRead, "file")} read, {Count(s.Records, "record")}");
        if (s.RecordsDropped > 0)
        {
            parts.Add($"{s.RecordsDropped} dropped");
        }
        if (s.Skipped.Count > 0)
        {
            parts.Add($"{s.Skipped.Count} skipped");
        }
        return string.Join(", ", parts);
    }

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n.ToString(CultureInfo.InvariantCulture)} {what}s";

    /// <summary>Where a hypothesis stands, in words: supported, explained by another one of this report (by rank), a victim of a service it calls, or not supported.</summary>
    public string Standing(Hypothesis h) =>
        h.Supported ? "supported"
        : ExplainedBy(h) is { } cause ? $"explained by #{cause.Rank} ({cause.Title})"
        : IsVictim(h) ? "not supported: a service it calls explains it"
        : "not supported";

    /// <summary>A short note for a hypothesis table when another cause explains this one (<c>explained by #1</c>, <c>a callee explains it</c>), else null.</summary>
    public string? ExplainedNote(Hypothesis h) =>
        h.Supported ? null : ExplainedBy(h) is { } cause ? $"explained by #{cause.Rank}" : IsVictim(h) ? "a callee explains it" : null;

    private Hypothesis? ExplainedBy(Hypothesis h) =>
        h.ExplainedBy is { } by ? Ranked.FirstOrDefault(o => o.Signature == by.Signature && o.Entity == by.Entity) : null;

    private static bool IsVictim(Hypothesis h) => h.Against.Any(c => c.Finding == CorrelationFindingKinds.FusionVictim);

    /// <summary>A time as <c>yyyy-MM-dd HH:mm:ss</c> in UTC.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A 0..1 confidence as a whole percentage.</summary>
    public static string Percent(double value) =>
        double.IsFinite(value) ? (Math.Clamp(value, 0, 1) * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "?";

    /// <summary>Text on one line: newlines and tabs become spaces, other control characters are dropped.</summary>
    public static string OneLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var chars = new char[text.Length];
        var n = 0;
        var lastSpace = false;
        foreach (var c in text)
        {
            if (c is '\n' or '\r' or '\t')
            {
                if (!lastSpace)
                {
                    chars[n++] = ' ';
                }
                lastSpace = true;
                continue;
            }
            if (char.IsControl(c))
            {
                continue;
            }
            chars[n++] = c;
            lastSpace = c == ' ';
        }
        return new string(chars, 0, n).Trim();
    }

    private static string Minutes(int? minutes) => minutes == 1 ? "1 minute" : $"{minutes ?? 0} minutes";

    private static List<TimelineEntry> BuildTimeline(InvestigationReport report)
    {
        var rows = report.Timeline.ToList();
        if (report.Onset is { } onset && !rows.Any(r => r.Kind.Equals("onset", StringComparison.OrdinalIgnoreCase)))
        {
            var why = report.OnsetEvidence;
            rows.Add(new TimelineEntry(onset, "onset", why is null ? "Onset" : "Onset: " + why.Text, why?.Refs ?? []));
        }
        // Stable sort: same-time rows keep the engine's order.
        return [.. rows.OrderBy(r => r.Time)];
    }
}
