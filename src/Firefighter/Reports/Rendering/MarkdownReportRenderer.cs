using System.Text;
using Firefighter.Evidence;
using Firefighter.Analysis;

namespace Firefighter.Reports.Rendering;

/// <summary>Renders the incident report in the team's Markdown structure (shared/formats/incident-report.md), every claim citing its evidence.</summary>
/// <remarks>Evidence text is flattened to one line and escaped (<c>&lt;</c>, backticks, pipes, brackets, a leading <c>&gt;</c>), references and excerpts go in code spans, so hostile log lines cannot inject HTML or break tables.</remarks>
public sealed class MarkdownReportRenderer : IReportRenderer
{
    private const int MaxRefsPerClaim = 3;

    /// <inheritdoc />
    public string Format => "md";

    /// <inheritdoc />
    public string Extension => "md";

    /// <inheritdoc />
    public void Render(InvestigationReport report, TextWriter writer)
    {
        var view = new ReportView(report);
        var w = new Writer(writer);
        w.Line($"# Incident Report: {Text(report.Title)}");
        w.Line();
        Summary(view, w);
        Timeline(view, w);
        RootCauseAnalysis(view, w);
        Resolution(view, w);
        Monitoring(view, w);
        ActionItems(view, w);
        Lessons(view, w);
        Checklist(view, w);
        Coverage(view, w);
        Inventory(view, w);
        Warnings(view, w);
        EvidenceAppendix(w);
    }

    private static void EvidenceAppendix(Writer w)
    {
        if (w.Appendix.Count == 0)
        {
            return;
        }
        w.Line();
        w.Line("## Evidence appendix");
        w.Line();
        w.Line("Every reference of the claims above that cite more than three (the JSON report keeps them all).");
        w.Line();
        var i = 1;
        foreach (var (about, refs) in w.Appendix)
        {
            w.Line($"- **E{i++}**{(about.Length > 0 ? " " + Text(about) : "")}: {string.Join(", ", refs.Select(r => Code(r)))}");
        }
    }

    private static void Coverage(ReportView view, Writer w)
    {
        var c = view.Report.Coverage;
        w.Line("## Evidence coverage");
        w.Line();
        if (c.Missing is { } missing)
        {
            w.Line($"**Not enough to judge**: {Text(missing)}.");
            w.Line();
        }
        if (c.Sources.Count == 0)
        {
            w.Line("Not recorded.");
            w.Line();
            return;
        }
        w.Line("| source | files read | records | dropped | skipped (why) |");
        w.Line("|---|---|---|---|---|");
        foreach (var s in c.Sources)
        {
            var skipped = s.Skipped.Count == 0 ? "-" : string.Join("; ", s.Skipped.Select(k => $"{Code(k.Path, true)}: {Text(k.Reason)}"));
            w.Line($"| {s.Source} | {s.FilesRead} | {s.Records} | {s.RecordsDropped} | {skipped} |");
        }
        w.Line();
    }

