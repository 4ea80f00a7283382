using System.Text.Json;
using System.Text.Json.Nodes;
using Firefighter.Testing;

namespace Firefighter.Cli.Tests.Commands;

/// <summary><c>ff k8s scan</c> against a live (loopback, recorded) API server and with snapshots read by the bundle readers.</summary>
public sealed class K8sLiveScanTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ff-k8s-live-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(Func<string, string?>? env, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var ctx = new CliContext
        {
            Out = o,
            Error = e,
            Time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero)),
            Env = env ?? (_ => null),
        };
        var code = await Cli.RunAsync(args, ctx);
        return (code, o.ToString(), e.ToString());
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static readonly string CrashingPod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"api-7f9c8d6b5-x2x7k","namespace":"production"},
         "spec":{"containers":[{"name":"api","image":"shop/api:2"}]},
         "status":{"phase":"Running","containerStatuses":[{"name":"api","image":"shop/api:2","ready":false,"restartCount":9,
           "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 5m0s restarting failed container"}},
           "lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled","finishedAt":"2025-06-01T11:58:00Z"}}}]}}
        """;

    [Fact]
    public async Task Live_scan_through_a_kubeconfig_reports_the_pods_problem_as_json()
    {
        using var server = new RecordedApiServer([Parse(CrashingPod)]);
        var kubeconfig = server.WriteKubeconfig(_dir);

        var (code, output, err) = await Run(null, "k8s", "scan", "--kubeconfig", kubeconfig, "--context", "recorded", "--json");

        err.ShouldBeEmpty();
        code.ShouldBe(ExitCodes.Problems);
        using var doc = JsonDocument.Parse(output);
        var kinds = doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()).ToList();
        kinds.ShouldContain("k8s.container.oomkilled");
        doc.RootElement.GetProperty("asOf").GetString()!.ShouldStartWith("2025-06-01T12:00:00");
    }

    [Fact]
    public async Task Kubeconfig_is_found_through_the_KUBECONFIG_variable()
    {
        using var server = new RecordedApiServer([Parse(CrashingPod)]);
        var kubeconfig = server.WriteKubeconfig(_dir);

        var (code, output, _) = await Run(name => name == "KUBECONFIG" ? kubeconfig : null, "k8s", "scan", "-n", "production");

        code.ShouldBe(ExitCodes.Problems);
        output.ShouldContain("api-7f9c8d6b5-x2x7k");
        server.Requests.ShouldContain(r => r.StartsWith("GET /api/v1/namespaces/production/pods", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refused_pods_exit_three_with_one_line_naming_the_verb_and_resource()
    {
        using var server = new RecordedApiServer([]);
        server.Overrides["pods"] = (403, RecordedApiServer.Status(403, "Forbidden", "pods is forbidden: User \"jane\" cannot list resource \"pods\""), TimeSpan.Zero);

        var (code, output, err) = await Run(null, "k8s", "scan", "--kubeconfig", server.WriteKubeconfig(_dir));

        code.ShouldBe(ExitCodes.CannotRun);
        output.ShouldBeEmpty();
        err.Trim().Split('\n').Length.ShouldBe(1);
        err.ShouldContain("forbidden (403): list pods in all namespaces was refused");
    }

    [Fact]
    public async Task No_snapshot_and_no_cluster_is_a_usage_error()
    {
        var (code, _, err) = await Run(null, "k8s", "scan");

        code.ShouldBe(ExitCodes.Usage);
        err.ShouldContain("--snapshot");
        err.ShouldContain("--kubeconfig");
    }

    [Fact]
    public async Task Snapshot_accepts_event_tables_and_describe_text_like_a_bundle()
    {
        var data = Path.Combine(RepoPaths.Root, "tests", "Firefighter.Sources.Tests", "TestData");
        File.Copy(Path.Combine(data, "kubectl-describe-pod.txt"), Path.Combine(_dir, "describe.txt"));
        File.Copy(Path.Combine(data, "kubectl-get-events.txt"), Path.Combine(_dir, "events.txt"));

        var (code, output, _) = await Run(null, "k8s", "scan", "--snapshot", _dir, "--json");

        code.ShouldBe(ExitCodes.Problems);
        using var doc = JsonDocument.Parse(output);
        var findings = doc.RootElement.GetProperty("findings").EnumerateArray().ToList();
        findings.ShouldContain(f => f.GetProperty("kind").GetString() == "k8s.container.oomkilled" && f.GetProperty("entity").GetProperty("name").GetString() == "api-7f9c8d6b5-x2x7k");
        findings.SelectMany(f => f.GetProperty("evidence").EnumerateArray()).ShouldContain(e => e.GetString()!.Contains("describe.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bundle_as_snapshot_uses_its_k8s_folder_and_incident_capture_time()
    {
        var (code, output, err) = await Run(null, "k8s", "scan", "--snapshot", RepoPaths.InRepo("samples", "oom-after-deploy"), "--json");

        code.ShouldBe(ExitCodes.Problems);
        err.ShouldNotContain("relative");
        err.ShouldNotContain("unknown file type");
        using var doc = JsonDocument.Parse(output);
        var kinds = doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()).ToList();
        kinds.ShouldContain("k8s.container.oomkilled");
        kinds.ShouldContain("k8s.rollout.diff");
    }
}
