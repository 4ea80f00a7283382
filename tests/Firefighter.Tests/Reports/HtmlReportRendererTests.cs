using System.Text.RegularExpressions;
using System.Xml.Linq;
using Firefighter.Reports;
using Firefighter.Correlation;
using Firefighter.Reports.Rendering;
using Firefighter.Testing;

namespace Firefighter.Tests.Reports;

public class HtmlReportRendererTests
{
    private static string Render(InvestigationReport report)
    {
        var sw = new StringWriter();
        new HtmlReportRenderer().Render(report, sw);
        var html = sw.ToString();
        if (Environment.GetEnvironmentVariable("FF_DUMP_HTML") is { Length: > 0 } dump)
        {
            File.WriteAllText(dump, html);
        }
        return html;
    }

    [Fact]
    public void Render_contains_every_section_in_order()
    {
        var html = Render(ReportFixtures.OomAfterDeploy());
        string[] headers =
        [
            "<h1>Incident Report: ", "<h2>Summary</h2>", "<h2>Timeline</h2>", "<h2>Metrics</h2>", "<h2>Root Cause Analysis</h2>",
            "<h3>Five whys</h3>", "<h3>Evidence</h3>", "<h3>Other hypotheses considered</h3>", "<h2>Resolution</h2>",
            "<h3>Immediate Mitigation</h3>", "<h3>Permanent Fix</h3>", "<h2>Monitoring &amp; Alerts</h2>", "<h2>Action Items</h2>",
            "<h2>Lessons Learned</h2>", "<h2>Resolution checklist</h2>", "<h2>Evidence inventory</h2>", "<h2>Warnings</h2>",
        ];
        var at = -1;
        foreach (var h in headers)
        {
            var next = html.IndexOf(h, at + 1, StringComparison.Ordinal);
            next.ShouldBeGreaterThan(at, $"'{h}' missing or out of order");
            at = next;
        }
    }

    [Fact]
    public void Render_draws_one_svg_per_chart_with_onset_and_change_markers()
    {
        var report = ReportFixtures.OomAfterDeploy();
        var html = Render(report);
        var svgs = Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline);
        svgs.Count.ShouldBe(report.Charts.Count);
        foreach (Match svg in svgs)
        {
            var xml = XElement.Parse(svg.Value);
            XNamespace ns = "http://www.w3.org/2000/svg";
            xml.Descendants(ns + "path").Single(p => (string?)p.Attribute("class") == "series").Attribute("d")!.Value.ShouldStartWith("M");
            var markers = xml.Descendants(ns + "g").Where(g => ((string?)g.Attribute("class"))?.StartsWith("marker", StringComparison.Ordinal) == true).ToList();
            markers.Count(m => m.Attribute("class")!.Value == "marker onset").ShouldBe(1);
            markers.Single(m => m.Attribute("class")!.Value == "marker change").Value.ShouldContain("api-deployment v2.2.8");
            xml.Descendants(ns + "text").Select(t => t.Value).ShouldContain("14:00");
        }
    }

    [Fact]
    public void Ratio_chart_breaks_its_line_at_a_missing_value()
    {
        var html = Render(ReportFixtures.OomAfterDeploy());
        var ratioSvg = Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline)[1].Value;
        var d = Regex.Match(ratioSvg, "class=\"series\" d=\"([^\"]*)\"").Groups[1].Value;
        d.Count(c => c == 'M').ShouldBe(2);
        ratioSvg.ShouldContain(">30%</text>");
    }

    [Fact]
    public void Planted_script_in_a_log_excerpt_is_escaped()
    {
        var html = Render(ReportFixtures.OomAfterDeploy());
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldContain("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;");
    }

    [Fact]
    public void Hostile_title_entity_and_chart_marker_text_are_escaped()
    {
        var evil = "\"><img src=x onerror=alert(1)>";
        var oom = ReportFixtures.OomAfterDeploy();
        var report = oom with
        {
            Title = evil,
            Timeline = [.. oom.Timeline, new TimelineEntry(ReportFixtures.At("14:20:00"), "change", evil, [new(evil, 1)])],
            Hypotheses = [oom.Hypotheses[0] with { Entity = new("Deployment", "production", evil) }, .. oom.Hypotheses.Skip(1)],
        };
        var html = Render(report);
        html.ShouldNotContain("<img", Case.Insensitive);
        html.ShouldContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    }

    [Fact]
    public void Page_is_self_contained_and_printable()
    {
        var html = Render(ReportFixtures.OomAfterDeploy());
        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldContain("<style>");
        html.ShouldContain("@media print");
        Regex.IsMatch(html, "<(link|script|img|iframe)\\b", RegexOptions.IgnoreCase).ShouldBeFalse();
        Regex.IsMatch(html, "(src|href)\\s*=", RegexOptions.IgnoreCase).ShouldBeFalse();
        html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal).ShouldNotContain("://", Case.Insensitive, "only the SVG namespace URI may appear");
    }

    [Fact]
    public void Mitigation_and_rules_are_in_code_blocks()
    {
        var html = Render(ReportFixtures.OomAfterDeploy());
        html.ShouldContain("<pre><code class=\"language-bash\"># 1. Roll back to v2.2.8, which ran at 743Mi\n");
        html.ShouldContain("  - alert: &quot;PodApproachingOOMKill&quot;\n");
        html.ShouldContain("<h3>Runbook (<code>runbooks/oom-after-deploy.md</code>)</h3>");
        html.ShouldContain("&#9745; Root cause is identified with evidence");
    }

    [Fact]
    public void Healthy_page_claims_no_root_cause_and_lists_what_was_checked()
    {
        var html = Render(ReportFixtures.Healthy());
        html.ShouldContain("No root cause is claimed");
        html.ShouldContain("<h3>What was checked</h3>");
        html.ShouldNotContain("<svg");
    }

    [Fact]
    public void Chart_without_points_says_so()
    {
        var oom = ReportFixtures.OomAfterDeploy();
        var html = Render(oom with { Charts = [oom.Charts[0] with { Points = [] }] });
        html.ShouldContain(">No data points</text></svg>");
    }
}