    private static void Summary(ReportView view, Writer w)
    {
        var r = view.Report;
        w.Line("## Summary");
        w.Line();
        var reasons = r.Severity.Reasons.Count > 0 ? " (" + string.Join("; ", r.Severity.Reasons.Select(Text)) + ")" : "";
        w.Line($"- **Severity**: {Text(r.Severity.Level)}{reasons}");
        w.Line($"- **Duration**: {view.DurationText()}{(r.OnsetEvidence is { } oe ? $"; onset from {w.Claim(oe)}" : "")}");
        if (r.Impact.Count == 0)
        {
            w.Line("- **Impact**: " + ReportView.ImpactNotMeasured);
        }
        else if (r.Impact.Count == 1)
        {
            w.Line($"- **Impact**: {w.Claim(r.Impact[0])}");
        }
        else
        {
            w.Line("- **Impact**:");
            foreach (var c in r.Impact)
            {
                w.Line($"  - {w.Claim(c)}");
            }
        }
        if (view.IsHealthy)
        {
            w.Line("- **Root Cause**: " + ReportView.HealthyRootCause);
        }
        else if (view.IsInsufficient)
        {
            w.Line($"- **Root Cause**: Cannot tell: {Text(r.Coverage.Missing)}");
        }
        else if (view.Established)
        {
            var lead = view.Lead!;
            w.Line($"- **Root Cause**: {Text(lead.Cause)} (confidence {ReportView.Percent(lead.Confidence)}, hypothesis #{lead.Rank} {Code(lead.Signature)}){w.CitesOf(lead.Evidence, "Root cause")}");
        }
        else
        {
            w.Line("- **Root Cause**: Not established: no hypothesis is supported by the evidence");
            foreach (var u in view.WhatIsUnknown())
            {
                w.Line($"  - {Text(u)}");
            }
        }
        w.Line($"- **Status**: {Code(r.Status)}");
        if (r.Coverage.Sources.Count > 0)
        {
            w.Line($"- **Coverage**: {Text(view.CoverageSummary())} (see [Evidence coverage](#evidence-coverage))");
        }
        w.Line();
    }

    private static void Timeline(ReportView view, Writer w)
    {
        w.Line("## Timeline");
        w.Line();
        if (view.Timeline.Count == 0)
        {
            w.Line("No timestamped events in the evidence.");
            w.Line();
            return;
        }
        w.Line("| time (UTC) | event | evidence |");
        w.Line("|---|---|---|");
        foreach (var t in view.Timeline)
        {
            w.Line($"| {ReportView.Time(t.Time)} | **{Text(t.Kind)}**: {Text(t.Text)} | {w.Refs(t.Refs, "-", inTable: true, about: t.Text)} |");
        }
        w.Line();
    }

    private static void RootCauseAnalysis(ReportView view, Writer w)
    {
        w.Line("## Root Cause Analysis");
        w.Line();
        if (view.IsHealthy)
        {
            w.Line("No root cause is claimed: the status is `healthy` and no analyzer found a problem.");
            w.Line();
            WhatWasChecked(view, w);
            return;
        }
        var lead = view.Lead;
        w.Line("### Five whys");
        w.Line();
        if (lead is null || !view.Established)
        {
            w.Line("Not established: no hypothesis is supported, so no chain of causes is claimed.");
        }
        else if (lead.Whys.Count == 0)
        {
            w.Line("The evidence does not support a chain of causes beyond the root cause above.");
        }
        else
        {
            var i = 1;
            foreach (var why in lead.Whys)
            {
                w.Line($"{i++}. {Text(why.Question)} -> {Text(why.Answer)} {w.Refs(why.Refs, "(no evidence cited)", about: why.Question)}");
            }
        }
        w.Line();
        w.Line("### Evidence");
        w.Line();
        if (lead is null)
        {
            w.Line("No hypothesis was formed from the evidence.");
        }
        else
        {
            var label = view.LeadLabel;
            w.Line($"{label} #{lead.Rank} **{Text(lead.Title)}** on {Code(lead.Entity.ToString())}, confidence {ReportView.Percent(lead.Confidence)}.");
            w.Line();
            CitationList(lead.Evidence, w, withExcerpts: true);
            if (lead.Against.Count > 0)
            {
                w.Line();
                w.Line("Against or missing:");
                w.Line();
                CitationList(lead.Against, w, withExcerpts: false);
            }
        }
        w.Line();
        w.Line("### Other hypotheses considered");
        w.Line();
        if (view.Others.Count == 0)
        {
            w.Line("None.");
        }
        foreach (var h in view.Others)
        {
            w.Line($"{h.Rank}. **{Text(h.Title)}** on {Code(h.Entity.ToString())}: confidence {ReportView.Percent(h.Confidence)}, {Text(view.Standing(h))}");
            w.Line($"   - Cause: {Text(h.Cause)}");
            // A ranked-out hypothesis shows its three strongest readings; the JSON report keeps the rest.
            foreach (var c in h.Evidence.Take(3))
            {
                w.Line($"   - For: {w.Claim(c)}");
            }
            if (h.Evidence.Count > 3)
            {
                w.Line($"   - For: +{h.Evidence.Count - 3} more findings (report.json)");
            }
            if (h.Evidence.Count == 0)
            {
                w.Line("   - For: nothing in the evidence");
            }
            foreach (var c in h.Against)
            {
                w.Line($"   - Against: {w.Claim(c)}");
            }
            foreach (var c in h.Collect)
            {
                w.Line($"   - To confirm or rule out, collect: {Text(c)}");
            }
        }
        w.Line();
    }

