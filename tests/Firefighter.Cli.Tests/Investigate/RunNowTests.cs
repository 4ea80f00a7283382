using System.Globalization;
using System.Text.Json;
using Firefighter.Testing;

namespace Firefighter.Cli.Tests.Investigate;

/// <summary>Issue 15: each command in "Run now" is justified by evidence in the report.</summary>
public sealed class RunNowTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ff-runnow").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRun.Run(args);

    [Fact]
    public async Task A_5xx_series_alone_never_proposes_a_rollback()
    {
        // Prometheus query_range JSON as the API returns it: checkout's 5xx ratio flat at 1%, then 40% from the 40th sample.
        var start = 1709287200;
        var values = string.Join(",", Enumerable.Range(0, 80).Select(i =>
            $"[{start + i * 30},\"{(i < 40 ? 0.01 + (i % 3) * 0.001 : 0.4 + (i % 3) * 0.01).ToString(CultureInfo.InvariantCulture)}\"]"));
        var json = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"__name__\":\"http_5xx_ratio\",\"namespace\":\"shop\",\"service\":\"checkout\"},\"values\":["
            + values + "]}]}}";
        Directory.CreateDirectory(Path.Combine(_dir, "b", "metrics"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "b", "metrics", "http_5xx_ratio.json"), json);

        var (_, stdout, stderr) = await Run("investigate", Path.Combine(_dir, "b"), "--json");

        using var doc = JsonDocument.Parse(stdout);
        var commands = doc.RootElement.GetProperty("hypotheses").EnumerateArray()
            .SelectMany(h => h.GetProperty("mitigation").EnumerateArray()).Select(m => m.GetProperty("command").GetString()!).ToList();
        commands.ShouldNotContain(c => c.Contains("rollout undo"), stderr);
    }

    [Fact]
    public async Task The_OOM_sample_keeps_its_rollback_because_the_deploy_precedes_the_onset_and_says_so()
    {
        var (_, stdout, _) = await Run("investigate", RepoPaths.InRepo("samples", "oom-after-deploy"), "--json");

        using var doc = JsonDocument.Parse(stdout);
        var rollback = doc.RootElement.GetProperty("hypotheses")[0].GetProperty("mitigation").EnumerateArray()
            .Single(m => m.GetProperty("command").GetString()!.Contains("rollout undo"));
        rollback.GetProperty("why").GetString()!.ShouldContain("the change before the onset: Deploy of deployment/api");
        rollback.GetProperty("verify").GetString().ShouldNotBeNullOrWhiteSpace();
    }
}
