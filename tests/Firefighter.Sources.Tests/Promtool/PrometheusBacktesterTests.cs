using Firefighter.Investigation;
using Firefighter.Sources.Promtool;
using Firefighter.Testing;
using Firefighter.Prevention.Rules;

namespace Firefighter.Sources.Tests.Promtool;

public class PrometheusBacktesterTests
{
    private static RuleFile LeakSignatureRules(params string[] extraRules)
    {
        // The memory-leak signature's own alert templates, filled for the incident's namespace, as the investigation does.
        var sig = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]).Signatures.Single(s => s.Id == "oom-memory-leak-after-deploy");
        var yaml = "groups:\n- name: leak\n  rules:\n" + string.Concat(sig.Alerts.Select(a =>
            $"  - alert: {a.Name}\n    expr: {RuleFileYaml.Quote(a.Expr.Replace("{namespace}", "shop"))}\n    for: {a.For}\n    labels:\n      severity: {a.Severity}\n    annotations:\n      summary: {RuleFileYaml.Quote(a.Summary)}\n"))
            + string.Concat(extraRules);
        var file = RuleFileYaml.Parse(yaml, "test");
        file.Errors.ShouldBeEmpty();
        return file;
    }

    private const string InstantRule = """
          - alert: MemoryAbove90Instant
            expr: container_memory_working_set_bytes / on (namespace, pod, container) kube_pod_container_resource_limits{resource="memory"} > 0.9
            for: 0m
            labels:
              severity: warning
            annotations:
              summary: "{{ $labels.pod }} at {{ $value | humanizePercentage }} of its limit"

        """;

    [Fact]
    public async Task Leak_rules_fire_before_the_oom_and_the_page_without_baseline_noise()
    {
        var rules = LeakSignatureRules(InstantRule);
        var report = await PrometheusBacktester.RunAsync(rules, IncidentSeries.MemoryLeak(), IncidentSeries.At(138), [IncidentSeries.Page(140)]);

        report.Warnings.ShouldBeEmpty();
        var near = report.Rules.Single(r => r.Alert == "ContainerMemoryNearLimit");
        // 200 + 4*(m-60) MiB > 0.9 * 512 MiB first at m = 126; for: 5m -> fires at 131.
        near.FirstFiring.ShouldBe(IncidentSeries.At(131));
        near.FirstFiringLabels!["pod"].ShouldBe("cart-7d9");
        near.MinutesBeforeOnset.ShouldBe(7);
        near.MinutesBeforePage.ShouldBe(9);
        near.BaselineFirings.ShouldBe(0);
        near.Caught.ShouldBeTrue();

        var growing = report.Rules.Single(r => r.Alert == "ContainerMemoryGrowing");
        growing.Caught.ShouldBeTrue();
        growing.MinutesBeforeOnset!.Value.ShouldBeGreaterThan(near.MinutesBeforeOnset!.Value);

        // The healthy pod's 3-minute spike: 'for: 5m' rides it out, a rule without 'for' pages on it.
        var instant = report.Rules.Single(r => r.Alert == "MemoryAbove90Instant");
        instant.BaselineFirings.ShouldBe(1);
        instant.Caught.ShouldBeFalse();
        instant.Summary.ShouldContain("1 false alarm(s)");

        var oom = report.Rules.Single(r => r.Alert == "ContainerOOMKilled");
        oom.Fired.ShouldBeFalse();
        oom.MissingMetrics.ShouldContain("kube_pod_container_status_restarts_total");
    }

    [Fact]
    public async Task Promtool_test_file_passes_and_agrees_with_the_backtest()
    {
        var dir = Directory.CreateTempSubdirectory("ff-alerts-test").FullName;
        try
        {
            var rules = LeakSignatureRules(InstantRule);
            var rulesPath = Path.Combine(dir, "alerts.yml");
            await File.WriteAllTextAsync(rulesPath, RuleFileYaml.Write(rules));
            var testPath = Path.Combine(dir, "proof", "alerts.test.yml");

            var report = await PrometheusBacktester.RunAsync(rules, IncidentSeries.MemoryLeak(), IncidentSeries.At(138), [IncidentSeries.Page(140)],
                new BacktestOptions { PromtoolTestPath = testPath, RulesPath = rulesPath });

            report.Warnings.ShouldBeEmpty();
            report.PromtoolTestFile.ShouldBe(testPath);
            var text = await File.ReadAllTextAsync(testPath);
            text.ShouldContain("../alerts.yml");
            text.ShouldNotContain("start_timestamp");
            text.ShouldContain("exp_annotations");
            var run = await PromtoolRunner.TestRulesAsync(testPath);
            run.Ok.ShouldBeTrue(run.Output);
            foreach (var r in report.Rules)
            {
                // On series already on the evaluation grid, promtool's own rule engine fires exactly when our backtest says.
                r.PromtoolFirstFiring.ShouldBe(r.Episodes.FirstOrDefault(e => e.FiredAt is not null)?.FiredAt, r.Alert);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Shared_example_rules_backtest_on_restarts_and_error_ratio()
    {
        var rules = RuleFileYaml.Parse(await File.ReadAllTextAsync(RepoPaths.InShared("formats", "prometheus-rules", "incident_alerts.yml")), "incident_alerts.yml");
        var ok = new double[61];
        var errors = new double[61];
        var restarts = new double[61];
        var reason = new double[61];
        for (var m = 0; m <= 60; m++)
        {
            ok[m] = 90 * 60 * m;
            // 10% errors from minute 30 (counter increases 10/s).
            errors[m] = m < 30 ? 0 : 10 * 60 * (m - 30);
            restarts[m] = m < 40 ? 0 : 1;
            reason[m] = m < 40 ? 0 : 1;
        }
        var metrics = new List<Firefighter.Evidence.MetricSeries>
        {
            IncidentSeries.Series("http_requests_total", new() { ["service"] = "checkout", ["code"] = "200" }, ok),
            IncidentSeries.Series("http_requests_total", new() { ["service"] = "checkout", ["code"] = "500" }, errors),
            IncidentSeries.Series("kube_pod_container_status_restarts_total", IncidentSeries.Pod("cart-0"), restarts),
            IncidentSeries.Series("kube_pod_container_status_last_terminated_reason", new(IncidentSeries.Pod("cart-0")) { ["reason"] = "OOMKilled" }, reason),
        };

        var report = await PrometheusBacktester.RunAsync(rules, metrics, IncidentSeries.At(30), []);

        var ratio = report.Rules.Single(r => r.Alert == "HighErrorRatio");
        // The 5m rate ratio crosses 5% a few minutes after the errors start at minute 30; for: 5m adds five more.
        ratio.FirstFiring!.Value.ShouldBeInRange(IncidentSeries.At(36), IncidentSeries.At(40));
        ratio.Episodes.Single().ActiveAt.ShouldBe(ratio.FirstFiring.Value.AddMinutes(-5));
        ratio.BaselineFirings.ShouldBe(0);
        var oom = report.Rules.Single(r => r.Alert == "KubeContainerOOMKilled");
        oom.FirstFiring.ShouldBe(IncidentSeries.At(40));
        oom.Episodes.Single().EndedAt.ShouldBe(IncidentSeries.At(50));
    }

    [Fact]
    public async Task Bad_promql_is_a_per_rule_error_not_an_exception()
    {
        var rules = RuleFileYaml.Parse("groups:\n- name: g\n  rules:\n  - alert: Bad\n    expr: 'sum(rate(x[5m]) by'\n", "bad.yml");
        var report = await PrometheusBacktester.RunAsync(rules, IncidentSeries.MemoryLeak(), null, []);
        var bad = report.Rules.Single();
        bad.Error.ShouldNotBeNull();
        bad.Summary.ShouldStartWith("could not evaluate");
    }
}