    private static void WhatWasChecked(ReportView view, Writer w)
    {
        w.Line("### What was checked");
        w.Line();
        var r = view.Report;
        w.Line(r.Analyzers.Count == 0 ? "- Analyzers: none recorded" : $"- Analyzers: {string.Join(", ", r.Analyzers.Select(a => Code(a)))}");
        w.Line($"- Sources: {r.Inventory.Count} files, {r.Inventory.Sum(f => f.Items)} evidence items (see the evidence inventory)");
        w.Line($"- Findings: {r.Findings.Count}, none indicating a problem");
        w.Line();
    }

    private static void CitationList(IReadOnlyList<Citation> citations, Writer w, bool withExcerpts)
    {
        if (citations.Count == 0)
        {
            w.Line("- No citations.");
            return;
        }
        foreach (var c in citations)
        {
            w.Line($"- {w.Claim(c)} ({Code(c.Finding)})");
            if (!withExcerpts)
            {
                continue;
            }
            foreach (var e in c.Refs.Where(e => !string.IsNullOrEmpty(e.Excerpt)).Take(MaxRefsPerClaim))
            {
                w.Line($"  - {Code(e.ToString())}: {Code(e.Excerpt!)}");
            }
        }
    }

    private static void Resolution(ReportView view, Writer w)
    {
        var lead = view.Lead;
        w.Line("## Resolution");
        w.Line();
        w.Line("### Immediate Mitigation");
        w.Line();
        if (view.IsHealthy || lead is null || lead.Mitigation.Count == 0)
        {
            w.Line(view.NoMitigation);
        }
        else
        {
            if (!view.Established)
            {
                w.Line($"The root cause is not established; these steps follow the leading hypothesis (#{lead.Rank}). Verify its evidence first.");
                w.Line();
            }
            var body = new StringBuilder();
            var i = 1;
            foreach (var step in lead.Mitigation)
            {
                body.Append("# ").Append(i++).Append(". ").Append(ReportView.OneLine(step.Why)).Append('\n');
                if (!string.IsNullOrWhiteSpace(step.Verify))
                {
                    body.Append("#    verify: ").Append(ReportView.OneLine(step.Verify)).Append('\n');
                }
                body.Append(ReportView.OneLine(step.Command)).Append('\n');
            }
            w.Fenced("bash", body.ToString());
        }
        w.Line();
        w.Line("### Permanent Fix");
        w.Line();
        if (view.IsHealthy || lead is null || lead.Fix.Count == 0)
        {
            w.Line(view.NoFix);
        }
        else
        {
            foreach (var f in lead.Fix)
            {
                w.Line($"- {Text(f)}");
            }
        }
        w.Line();
    }

