using System.Text.Json;
using Firefighter.Evidence;
using Firefighter.Sources.Promtool;
using Firefighter.Testing;
using Firefighter.Hypotheses;
using Firefighter.Reports;
using Firefighter.Correlation;

namespace Firefighter.Cli.Tests.Alerts;

public sealed class AlertsCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("ff-alerts-cli").FullName;
    private Func<string, (InvestigationReport, EvidenceSet)>? _investigate;

    public void Dispose()
    {
        Directory.Delete(_dir, true);
    }

    [Theory]
    [InlineData("getting-started")]
    [InlineData("kubernetes-apiserver")]
    public async Task Slo_writes_rules_that_promtool_accepts(string example)
    {
        var (code, stdout, stderr) = await Run("alerts", "slo", RepoPaths.InShared("formats", "slo", "sloth", $"spec__{example}.yml"), "--out", _dir);
        code.ShouldBe(0, stderr);
        stdout.ShouldContain("alerting rule(s)");
        var file = Directory.GetFiles(_dir, "*.rules.yml").Single();
        var check = await PromtoolRunner.CheckRulesAsync([file]);
        check.Ok.ShouldBeTrue(check.Output);
        check.Output.ShouldContain("SUCCESS");
    }

    [Fact]
    public async Task Generate_from_a_report_json_writes_rules_that_promtool_accepts()
    {
        var reportPath = Path.Combine(_dir, "report.json");
        await File.WriteAllTextAsync(reportPath, Firefighter.Reports.ReportJson.Serialize(LeakReport()));
        var outDir = Path.Combine(_dir, "out");

        var (code, stdout, stderr) = await Run("alerts", "generate", reportPath, "--out", outDir);

        code.ShouldBe(0, stderr);
        stdout.ShouldStartWith("2 alerting rule(s)");
        var yaml = await File.ReadAllTextAsync(Path.Combine(outDir, "alerts.yml"));
        yaml.ShouldContain("runbook_url");
        var check = await PromtoolRunner.CheckRulesAsync([Path.Combine(outDir, "alerts.yml")]);
        check.Ok.ShouldBeTrue(check.Output);
    }

    [Fact]
    public async Task Generate_then_backtest_proves_a_rule_with_a_promtool_test_that_passes()
    {
        _investigate = _ => (LeakReport(), LeakEvidence());
        var bundle = Directory.CreateDirectory(Path.Combine(_dir, "bundle")).FullName;
        var outDir = Path.Combine(_dir, "out");
        (await Run("alerts", "generate", bundle, "--out", outDir)).Code.ShouldBe(0);
        var rules = Path.Combine(outDir, "alerts.yml");
        var proof = Path.Combine(outDir, "alerts.test.yml");

        var (code, stdout, stderr) = await Run("alerts", "backtest", rules, "--bundle", bundle, "--promtool-test", proof, "--json");

        code.ShouldBe(0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var near = doc.RootElement.GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("alert").GetString() == "ContainerMemoryNearLimit");
        near.GetProperty("caught").GetBoolean().ShouldBeTrue();
        near.GetProperty("baselineFirings").GetInt32().ShouldBe(0);
        near.GetProperty("minutesBeforeOnset").GetDouble().ShouldBe(7);
        var test = await PromtoolRunner.TestRulesAsync(proof);
        test.Ok.ShouldBeTrue(test.Output);
        (await File.ReadAllTextAsync(proof)).ShouldContain("rule_files:\n  - \"alerts.yml\"");
    }

    [Fact]
    public async Task Backtest_prints_a_table_of_verdicts()
    {
        _investigate = _ => (LeakReport(), LeakEvidence());
        var rules = Path.Combine(_dir, "r.yml");
        await File.WriteAllTextAsync(rules, File.ReadAllText(RepoPaths.InShared("formats", "prometheus-rules", "incident_alerts.yml")));
        var (code, stdout, _) = await Run("alerts", "backtest", rules, "--bundle", _dir, "--onset", "2025-03-14T11:18:00Z");
        code.ShouldBe(ExitCodes.Problems); // these rules read metrics this incident does not have
        stdout.ShouldContain("KubeContainerOOMKilled");
        stdout.ShouldContain("would not have fired on this incident's data (no data for kube_pod_container_status_restarts_total");
    }

    [Fact]
    public async Task Backtest_names_the_group_when_an_alert_name_repeats_across_groups()
    {
        _investigate = _ => (LeakReport(), LeakEvidence());
        var rules = Path.Combine(_dir, "dup.yml");
        await File.WriteAllTextAsync(rules, """
            groups:
              - name: api
                rules:
                  - alert: ContainerRestartingRepeatedly
                    expr: increase(kube_pod_container_status_restarts_total{container="api"}[15m]) > 2
              - name: worker
                rules:
                  - alert: ContainerRestartingRepeatedly
                    expr: increase(kube_pod_container_status_restarts_total{container="worker"}[15m]) > 2
                  - alert: WorkerOnly
                    expr: up == 0
            """);
        var (_, stdout, stderr) = await Run("alerts", "backtest", rules, "--bundle", _dir, "--onset", "2025-03-14T11:18:00Z");
        stdout.ShouldContain("api/ContainerRestartingRepeatedly: ", Case.Sensitive, stderr);
        stdout.ShouldContain("worker/ContainerRestartingRepeatedly: ");
        // A name used once stays bare.
        stdout.ShouldContain("WorkerOnly: ");
        stdout.ShouldNotContain("worker/WorkerOnly");
    }

    [Fact]
    public async Task Backtest_of_a_missing_rule_file_cannot_run()
    {
        var (code, _, stderr) = await Run("alerts", "backtest", Path.Combine(_dir, "nope.yml"), "--bundle", _dir);
        code.ShouldBe(ExitCodes.CannotRun);
        stderr.ShouldContain("nope.yml: no such file");
    }

    private async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await Cli.RunAsync(args, new CliContext { Out = o, Error = e, InvestigateBundle = _investigate });
        return (code, o.ToString(), e.ToString());
    }

    private static InvestigationReport LeakReport() => new()
    {
        Status = "root_cause",
        Title = "cart OOMKilled after v2 deploy",
        Onset = T0.AddMinutes(138),
        Severity = new SeverityAssessment("P1", ["2 pods OOMKilled"]),
        Hypotheses =
        [
            new Hypothesis
            {
                Rank = 1, Signature = "oom-memory-leak-after-deploy", Title = "Memory leak in cart v2", Supported = true,
                Cause = "cart containers grow to their 512Mi limit since the v2 deploy.",
                Entity = new EntityRef("Deployment", "shop", "cart"),
                Alerts =
                [
                    new AlertRuleSuggestion("ContainerMemoryNearLimit",
                        "max by (namespace, pod, container) (container_memory_working_set_bytes{namespace=\"shop\", container!=\"\"} / on (namespace, pod, container) kube_pod_container_resource_limits{resource=\"memory\"}) > 0.9",
                        "5m", "warning", "{{ $labels.pod }} memory is above 90% of its limit"),
                    new AlertRuleSuggestion("ContainerMemoryGrowing",
                        "predict_linear(container_memory_working_set_bytes{namespace=\"shop\", container!=\"\"}[30m], 3600) > on (namespace, pod, container) kube_pod_container_resource_limits{resource=\"memory\"}",
                        "15m", "warning", "{{ $labels.pod }} will reach its memory limit within an hour"),
                ],
            },
        ],
    };

    private static EvidenceSet LeakEvidence()
    {
        var ev = new EvidenceSet { Origin = "test" };
        const int minutes = 150;
        var ts = Enumerable.Range(0, minutes + 1).Select(m => (double)T0.AddMinutes(m).ToUnixTimeSeconds()).ToArray();
        var mem = Enumerable.Range(0, minutes + 1).Select(m => (m < 60 ? 200.0 : Math.Min(200 + (4 * (m - 60)), 511)) * 1024 * 1024).ToArray();
        var labels = new Dictionary<string, string> { ["namespace"] = "shop", ["pod"] = "cart-7d9", ["container"] = "cart" };
        ev.Metrics.Add(new MetricSeries("container_memory_working_set_bytes", labels, ts, mem, new EvidenceRef("metrics/mem.json")));
        ev.Metrics.Add(new MetricSeries("kube_pod_container_resource_limits", new Dictionary<string, string>(labels) { ["resource"] = "memory" },
            ts, ts.Select(_ => 512.0 * 1024 * 1024).ToArray(), new EvidenceRef("metrics/limits.json")));
        ev.Alerts.Add(new AlertEvent("KubePodCrashLooping", "firing", new Dictionary<string, string>(), new Dictionary<string, string>(),
            T0.AddMinutes(140), null, new EvidenceRef("alerts/page.json")));
        return ev;
    }
}
