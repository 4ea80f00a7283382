using System.Text.RegularExpressions;
using Firefighter.Cli.Rendering;
using Firefighter.Testing;
using Spectre.Console;
using Firefighter.Reports;
using Firefighter.Analysis;

namespace Firefighter.Cli.Tests.Rendering;

public class TerminalReportTests
{
    private static string Render(InvestigationReport report, bool interactive = false, bool noColor = false, string? noColorEnv = null, int width = 160)
    {
        var sw = new StringWriter();
        var context = new CliContext
        {
            Out = sw,
            Error = TextWriter.Null,
            Interactive = interactive,
            Env = name => name == "NO_COLOR" ? noColorEnv : null,
        };
        var console = context.Console(noColor);
        console.Profile.Width = width;
        TerminalReport.Write(console, report);
        return sw.ToString();
    }

    private static string RenderInColour(InvestigationReport report)
    {
        var sw = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(sw),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.No,
        });
        TerminalReport.Write(console, report);
        return sw.ToString();
    }

    [Fact]
    public void Oom_summary_matches_the_verified_snapshot() =>
        Snapshot.Match(Render(ReportFixtures.OomAfterDeploy(), width: 80), "oom-after-deploy.terminal.verified.txt");

    [Fact]
    public void Summary_shows_status_line_top_hypothesis_evidence_commands_and_counts()
    {
        var text = Render(ReportFixtures.OomAfterDeploy());
        text.ShouldContain(" P1  api 5xx errors and CrashLoopBackOff after deploy");
        text.ShouldContain("root_cause · onset 2024-01-15 14:02:30 UTC · ongoing 32 min");
        text.ShouldContain("api-deployment OOMKilled after the v2.3.1");
        text.ShouldContain("█████████░ 86%");
        text.ShouldContain("Node memory pressure on node-03");
        text.ShouldContain("  • api container OOMKilled 8 times in 24 minutes on 2 of 3 pods (k8s/pods.json#Pod/production/api-deployment-6b7ddd89c6-4x9kl");
        text.ShouldContain("  • api-deployment rolled out v2.3.1 (from v2.2.8) 4 minutes before the onset (changes/deploys.json:3)");
        text.ShouldContain("  $ kubectl rollout undo deployment/api-deployment -n production");
        text.ShouldContain("    # verify: kubectl rollout status deployment/api-deployment -n production");
        text.ShouldContain("5 findings · 3 hypotheses · 2 warnings");
    }

    [Fact]
    public void Key_evidence_is_capped_at_five_citations()
    {
        var oom = ReportFixtures.OomAfterDeploy();
        var many = Enumerable.Range(1, 8).Select(i => new Citation("x", $"citation number {i}", [])).ToList();
        var text = Render(oom with { Hypotheses = [oom.Hypotheses[0] with { Evidence = many }] });
        text.ShouldContain("citation number 5");
        text.ShouldNotContain("citation number 6");
    }

    [Theory]
    [InlineData(false, false, null)]
    [InlineData(true, true, null)]
    [InlineData(true, false, "1")]
    public void No_ansi_codes_when_colours_are_off(bool interactive, bool noColor, string? noColorEnv)
    {
        var text = Render(ReportFixtures.OomAfterDeploy(), interactive, noColor, noColorEnv);
        text.ShouldNotContain("\u001b[");
        text.ShouldContain("Run now");
    }

    [Fact]
    public void Colours_appear_when_the_console_supports_them() =>
        Regex.IsMatch(RenderInColour(ReportFixtures.OomAfterDeploy()), "\u001b\\[[0-9;]*m").ShouldBeTrue();

    [Fact]
    public void Markup_in_report_text_is_printed_literally()
    {
        var oom = ReportFixtures.OomAfterDeploy();
        var text = Render(oom with { Title = "[red]boom[/] [link=x]" });
        text.ShouldContain("[red]boom[/] [link=x]");
    }

    [Fact]
    public void Not_established_says_so_and_what_to_collect()
    {
        var text = Render(ReportFixtures.NotEstablished());
        text.ShouldContain("Root cause not established");
        text.ShouldContain("Unknown: which allocation grows (no heap profile)");
        text.ShouldContain("leading hypothesis, not established: verify first");
    }

    [Fact]
    public void Healthy_claims_no_root_cause_and_lists_what_was_checked()
    {
        var text = Render(ReportFixtures.Healthy());
        text.ShouldContain(" OK  No problem found in production/api");
        text.ShouldContain("No root cause claimed");
        text.ShouldContain("Checked: k8s.pods, logs.templates; 2 files, 123 evidence items.");
        text.ShouldNotContain("Run now");
    }
}