    private static void Monitoring(ReportView view, Writer w)
    {
        w.Line("## Monitoring & Alerts");
        w.Line();
        var lead = view.Lead;
        if (view.IsHealthy || lead is null || lead.Alerts.Count == 0)
        {
            w.Line("No alert rule is derived from the evidence.");
            w.Line();
            return;
        }
        w.Line("Prometheus alert rules that would catch this, built from the metrics present in the evidence (`ff alerts generate` writes them to alerts.yml with a Grafana dashboard and the runbook):");
        w.Line();
        w.Fenced("yaml", MonitoringView.RulesYaml(lead));
        w.Line();
        foreach (var a in lead.Alerts)
        {
            w.Line($"- {Code(a.Name)} ({Text(MonitoringView.Origin(a))}): {Text(MonitoringView.BacktestLine(a))}");
        }
        w.Line();
        if (lead.AlertsNotGrounded.Count > 0)
        {
            w.Line("Not emitted, the evidence lacks the metrics they read (collect them to get these rules):");
            w.Line();
            foreach (var n in lead.AlertsNotGrounded)
            {
                w.Line($"- {Text(n)}");
            }
            w.Line();
        }
        w.Line($"### Runbook ([{MonitoringView.RunbookPath(lead)}]({MonitoringView.RunbookPath(lead)}))");
        w.Line();
        foreach (var (title, lines) in MonitoringView.RunbookSteps(lead))
        {
            w.Line($"**{title}**");
            w.Line();
            foreach (var l in lines)
            {
                w.Line($"- {Text(l)}");
            }
            w.Line();
        }
    }

    private static void ActionItems(ReportView view, Writer w)
    {
        w.Line("## Action Items");
        w.Line();
        var items = view.IsHealthy ? [] : view.Lead?.ActionItems ?? [];
        if (items.Count == 0)
        {
            w.Line("None derived from the evidence.");
        }
        foreach (var a in items)
        {
            w.Line($"- [ ] [{Text(a.Priority)}] {Text(a.Category)}: {Text(a.Text)}");
        }
        w.Line();
    }

    private static void Lessons(ReportView view, Writer w)
    {
        w.Line("## Lessons Learned");
        w.Line();
        var lessons = view.Lessons();
        if (lessons.Count == 0)
        {
            w.Line("Nothing can be derived from the evidence; complete with the team.");
        }
        foreach (var (text, refs) in lessons)
        {
            w.Line($"- {Text(text)}{w.Cites(refs, text)}");
        }
        w.Line();
    }

    private static void Checklist(ReportView view, Writer w)
    {
        w.Line("## Resolution checklist");
        w.Line();
        foreach (var c in view.Checklist)
        {
            w.Line(c.Done
                ? $"- [x] {Text(c.Text)}{(string.IsNullOrWhiteSpace(c.Evidence) ? "" : " (" + Text(c.Evidence) + ")")}"
                : $"- [ ] {Text(c.Text)}");
        }
        w.Line();
    }

    private static void Inventory(ReportView view, Writer w)
    {
        var r = view.Report;
        w.Line("## Evidence inventory");
        w.Line();
        w.Line($"Origin: {(string.IsNullOrEmpty(r.Origin) ? "unknown" : Code(r.Origin))}, as of {ReportView.Time(r.AsOf)} UTC.");
        w.Line();
        if (r.Inventory.Count > 0)
        {
            w.Line("| file | kind | items |");
            w.Line("|---|---|---|");
            foreach (var f in r.Inventory)
            {
                w.Line($"| {Code(f.Path, true)} | {Text(f.Kind)} | {f.Items} |");
            }
            w.Line();
        }
        if (r.Analyzers.Count > 0)
        {
            w.Line($"Analyzers: {string.Join(", ", r.Analyzers.Select(a => Code(a)))}.");
            w.Line();
        }
        w.Line($"### Findings ({r.Findings.Count})");
        w.Line();
        if (r.Findings.Count == 0)
        {
            w.Line("None.");
            w.Line();
            return;
        }
        w.Line("| time (UTC) | kind | entity | finding | evidence |");
        w.Line("|---|---|---|---|---|");
        foreach (var f in r.Findings.OrderBy(f => f.Start ?? DateTimeOffset.MaxValue))
        {
            w.Line($"| {(f.Start is { } s ? ReportView.Time(s) : "-")} | {Code(f.Kind, true)} | {Code(f.Entity.ToString(), true)} | {Text(f.Title)} | {w.Refs(f.Evidence, "-", inTable: true, about: null)} |");
        }
        w.Line();
    }

