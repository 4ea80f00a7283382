using System.Net;
using System.Text;
using Firefighter.Evidence;
using Firefighter.Analysis;

namespace Firefighter.Reports.Rendering;

/// <summary>Renders the incident report as one self-contained HTML page: inline CSS, inline SVG charts, no script, no external resources; printable.</summary>
/// <remarks>Every string from the report is HTML-encoded: log excerpts, titles and entity names are untrusted input.</remarks>
public sealed class HtmlReportRenderer : IReportRenderer
{
    private const string Css = """
        :root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--accent:#0969da;--bad:#cf222e;--warn:#bc4c00;--ok:#1a7f37}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif}
        main{max-width:980px;margin:0 auto;padding:24px}
        h1{font-size:1.6em;margin:0 0 .4em}
        h2{font-size:1.3em;border-bottom:1px solid var(--line);padding-bottom:.2em;margin-top:1.6em}
        h3{font-size:1.05em;margin-top:1.2em}
        code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.86em}
        code{background:#f6f8fa;border-radius:4px;padding:.1em .3em;overflow-wrap:anywhere}
        pre{background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:12px;white-space:pre-wrap;overflow-wrap:anywhere}
        pre code{background:none;padding:0}
        table{border-collapse:collapse;width:100%;margin:.6em 0}
        th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f6f8fa}
        td.time{white-space:nowrap;font-variant-numeric:tabular-nums}
        .sev{display:inline-block;font-weight:700;padding:0 .5em;border-radius:4px;color:#fff;background:var(--muted)}
        .sev-p0,.sev-p1{background:var(--bad)}.sev-p2{background:var(--warn)}.sev-p3{background:var(--accent)}
        .muted{color:var(--muted)}
        .refs{color:var(--muted);font-size:.9em}
        details.more{display:inline}details.more summary{display:inline;cursor:pointer}
        .excerpt{display:block;margin:.2em 0 .2em 1.2em}
        ul.check{list-style:none;padding-left:.2em}
        .bar{display:inline-block;width:90px;height:.7em;background:#eaeef2;border-radius:3px;vertical-align:middle}
        .bar span{display:block;height:100%;background:var(--accent);border-radius:3px}
        figure{margin:1em 0;break-inside:avoid}
        figcaption{font-weight:600}
        svg.chart{width:100%;height:auto;border:1px solid var(--line);border-radius:6px;background:#fff}
        footer{margin-top:2em;color:var(--muted);font-size:.85em}
        @media print{body{font-size:11pt}main{max-width:none;padding:0}h2{break-after:avoid}tr,li,figure,pre{break-inside:avoid}a{color:inherit}}
        """;

    /// <inheritdoc />
    public string Format => "html";

    /// <inheritdoc />
    public string Extension => "html";

    /// <inheritdoc />
    public void Render(InvestigationReport report, TextWriter writer)
    {
        var view = new ReportView(report);
        var w = writer;
        w.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        w.Write($"<title>Incident Report: {E(report.Title)}</title>\n<style>\n{Css}\n</style>\n</head>\n<body>\n<main>\n");
        w.Write($"<h1>Incident Report: {E(report.Title)}</h1>\n");
        Summary(view, w);
        Timeline(view, w);
        Charts(view, w);
        RootCauseAnalysis(view, w);
        Resolution(view, w);
        Monitoring(view, w);
        ActionItems(view, w);
        Lessons(view, w);
        Checklist(view, w);
        Coverage(view, w);
        Inventory(view, w);
        Warnings(view, w);
        w.Write($"<footer>Firefighter report, schema {E(report.SchemaVersion)}, as of {E(ReportView.Time(report.AsOf))} UTC. Every statement cites the evidence it comes from.</footer>\n");
        w.Write("</main>\n</body>\n</html>\n");
    }

