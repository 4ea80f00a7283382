using System.Text.Json.Nodes;
using Firefighter.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Firefighter.Cli.Tests.Collect;

public sealed class CollectCommandTests : IDisposable
{
    private static readonly string Sample = RepoPaths.InRepo("samples", "oom-after-deploy");
    private readonly string _dir = Directory.CreateTempSubdirectory("ff-collect-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var context = new CliContext { Out = o, Error = e, Time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 15, 14, 47, 30, TimeSpan.Zero)), Env = _ => null };
        var code = await Cli.RunAsync(args, context);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Collect_writes_a_bundle_and_archive_and_investigate_live_investigates_what_it_collected()
    {
        await using var live = await SampleLiveSources.StartAsync(Sample, Path.Combine(_dir, "fakes"), withPrometheus: false);
        var alert = Path.Combine(Sample, "alerts", "2024-01-15T1429_HighErrorRate.json");
        var bundle = Path.Combine(_dir, "bundle");

        var (code, stdout, stderr) = await Run("collect", "--alert", alert, "--kubeconfig", live.Kubeconfig, "--out", bundle, "--json");
        var (liveCode, report, liveErr) = await Run("investigate", "--live", "--alert", alert, "--kubeconfig", live.Kubeconfig, "--json");

        code.ShouldBe(0, stderr);
        JsonNode.Parse(stdout)!["namespace"]!.GetValue<string>().ShouldBe("production");
        File.Exists(bundle + ".tar.gz").ShouldBeTrue();
        stderr.ShouldContain("ff: collect: kubernetes: listing");
        liveCode.ShouldBe(2, liveErr);
        JsonNode.Parse(report)!["hypotheses"]!.AsArray().Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Usage_errors_name_what_is_missing()
    {
        (await Run("collect", "--out", Path.Combine(_dir, "b"), "--no-kube")).ShouldSatisfyAllConditions(
            r => r.Code.ShouldBe(1),
            r => r.Err.ShouldContain("nothing to collect"));
        (await Run("investigate")).Err.ShouldContain("--live");
        (await Run("investigate", Sample, "--live", "--no-kube")).Err.ShouldContain("not both");
        (await Run("collect", "--out", Path.Combine(_dir, "b"), "--prometheus", "not a url")).Err.ShouldContain("--prometheus");
    }
}