    private static void Warnings(ReportView view, Writer w)
    {
        w.Line("## Warnings");
        w.Line();
        if (view.Report.Warnings.Count == 0)
        {
            w.Line("None: all evidence was read.");
        }
        foreach (var warning in view.Report.Warnings)
        {
            w.Line($"- {Code(warning.Line is null ? warning.Source : $"{warning.Source}:{warning.Line}")}: {Text(warning.Message)}");
        }
    }

    /// <summary>Plain text on one line with the characters that would open HTML, code, links or table cells escaped.</summary>
    internal static string Text(string? text)
    {
        var s = ReportView.OneLine(text);
        var sb = new StringBuilder(s.Length);
        // '>' only matters where it would open a block quote.
        if (s.StartsWith('>'))
        {
            sb.Append('\\');
        }
        foreach (var c in s)
        {
            if (c is '\\' or '<' or '`' or '|' or '[' or ']')
            {
                sb.Append('\\');
            }
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>A code span long enough that backticks inside cannot close it; pipes escaped inside tables.</summary>
    internal static string Code(string? text, bool inTable = false)
    {
        var s = ReportView.OneLine(text);
        if (inTable)
        {
            s = s.Replace("|", "\\|", StringComparison.Ordinal);
        }
        if (s.Length == 0)
        {
            return "` `";
        }
        var fence = new string('`', LongestRun(s, '`') + 1);
        var pad = s[0] == '`' || s[^1] == '`' ? " " : "";
        return fence + pad + s + pad + fence;
    }

    private static int LongestRun(string s, char c)
    {
        int best = 0, run = 0;
        foreach (var ch in s)
        {
            run = ch == c ? run + 1 : 0;
            best = Math.Max(best, run);
        }
        return best;
    }

    private sealed class Writer(TextWriter inner)
    {
        private readonly List<(string About, IReadOnlyList<string> Refs)> _appendix = [];

        /// <summary>Claims whose references did not all fit beside them, numbered E1, E2... for the evidence appendix.</summary>
        public List<(string About, IReadOnlyList<string> Refs)> Appendix => _appendix;

        public string Claim(Citation c) => Text(c.Text) + Cites(c.Refs, c.Text);

        public string CitesOf(IReadOnlyList<Citation> citations, string about = "") => Cites(citations.SelectMany(c => c.Refs).ToList(), about);

        public string Cites(IReadOnlyList<EvidenceRef> refs, string about = "") => refs.Count == 0 ? "" : " " + Refs(refs, "", about: about);

        /// <summary>The best references of a claim (the first ones, as the engine ordered them) and, past three, "+N more" linking
        /// to the claim's entry in the evidence appendix, where every reference is listed.</summary>
        /// <remarks>With <paramref name="about"/> null (the findings table, itself an appendix) the rest is left to the JSON report.</remarks>
        public string Refs(IReadOnlyList<EvidenceRef> refs, string none, bool inTable = false, string? about = "")
        {
            if (refs.Count == 0)
            {
                return none;
            }
            var distinct = refs.Select(r => r.ToString()).Distinct(StringComparer.Ordinal).ToList();
            var shown = string.Join(", ", distinct.Take(MaxRefsPerClaim).Select(r => Code(r, inTable)));
            if (distinct.Count <= MaxRefsPerClaim)
            {
                return shown;
            }
            if (about is null)
            {
                return $"{shown} (+{distinct.Count - MaxRefsPerClaim} more in report.json)";
            }
            _appendix.Add((about, distinct));
            return $"{shown} [+{distinct.Count - MaxRefsPerClaim} more: E{_appendix.Count}](#evidence-appendix)";
        }
        public void Line(string text = "")
        {
            inner.Write(text);
            inner.Write('\n');
        }

        public void Fenced(string language, string body)
        {
            var fence = new string('`', Math.Max(3, LongestRun(body, '`') + 1));
            Line(fence + language);
            inner.Write(body);
            if (body.Length > 0 && body[^1] != '\n')
            {
                inner.Write('\n');
            }
            Line(fence);
        }
    }
}
