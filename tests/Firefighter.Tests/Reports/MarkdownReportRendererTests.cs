using Firefighter.Reports;
using Firefighter.Testing;
using Firefighter.Reports.Rendering;

namespace Firefighter.Tests.Reports;

public class MarkdownReportRendererTests
{
    private static readonly string[] Sections =
    [
        "# Incident Report: ",
        "## Summary",
        "## Timeline",
        "## Root Cause Analysis",
        "### Five whys",
        "### Evidence",
        "### Other hypotheses considered",
        "## Resolution",
        "### Immediate Mitigation",
        "### Permanent Fix",
        "## Monitoring & Alerts",
        "## Action Items",
        "## Lessons Learned",
        "## Resolution checklist",
        "## Evidence inventory",
        "## Warnings",
    ];

    private static string Render(InvestigationReport report)
    {
        var sw = new StringWriter();
        new MarkdownReportRenderer().Render(report, sw);
        return sw.ToString();
    }

    [Fact]
    public void Render_oom_report_matches_the_verified_snapshot() =>
        Snapshot.Match(Render(ReportFixtures.OomAfterDeploy()), "oom-after-deploy.verified.md");

    [Fact]
    public void Render_has_every_section_header_in_order()
    {
        var lines = Render(ReportFixtures.OomAfterDeploy()).Split('\n');
        var at = -1;
        foreach (var header in Sections)
        {
            var next = Array.FindIndex(lines, at + 1, l => l.StartsWith(header, StringComparison.Ordinal) && (header.EndsWith(' ') || l == header));
            next.ShouldBeGreaterThan(at, $"section '{header}' missing or out of order");
            at = next;
        }
    }

    [Fact]
    public void Summary_states_severity_duration_impact_and_root_cause_with_confidence()
    {
        var md = Render(ReportFixtures.OomAfterDeploy());
        md.ShouldContain("- **Severity**: P1 (2 of 3 api replicas in CrashLoopBackOff; 5xx ratio 0.31 from 14:09; customer-facing)");
        md.ShouldContain("- **Duration**: 2024-01-15 14:02:30 UTC - ongoing (32 minutes as of 2024-01-15 14:35:00 UTC)");
        md.ShouldContain("31% of api requests failed (5xx ratio 0.31 from 14:09) `metrics/http_5xx_ratio.json sum(");
        md.ShouldContain("- **Root Cause**: Memory growth introduced in v2.3.1");
        md.ShouldContain("(confidence 86%, hypothesis #1 `oom-after-deploy`)");
    }

    [Fact]
    public void Five_whys_and_timeline_cite_their_evidence_refs_in_backticks()
    {
        var md = Render(ReportFixtures.OomAfterDeploy());
        md.ShouldContain("1. Why are api pods restarting? -> The container is OOMKilled by the kernel `k8s/pods.json#Pod/production/api-deployment-6b7ddd89c6-4x9kl status.containerStatuses[0].lastState.terminated.reason`, `k8s/events.json:17`");
        md.ShouldContain("| 2024-01-15 13:58:00 | **deploy**: api-deployment v2.2.8 -> v2.3.1 | `changes/deploys.json:3` |");
        md.ShouldNotContain("4. Why");
    }

    [Fact]
    public void Mitigation_is_a_bash_block_and_alerts_a_prometheus_rule_with_backtest()
    {
        var md = Render(ReportFixtures.OomAfterDeploy());
        md.ShouldContain("```bash\n# 1. Roll back to v2.2.8, which ran at 743Mi\n#    verify: kubectl rollout status deployment/api-deployment -n production\nkubectl rollout undo deployment/api-deployment -n production\n");
        md.ShouldContain("```yaml\ngroups:\n- name: \"firefighter-oom-after-deploy\"\n  rules:\n  - alert: \"PodApproachingOOMKill\"\n");
        md.ShouldContain("    for: 5m\n    labels:\n      severity: \"critical\"\n      signature: \"oom-after-deploy\"\n    annotations:\n      summary: \"Pod {{ $labels.pod }} near its memory limit\"\n");
        md.ShouldContain("      runbook_url: \"runbooks/oom-after-deploy.md\"\n");
        md.ShouldContain("- `PodApproachingOOMKill` (signature template): would have fired at 2024-01-15 14:06:30 UTC");
        md.ShouldContain("### Runbook ([runbooks/oom-after-deploy.md](runbooks/oom-after-deploy.md))");
        md.ShouldContain("- [ ] [P1] prevent: Soak-test releases for 2 hours under production-like load");
    }

    [Fact]
    public void Checklist_ticks_only_proven_items_with_their_evidence()
    {
        var md = Render(ReportFixtures.OomAfterDeploy());
        md.ShouldContain("- [x] Root cause is identified with evidence (hypothesis #1 supported at 86%)");
        md.ShouldContain("- [ ] Service is fully restored and stable");
    }

    [Fact]
    public void Planted_html_in_an_excerpt_stays_inside_a_code_span()
    {
        var md = Render(ReportFixtures.OomAfterDeploy());
        var line = md.Split('\n').Single(l => l.Contains("<script>", StringComparison.Ordinal));
        line.ShouldContain("`FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory " + ReportFixtures.PlantedScript + "`");
    }

    [Fact]
    public void Hostile_title_and_pipes_are_escaped()
    {
        var report = ReportFixtures.OomAfterDeploy() with { Title = "<img src=x onerror=alert(1)> | `x`\n# injected" };
        var md = Render(report);
        md.ShouldStartWith("# Incident Report: \\<img src=x onerror=alert(1)> \\| \\`x\\` # injected\n");
        md.ShouldContain("| `k8s.node.conditions` | `Node/node-03` | node-03 healthy \\| no pressure |");
    }

    [Fact]
    public void Without_a_supported_hypothesis_root_cause_is_not_established_and_says_what_to_collect()
    {
        var md = Render(ReportFixtures.NotEstablished());
        md.ShouldContain("- **Root Cause**: Not established: no hypothesis is supported by the evidence");
        md.ShouldContain("  - Unknown: which allocation grows (no heap profile)");
        md.ShouldContain("  - Collect (to confirm or rule out #1 api-deployment OOMKilled after the v2.3.1 deploy): a heap snapshot");
        md.ShouldContain("Not established: no hypothesis is supported, so no chain of causes is claimed.");
        md.ShouldContain("- [ ] Postmortem scheduled within 48 hours");
        md.ShouldNotContain("- [x]");
    }

    [Fact]
    public void Healthy_report_claims_no_root_cause_and_lists_what_was_checked()
    {
        var md = Render(ReportFixtures.Healthy());
        md.ShouldContain("- **Root Cause**: None claimed");
        md.ShouldContain("### What was checked");
        md.ShouldContain("- Analyzers: `k8s.pods`, `logs.templates`");
        md.ShouldContain("- Sources: 2 files, 123 evidence items");
        md.ShouldNotContain("### Five whys");
        md.ShouldNotContain("```bash");
    }

    [Fact]
    public void Registry_finds_the_markdown_renderer_by_format() =>
        ReportRenderers.BuiltIn.Find("md").ShouldBeOfType<MarkdownReportRenderer>();
}
