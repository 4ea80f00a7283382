using Firefighter.Evidence;
using Firefighter.Testing;
using Firefighter.Hypotheses;
using Firefighter.Prevention.Backtests;
using Firefighter.Prevention.Rules;
using Firefighter.Reports;
using Firefighter.Correlation;

namespace Firefighter.Tests.Prevention.Rules;

public class RuleFileYamlTests
{
    [Fact]
    public void Shared_rule_files_parse_and_round_trip()
    {
        var text = File.ReadAllText(RepoPaths.InShared("formats", "prometheus-rules", "incident_alerts.yml"));
        var file = RuleFileYaml.Parse(text, "incident_alerts.yml");
        file.Errors.ShouldBeEmpty();
        file.AlertRules.Select(r => r.Rule.Alert).ShouldBe(["KubeContainerOOMKilled", "HighErrorRatio"]);
        var again = RuleFileYaml.Parse(RuleFileYaml.Write(file), "again");
        again.AlertRules.Select(r => (r.Rule.Expr.Trim(), r.Rule.For, r.Rule.Annotations["summary"]))
            .ShouldBe(file.AlertRules.Select(r => (r.Rule.Expr.Trim(), r.Rule.For, r.Rule.Annotations["summary"])));
    }

    [Fact]
    public void Parse_reports_bad_rules_with_the_line()
    {
        var file = RuleFileYaml.Parse("groups:\n- name: g\n  rules:\n  - alert: A\n  - alert: B\n    expr: up\n    for: soon\n", "r.yml");
        file.Errors.ShouldContain(e => e.StartsWith("r.yml:4:", StringComparison.Ordinal));
        file.Errors.ShouldContain(e => e.Contains("for: soon"));
    }

    [Fact]
    public void Generator_writes_one_group_per_hypothesis_with_severity_and_runbook()
    {
        var report = Report();
        var file = AlertRuleGenerator.FromReport(report);
        file.Groups.Single().Name.ShouldBe("firefighter-oom-memory-leak-after-deploy");
        var rule = file.Groups[0].Rules.Single();
        rule.Labels["severity"].ShouldBe("warning");
        rule.Annotations["runbook_url"].ShouldBe("runbooks/oom-memory-leak-after-deploy.md");
        rule.Annotations["description"].ShouldContain("would have fired");
        rule.Annotations["description"].ShouldNotContain("{{ {");
    }

    [Fact]
    public void Annotator_fills_backtest_lines_by_rule()
    {
        var report = Report() with { };
        var bt = new BacktestReport
        {
            Rules = [new RuleBacktest { Group = "g", Alert = "ContainerMemoryNearLimit", Expr = report.Hypotheses[0].Alerts[0].Expr, Summary = "would have fired at X" }],
        };
        BacktestAnnotator.Annotate(report, bt).Hypotheses[0].Alerts[0].Backtest.ShouldBe("would have fired at X");
    }

    internal static InvestigationReport Report() => new()
    {
        Status = "root_cause",
        Title = "cart OOMKilled",
        Severity = new SeverityAssessment("P1", []),
        Hypotheses =
        [
            new Hypothesis
            {
                Rank = 1, Signature = "oom-memory-leak-after-deploy", Title = "Memory leak", Supported = true,
                Cause = "Memory grows {{ since }} the v2 deploy.",
                Entity = new EntityRef("Deployment", "shop", "cart"),
                Alerts =
                [
                    new AlertRuleSuggestion("ContainerMemoryNearLimit", "container_memory_working_set_bytes / on (namespace, pod, container) kube_pod_container_resource_limits > 0.9", "5m", "warning", "{{ $labels.pod }} memory is above 90% of its limit")
                    { Backtest = "would have fired at 11:11 UTC" },
                    new AlertRuleSuggestion("ContainerMemoryNearLimit", "container_memory_working_set_bytes / on (namespace, pod, container) kube_pod_container_resource_limits > 0.9", "5m", "warning", "dup"),
                ],
            },
        ],
    };
}
