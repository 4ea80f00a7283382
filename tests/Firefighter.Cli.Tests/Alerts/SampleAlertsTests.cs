using System.Text.Json;
using Firefighter.Alerts;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Promtool;
using Firefighter.Testing;

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