    private static void Summary(ReportView view, TextWriter w)
    {
        var r = view.Report;
        w.Write("<section id=\"summary\">\n<h2>Summary</h2>\n<ul>\n");
        var sevClass = "sev-" + new string(r.Severity.Level.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());
        w.Write($"<li><strong>Severity</strong>: <span class=\"sev {sevClass}\">{E(r.Severity.Level)}</span>");
        if (r.Severity.Reasons.Count > 0)
        {
            w.Write($" ({E(string.Join("; ", r.Severity.Reasons))})");
        }
        w.Write("</li>\n");
        w.Write($"<li><strong>Duration</strong>: {E(view.DurationText())}{(r.OnsetEvidence is { } oe ? "; onset from " + Claim(oe) : "")}</li>\n");
        w.Write("<li><strong>Impact</strong>: ");
        if (r.Impact.Count == 0)
        {
            w.Write(ReportView.ImpactNotMeasured);
        }
        else
        {
            w.Write("<ul>");
            foreach (var c in r.Impact)
            {
                w.Write($"<li>{Claim(c)}</li>");
            }
            w.Write("</ul>");
        }
        w.Write("</li>\n<li><strong>Root Cause</strong>: ");
        if (view.IsHealthy)
        {
            w.Write(ReportView.HealthyRootCause);
        }
        else if (view.IsInsufficient)
        {
            w.Write($"Cannot tell: {E(r.Coverage.Missing)}");
        }
        else if (view.Established)
        {
            var lead = view.Lead!;
            w.Write($"{E(lead.Cause)} (confidence {ReportView.Percent(lead.Confidence)}, hypothesis #{lead.Rank} <code>{E(lead.Signature)}</code>) {Refs(lead.Evidence.SelectMany(c => c.Refs).ToList())}");
        }
        else
        {
            w.Write("Not established: no hypothesis is supported by the evidence<ul>");
            foreach (var u in view.WhatIsUnknown())
            {
                w.Write($"<li>{E(u)}</li>");
            }
            w.Write("</ul>");
        }
        w.Write($"</li>\n<li><strong>Status</strong>: <code>{E(r.Status)}</code></li>\n");
        if (r.Coverage.Sources.Count > 0)
        {
            w.Write($"<li><strong>Coverage</strong>: {E(view.CoverageSummary())} (see Evidence coverage)</li>\n");
        }
        w.Write("</ul>\n</section>\n");
    }

    private static void Timeline(ReportView view, TextWriter w)
    {
        w.Write("<section id=\"timeline\">\n<h2>Timeline</h2>\n");
        if (view.Timeline.Count == 0)
        {
            w.Write("<p>No timestamped events in the evidence.</p>\n</section>\n");
            return;
        }
        w.Write("<table>\n<thead><tr><th>time (UTC)</th><th>event</th><th>evidence</th></tr></thead>\n<tbody>\n");
        foreach (var t in view.Timeline)
        {
            w.Write($"<tr><td class=\"time\">{E(ReportView.Time(t.Time))}</td><td><strong>{E(t.Kind)}</strong>: {E(t.Text)}</td><td>{Refs(t.Refs)}</td></tr>\n");
        }
        w.Write("</tbody>\n</table>\n</section>\n");
    }

    private static void Charts(ReportView view, TextWriter w)
    {
        var r = view.Report;
        if (r.Charts.Count == 0)
        {
            return;
        }
        w.Write("<section id=\"charts\">\n<h2>Metrics</h2>\n<p class=\"muted\">Red dashed line: onset. Orange dashed lines: changes and deploys.</p>\n");
        foreach (var c in r.Charts)
        {
            w.Write($"<figure>\n<figcaption>{E(c.Title)} <span class=\"refs\">{Ref(c.Source)}</span></figcaption>\n");
            SvgChart.Write(w, c, r.Onset, view.ChangeMarkers);
            w.Write("</figure>\n");
        }
        w.Write("</section>\n");
    }

