using System.Text.Json;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Promtool;
using Firefighter.Testing;
using Firefighter.Prevention.Rules;

namespace Firefighter.Cli.Tests.Alerts;

/// <summary>The "done when" on the shipped samples: generated rules read only metrics the bundle has, one of them fires before
/// onset + 5 min with no baseline noise, promtool proves it, and none of them fires on the healthy sample.</summary>
public sealed class SampleAlertsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ff-sample-alerts").FullName;

    public void Dispose()
    {
        Directory.Delete(_dir, true);
    }

    [Theory]
    [InlineData("oom-after-deploy")]
    [InlineData("db-connection-refused")]
    public async Task Generated_rules_read_only_metrics_present_in_the_bundle(string sample)
    {
        var rules = await Generate(sample);

        var bundleMetrics = BundleReader.Read(RepoPaths.InRepo("samples", sample), TimeProvider.System).Evidence!.Metrics.Select(m => m.Name).ToHashSet();
        rules.AlertRules.Count().ShouldBeGreaterThan(0);
        foreach (var (_, rule) in rules.AlertRules)
        {
            PromQlNames.MetricsIn(rule.Expr).ShouldAllBe(m => bundleMetrics.Contains(m), $"{rule.Alert}: {rule.Expr}");
        }
    }

    [Theory]
    [InlineData("oom-after-deploy")]
    [InlineData("db-connection-refused")]
    public async Task A_generated_rule_fires_before_onset_plus_5_minutes_without_baseline_noise_and_promtool_agrees(string sample)
    {
        await Generate(sample);
        var rulesPath = Path.Combine(_dir, sample, "alerts.yml");
        var proof = Path.Combine(_dir, sample, "alerts.test.yml");

        var (code, stdout, stderr) = await Run("alerts", "backtest", rulesPath, "--bundle", RepoPaths.InRepo("samples", sample), "--promtool-test", proof, "--json");

        code.ShouldBe(0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var onset = doc.RootElement.GetProperty("onset").GetDateTimeOffset();
        var caught = doc.RootElement.GetProperty("rules").EnumerateArray().Where(r => r.GetProperty("caught").GetBoolean()).ToList();
        caught.ShouldNotBeEmpty();
        foreach (var r in caught)
        {
            r.GetProperty("firstFiring").GetDateTimeOffset().ShouldBeLessThanOrEqualTo(onset.AddMinutes(5));
            r.GetProperty("baselineFirings").GetInt32().ShouldBe(0);
        }
        (await PromtoolRunner.CheckRulesAsync([rulesPath])).Ok.ShouldBeTrue();
        var test = await PromtoolRunner.TestRulesAsync(proof);
        test.Ok.ShouldBeTrue(test.Output);
        test.Output.ShouldContain("SUCCESS");
    }

    [Theory]
    [InlineData("oom-after-deploy")]
    [InlineData("db-connection-refused")]
    public async Task Rules_generated_from_an_incident_stay_silent_on_the_healthy_sample(string sample)
    {
        await Generate(sample);

        var (code, stdout, stderr) = await Run("alerts", "backtest", Path.Combine(_dir, sample, "alerts.yml"), "--bundle", RepoPaths.InRepo("samples", "healthy"), "--json");

        code.ShouldBe(ExitCodes.Problems, stderr);
        using var doc = JsonDocument.Parse(stdout);
        foreach (var r in doc.RootElement.GetProperty("rules").EnumerateArray())
        {
            r.GetProperty("fired").GetBoolean().ShouldBeFalse(r.GetProperty("alert").GetString());
        }
    }

    [Theory]
    [InlineData("oom-after-deploy")]
    [InlineData("db-connection-refused")]
    public async Task Generate_writes_a_current_schema_grafana_dashboard_whose_targets_read_bundle_metrics(string sample)
    {
        await Generate(sample);
        var bundleMetrics = BundleReader.Read(RepoPaths.InRepo("samples", sample), TimeProvider.System).Evidence!.Metrics.Select(m => m.Name).ToHashSet();

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, sample, "grafana-dashboard.json")));

        var root = doc.RootElement;
        root.GetProperty("schemaVersion").GetInt32().ShouldBeGreaterThanOrEqualTo(39);
        root.GetProperty("uid").GetString()!.ShouldStartWith("ff-");
        var panels = root.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() == "timeseries").ToList();
        panels.Count.ShouldBeGreaterThanOrEqualTo(3);
        foreach (var p in panels)
        {
            var grid = p.GetProperty("gridPos");
            (grid.GetProperty("w").GetInt32() + grid.GetProperty("x").GetInt32()).ShouldBeLessThanOrEqualTo(24);
            grid.GetProperty("h").GetInt32().ShouldBeGreaterThan(0);
            var targets = p.GetProperty("targets").EnumerateArray().ToList();
            targets.ShouldNotBeEmpty();
            foreach (var t in targets)
            {
                var metrics = PromQlNames.MetricsIn(t.GetProperty("expr").GetString()!);
                metrics.ShouldNotBeEmpty();
                metrics.ShouldAllBe(m => bundleMetrics.Contains(m), t.GetProperty("expr").GetString());
            }
        }
        var annotations = root.GetProperty("annotations").GetProperty("list").EnumerateArray().Select(a => a.GetProperty("name").GetString()).ToList();
        annotations.ShouldContain("Onset");
        annotations.ShouldContain(n => n!.StartsWith("Change ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_runbook_url_points_at_a_runbook_written_beside_alerts_yml_with_the_incidents_commands()
    {
        var rules = await Generate("oom-after-deploy");

        foreach (var (_, rule) in rules.AlertRules)
        {
            File.Exists(Path.Combine(_dir, "oom-after-deploy", rule.Annotations["runbook_url"])).ShouldBeTrue(rule.Annotations["runbook_url"]);
        }
        var runbook = await File.ReadAllTextAsync(Path.Combine(_dir, "oom-after-deploy", "runbooks", "oom-memory-leak-after-deploy.md"));
        foreach (var section in new[] { "## Detect", "## Confirm", "## Mitigate", "## Verify", "## Escalate" })
        {
            runbook.ShouldContain(section);
        }
        runbook.ShouldContain("`kubectl rollout undo deployment/api -n production`");
        runbook.ShouldContain("`ContainerMemoryNearLimit`");
        runbook.ShouldNotContain("{workload}");
    }

    [Fact]
    public async Task The_generic_runbooks_in_docs_are_current()
    {
        var (code, stdout, _) = await Run("alerts", "runbooks", "--out", RepoPaths.InRepo("docs", "runbooks"), "--check");

        code.ShouldBe(0, stdout);
    }

    [Fact]
    public void A_runbook_lists_each_finding_kind_once_marked_required_when_any_clause_requires_it()
    {
        foreach (var file in Directory.GetFiles(RepoPaths.InRepo("docs", "runbooks"), "*.md"))
        {
            var line = File.ReadLines(file).Single(l => l.StartsWith("Findings that point here: ", StringComparison.Ordinal));
            var kinds = System.Text.RegularExpressions.Regex.Matches(line, "`([^`]+)`").Select(m => m.Groups[1].Value).ToList();
            kinds.ShouldBeUnique(file);
        }
        var culprit = File.ReadLines(RepoPaths.InRepo("docs", "runbooks", "service-error-return.md")).Single(l => l.StartsWith("Findings that point here: ", StringComparison.Ordinal));
        culprit.ShouldContain("`fusion.culprit` (required)");
    }

    [Fact]
    public async Task Runbooks_check_names_a_stale_file()
    {
        var dir = Path.Combine(_dir, "runbooks");
        (await Run("alerts", "runbooks", "--out", dir)).Code.ShouldBe(0);
        await File.AppendAllTextAsync(Path.Combine(dir, "disk-full.md"), "edited by hand\n");

        var (code, stdout, _) = await Run("alerts", "runbooks", "--out", dir, "--check");

        code.ShouldBe(ExitCodes.Problems);
        stdout.ShouldContain("disk-full.md: out of date");
    }

    [Fact]
    public async Task Investigate_with_backtest_puts_the_verdicts_in_the_report_and_without_it_stays_unbacktested()
    {
        var bundle = RepoPaths.InRepo("samples", "oom-after-deploy");

        var (_, plain, _) = await Run("investigate", bundle, "--json");
        var (_, backtested, stderr) = await Run("investigate", bundle, "--json", "--backtest", "--out", Path.Combine(_dir, "report"));

        foreach (var a in Lead(plain).EnumerateArray())
        {
            (a.TryGetProperty("backtest", out var b) && b.ValueKind != JsonValueKind.Null).ShouldBeFalse();
        }
        var lines = Lead(backtested).EnumerateArray().Select(a => a.GetProperty("backtest").GetString()).ToList();
        lines.ShouldContain(l => l!.Contains("before the onset") && l.Contains("0 false alarm(s) in the healthy baseline"), stderr);
        var md = await File.ReadAllTextAsync(Path.Combine(_dir, "report", "report.md"));
        md.ShouldContain("- `ContainerMemoryNearLimit` (derived from the evidence's series): would have fired at 2024-01-15 14:10 UTC, 12 min before the onset");
    }

    private static JsonElement Lead(string reportJson) =>
        JsonDocument.Parse(reportJson).RootElement.GetProperty("hypotheses")[0].GetProperty("alerts");

    [Fact]
    public async Task The_healthy_sample_gets_no_rules()
    {
        var (code, stdout, _) = await Run("alerts", "generate", RepoPaths.InRepo("samples", "healthy"), "--out", Path.Combine(_dir, "healthy"));

        code.ShouldBe(ExitCodes.Problems);
        stdout.ShouldStartWith("0 alerting rule(s)");
    }

    private async Task<RuleFile> Generate(string sample)
    {
        var outDir = Path.Combine(_dir, sample);
        var (code, _, stderr) = await Run("alerts", "generate", RepoPaths.InRepo("samples", sample), "--out", outDir);
        code.ShouldBe(0, stderr);
        var path = Path.Combine(outDir, "alerts.yml");
        return RuleFileYaml.Parse(await File.ReadAllTextAsync(path), path);
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await Cli.RunAsync(args, new CliContext { Out = o, Error = e, BaseDirectory = RepoPaths.Root });
        return (code, o.ToString(), e.ToString());
    }
}