    private static void RootCauseAnalysis(ReportView view, TextWriter w)
    {
        w.Write("<section id=\"rca\">\n<h2>Root Cause Analysis</h2>\n");
        if (view.IsHealthy)
        {
            var r = view.Report;
            w.Write("<p>No root cause is claimed: the status is <code>healthy</code> and no analyzer found a problem.</p>\n<h3>What was checked</h3>\n<ul>\n");
            w.Write($"<li>Analyzers: {(r.Analyzers.Count == 0 ? "none recorded" : string.Join(", ", r.Analyzers.Select(a => $"<code>{E(a)}</code>")))}</li>\n");
            w.Write($"<li>Sources: {r.Inventory.Count} files, {r.Inventory.Sum(f => f.Items)} evidence items (see the evidence inventory)</li>\n");
            w.Write($"<li>Findings: {r.Findings.Count}, none indicating a problem</li>\n</ul>\n</section>\n");
            return;
        }
        var lead = view.Lead;
        w.Write("<h3>Five whys</h3>\n");
        if (lead is null || !view.Established)
        {
            w.Write("<p>Not established: no hypothesis is supported, so no chain of causes is claimed.</p>\n");
        }
        else if (lead.Whys.Count == 0)
        {
            w.Write("<p>The evidence does not support a chain of causes beyond the root cause above.</p>\n");
        }
        else
        {
            w.Write("<ol>\n");
            foreach (var why in lead.Whys)
            {
                w.Write($"<li>{E(why.Question)} &rarr; {E(why.Answer)} {(why.Refs.Count == 0 ? "<span class=\"muted\">(no evidence cited)</span>" : Refs(why.Refs))}</li>\n");
            }
            w.Write("</ol>\n");
        }
        w.Write("<h3>Evidence</h3>\n");
        if (lead is null)
        {
            w.Write("<p>No hypothesis was formed from the evidence.</p>\n");
        }
        else
        {
            w.Write($"<p>{view.LeadLabel} #{lead.Rank} <strong>{E(lead.Title)}</strong> on <code>{E(lead.Entity.ToString())}</code>, confidence {Bar(lead.Confidence)}.</p>\n<ul>\n");
            foreach (var c in lead.Evidence)
            {
                w.Write($"<li>{Claim(c)} <code>{E(c.Finding)}</code>");
                foreach (var e in c.Refs.Where(e => !string.IsNullOrEmpty(e.Excerpt)))
                {
                    w.Write($"<span class=\"excerpt\">{Ref(e)}: <code>{E(e.Excerpt)}</code></span>");
                }
                w.Write("</li>\n");
            }
            w.Write("</ul>\n");
            if (lead.Against.Count > 0)
            {
                w.Write("<p>Against or missing:</p>\n<ul>\n");
                foreach (var c in lead.Against)
                {
                    w.Write($"<li>{Claim(c)}</li>\n");
                }
                w.Write("</ul>\n");
            }
        }
        w.Write("<h3>Other hypotheses considered</h3>\n");
        if (view.Others.Count == 0)
        {
            w.Write("<p>None.</p>\n");
        }
        else
        {
            w.Write("<ol>\n");
            foreach (var h in view.Others)
            {
                w.Write($"<li value=\"{h.Rank}\"><strong>{E(h.Title)}</strong> on <code>{E(h.Entity.ToString())}</code>: confidence {Bar(h.Confidence)}, {E(view.Standing(h))}<ul>");
                w.Write($"<li>Cause: {E(h.Cause)}</li>");
                if (h.Evidence.Count == 0)
                {
                    w.Write("<li>For: nothing in the evidence</li>");
                }
                foreach (var c in h.Evidence)
                {
                    w.Write($"<li>For: {Claim(c)}</li>");
                }
                foreach (var c in h.Against)
                {
                    w.Write($"<li>Against: {Claim(c)}</li>");
                }
                foreach (var c in h.Collect)
                {
                    w.Write($"<li>To confirm or rule out, collect: {E(c)}</li>");
                }
                w.Write("</ul></li>\n");
            }
            w.Write("</ol>\n");
        }
        w.Write("</section>\n");
    }

    private static void Resolution(ReportView view, TextWriter w)
    {
        var lead = view.Lead;
        w.Write("<section id=\"resolution\">\n<h2>Resolution</h2>\n<h3>Immediate Mitigation</h3>\n");
        if (view.IsHealthy || lead is null || lead.Mitigation.Count == 0)
        {
            w.Write($"<p>{view.NoMitigation}</p>\n");
        }
        else
        {
            if (!view.Established)
            {
                w.Write($"<p>The root cause is not established; these steps follow the leading hypothesis (#{lead.Rank}). Verify its evidence first.</p>\n");
            }
            var sb = new StringBuilder();
            var i = 1;
            foreach (var step in lead.Mitigation)
            {
                sb.Append("# ").Append(i++).Append(". ").Append(ReportView.OneLine(step.Why)).Append('\n');
                if (!string.IsNullOrWhiteSpace(step.Verify))
                {
                    sb.Append("#    verify: ").Append(ReportView.OneLine(step.Verify)).Append('\n');
                }
                sb.Append(ReportView.OneLine(step.Command)).Append('\n');
            }
            w.Write($"<pre><code class=\"language-bash\">{E(sb.ToString())}</code></pre>\n");
        }
        w.Write("<h3>Permanent Fix</h3>\n");
        if (view.IsHealthy || lead is null || lead.Fix.Count == 0)
        {
            w.Write($"<p>{view.NoFix}</p>\n");
        }
        else
        {
            w.Write("<ul>\n");
            foreach (var f in lead.Fix)
            {
                w.Write($"<li>{E(f)}</li>\n");
            }
            w.Write("</ul>\n");
        }
        w.Write("</section>\n");
    }

    private static void Monitoring(ReportView view, TextWriter w)
    {
        var lead = view.Lead;
        w.Write("<section id=\"monitoring\">\n<h2>Monitoring &amp; Alerts</h2>\n");
        if (view.IsHealthy || lead is null || lead.Alerts.Count == 0)
        {
            w.Write("<p>No alert rule is derived from the evidence.</p>\n</section>\n");
            return;
        }
        w.Write("<p>Prometheus alert rules that would catch this, built from the metrics present in the evidence (<code>ff alerts generate</code> writes them to alerts.yml with a Grafana dashboard and the runbook):</p>\n");
        w.Write($"<pre><code class=\"language-yaml\">{E(MonitoringView.RulesYaml(lead))}</code></pre>\n<ul>\n");
        foreach (var a in lead.Alerts)
        {
            w.Write($"<li><code>{E(a.Name)}</code> ({E(MonitoringView.Origin(a))}): {E(MonitoringView.BacktestLine(a))}</li>\n");
        }
        w.Write("</ul>\n");
        if (lead.AlertsNotGrounded.Count > 0)
        {
            w.Write("<p>Not emitted, the evidence lacks the metrics they read (collect them to get these rules):</p>\n<ul>\n");
            foreach (var n in lead.AlertsNotGrounded)
            {
                w.Write($"<li>{E(n)}</li>\n");
            }
            w.Write("</ul>\n");
        }
        var runbook = MonitoringView.RunbookPath(lead);
        // The page stays self-contained (no links out): the runbook path is shown, not linked.
        w.Write($"<h3>Runbook (<code>{E(runbook)}</code>)</h3>\n");
        foreach (var (title, lines) in MonitoringView.RunbookSteps(lead))
        {
            w.Write($"<p><strong>{E(title)}</strong></p>\n<ul>\n");
            foreach (var l in lines)
            {
                w.Write($"<li>{E(l)}</li>\n");
            }
            w.Write("</ul>\n");
        }
        w.Write("</section>\n");
    }

    private static void ActionItems(ReportView view, TextWriter w)
    {
        w.Write("<section id=\"actions\">\n<h2>Action Items</h2>\n");
        var items = view.IsHealthy ? [] : view.Lead?.ActionItems ?? [];
        if (items.Count == 0)
        {
            w.Write("<p>None derived from the evidence.</p>\n");
        }
        else
        {
            w.Write("<ul class=\"check\">\n");
            foreach (var a in items)
            {
                w.Write($"<li>&#9744; [{E(a.Priority)}] {E(a.Category)}: {E(a.Text)}</li>\n");
            }
            w.Write("</ul>\n");
        }
        w.Write("</section>\n");
    }

    private static void Lessons(ReportView view, TextWriter w)
    {
        w.Write("<section id=\"lessons\">\n<h2>Lessons Learned</h2>\n");
        var lessons = view.Lessons();
        if (lessons.Count == 0)
        {
            w.Write("<p>Nothing can be derived from the evidence; complete with the team.</p>\n");
        }
        else
        {
            w.Write("<ul>\n");
            foreach (var (text, refs) in lessons)
            {
                w.Write($"<li>{E(text)} {Refs(refs)}</li>\n");
            }
            w.Write("</ul>\n");
        }
        w.Write("</section>\n");
    }

    private static void Checklist(ReportView view, TextWriter w)
    {
        w.Write("<section id=\"checklist\">\n<h2>Resolution checklist</h2>\n<ul class=\"check\">\n");
        foreach (var c in view.Checklist)
        {
            w.Write(c.Done
                ? $"<li>&#9745; {E(c.Text)}{(string.IsNullOrWhiteSpace(c.Evidence) ? "" : $" <span class=\"refs\">({E(c.Evidence)})</span>")}</li>\n"
                : $"<li>&#9744; {E(c.Text)}</li>\n");
        }
        w.Write("</ul>\n</section>\n");
    }

    private static void Coverage(ReportView view, TextWriter w)
    {
        var c = view.Report.Coverage;
        w.Write("<section id=\"coverage\">\n<h2>Evidence coverage</h2>\n");
        if (c.Missing is { } missing)
        {
            w.Write($"<p><strong>Not enough to judge</strong>: {E(missing)}.</p>\n");
        }
        if (c.Sources.Count == 0)
        {
            w.Write("<p>Not recorded.</p>\n</section>\n");
            return;
        }
        w.Write("<table>\n<thead><tr><th>source</th><th>files read</th><th>records</th><th>dropped</th><th>skipped (why)</th></tr></thead>\n<tbody>\n");
        foreach (var s in c.Sources)
        {
            var skipped = s.Skipped.Count == 0 ? "-" : string.Join("<br>", s.Skipped.Select(k => $"<code>{E(k.Path)}</code>: {E(k.Reason)}"));
            w.Write($"<tr><td>{E(s.Source)}</td><td>{s.FilesRead}</td><td>{s.Records}</td><td>{s.RecordsDropped}</td><td>{skipped}</td></tr>\n");
        }
        w.Write("</tbody>\n</table>\n</section>\n");
    }

    private static void Inventory(ReportView view, TextWriter w)
    {
        var r = view.Report;
        w.Write("<section id=\"inventory\">\n<h2>Evidence inventory</h2>\n");
        w.Write($"<p>Origin: {(string.IsNullOrEmpty(r.Origin) ? "unknown" : $"<code>{E(r.Origin)}</code>")}, as of {E(ReportView.Time(r.AsOf))} UTC.</p>\n");
        if (r.Inventory.Count > 0)
        {
            w.Write("<table>\n<thead><tr><th>file</th><th>kind</th><th>items</th></tr></thead>\n<tbody>\n");
            foreach (var f in r.Inventory)
            {
                w.Write($"<tr><td><code>{E(f.Path)}</code></td><td>{E(f.Kind)}</td><td>{f.Items}</td></tr>\n");
            }
            w.Write("</tbody>\n</table>\n");
        }
        if (r.Analyzers.Count > 0)
        {
            w.Write($"<p>Analyzers: {string.Join(", ", r.Analyzers.Select(a => $"<code>{E(a)}</code>"))}.</p>\n");
        }
        w.Write($"<h3>Findings ({r.Findings.Count})</h3>\n");
        if (r.Findings.Count == 0)
        {
            w.Write("<p>None.</p>\n</section>\n");
            return;
        }
        w.Write("<table>\n<thead><tr><th>time (UTC)</th><th>kind</th><th>entity</th><th>finding</th><th>evidence</th></tr></thead>\n<tbody>\n");
        foreach (var f in r.Findings.OrderBy(f => f.Start ?? DateTimeOffset.MaxValue))
        {
            w.Write($"<tr><td class=\"time\">{(f.Start is { } s ? E(ReportView.Time(s)) : "-")}</td><td><code>{E(f.Kind)}</code></td><td><code>{E(f.Entity.ToString())}</code></td><td>{E(f.Title)}</td><td>{Refs(f.Evidence)}</td></tr>\n");
        }
        w.Write("</tbody>\n</table>\n</section>\n");
    }

    private static void Warnings(ReportView view, TextWriter w)
    {
        w.Write("<section id=\"warnings\">\n<h2>Warnings</h2>\n");
        if (view.Report.Warnings.Count == 0)
        {
            w.Write("<p>None: all evidence was read.</p>\n</section>\n");
            return;
        }
        w.Write("<ul>\n");
        foreach (var warning in view.Report.Warnings)
        {
            w.Write($"<li><code>{E(warning.Line is null ? warning.Source : $"{warning.Source}:{warning.Line}")}</code>: {E(warning.Message)}</li>\n");
        }
        w.Write("</ul>\n</section>\n");
    }

    private static string Bar(double confidence) =>
        $"<span class=\"bar\"><span style=\"width:{ReportView.Percent(confidence).Replace("?", "0", StringComparison.Ordinal)}\"></span></span> {ReportView.Percent(confidence)}";

    private static string Claim(Citation c) => $"{E(c.Text)} {Refs(c.Refs)}".TrimEnd();

    // The best three references beside the claim; the rest folded under "+N more", so the page reads in a minute and keeps everything.
    private static string Refs(IReadOnlyList<EvidenceRef> refs)
    {
        if (refs.Count == 0)
        {
            return "";
        }
        var distinct = refs.Select(r => $"<code>{E(r.ToString())}</code>").Distinct(StringComparer.Ordinal).ToList();
        var shown = string.Join(", ", distinct.Take(3));
        var more = distinct.Count > 3 ? $" <details class=\"more\"><summary>+{distinct.Count - 3} more</summary>{string.Join(", ", distinct.Skip(3))}</details>" : "";
        return $"<span class=\"refs\">{shown}{more}</span>";
    }

    private static string Ref(EvidenceRef r) => $"<code>{E(r.ToString())}</code>";

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
}
