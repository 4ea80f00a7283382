using System.Text;
using System.Text.Json;
using Firefighter.Testing;

namespace Firefighter.Cli.Tests.Commands;

public sealed class K8sCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ff-k8s-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Pod(int i) => $$$"""
        - apiVersion: v1
          kind: Pod
          metadata:
            name: billing-6c9f8d7b5c-p{{{i:D4}}}
            namespace: payments
            ownerReferences: [{kind: ReplicaSet, name: billing-6c9f8d7b5c}]
            labels: {pod-template-hash: 6c9f8d7b5c}
          spec: {containers: [{name: api, image: "billing:3.1"}]}
          status:
            phase: Pending
            containerStatuses:
            - name: api
              ready: false
              restartCount: 0
              state: {waiting: {reason: CreateContainerConfigError, message: 'secret "billing-db" not found'}}
        """;

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var ctx = new CliContext { Out = o, Error = e, Time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero)) };
        var code = await Cli.RunAsync(args, ctx);
        return (code, o.ToString(), e.ToString());
    }

    private string WriteTenPods()
    {
        var sb = new StringBuilder("apiVersion: v1\nkind: List\nitems:\n");
        for (var i = 0; i < 10; i++)
        {
            sb.Append(Pod(i)).Append('\n');
        }
        var path = Path.Combine(_dir, "pods.yaml");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public async Task Ten_pods_missing_one_secret_are_one_cause_with_ten_affected_pods()
    {
        var (code, output, _) = await Run("k8s", "scan", "--snapshot", WriteTenPods());

        code.ShouldBe(ExitCodes.Problems);
        output.ShouldContain("1 problem(s) (1 critical, 0 warning)");
        output.ShouldContain("Secret billing-db does not exist");
        output.ShouldContain("affects 10 pod(s) of deployment billing");
        output.ShouldContain("(+5 more)");
    }

    [Fact]
    public async Task Json_output_is_the_documented_envelope()
    {
        var (code, output, _) = await Run("k8s", "scan", "--snapshot", WriteTenPods(), "--json");

        code.ShouldBe(ExitCodes.Problems);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("status").GetString().ShouldBe("problems");
        var findings = doc.RootElement.GetProperty("findings");
        findings.GetArrayLength().ShouldBe(10);
        var f = findings[0];
        f.GetProperty("kind").GetString().ShouldBe("k8s.container.config_error");
        f.GetProperty("severity").GetString().ShouldBe("critical");
        f.GetProperty("entity").GetProperty("kind").GetString().ShouldBe("Pod");
        f.GetProperty("entity").GetProperty("namespace").GetString().ShouldBe("payments");
        f.GetProperty("message").GetString()!.ShouldContain("billing-db");
        f.GetProperty("evidence").GetArrayLength().ShouldBeGreaterThan(0);
        f.GetProperty("commands").GetArrayLength().ShouldBeGreaterThan(0);
        doc.RootElement.GetProperty("causes").GetArrayLength().ShouldBe(1);
        doc.RootElement.GetProperty("causes")[0].GetProperty("count").GetInt32().ShouldBe(10);
    }

    [Fact]
    public async Task Anonymize_masks_namespaces_and_names()
    {
        var (_, output, _) = await Run("k8s", "scan", "--snapshot", WriteTenPods(), "--json", "--anonymize");

        output.ShouldNotContain("payments");
        output.ShouldNotContain("billing");
        output.ShouldContain("k8s.container.config_error");
    }

    [Fact]
    public async Task Healthy_snapshot_exits_zero_and_missing_file_exits_three()
    {
        var healthy = RepoPaths.InShared("datasets", "k8s", "is-healthy", "Kubernetes", "Pod", "healthy.yaml");
        (await Run("k8s", "scan", "--snapshot", healthy)).Code.ShouldBe(ExitCodes.Ok);
        var (code, _, err) = await Run("k8s", "scan", "--snapshot", Path.Combine(_dir, "nope.yaml"));
        code.ShouldBe(ExitCodes.CannotRun);
        err.ShouldContain("nope.yaml");
    }

    [Fact]
    public async Task Unreadable_yaml_exits_three_naming_file_and_line()
    {
        var bad = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(bad, "kind: Pod\nmetadata:\n  name: [unclosed\n");
        var (code, _, err) = await Run("k8s", "scan", "--snapshot", bad);
        code.ShouldBe(ExitCodes.CannotRun);
        err.ShouldContain("bad.yaml:");
    }

    [Fact]
    public async Task Namespace_and_analyzer_filters_apply()
    {
        var path = WriteTenPods();
        (await Run("k8s", "scan", "--snapshot", path, "-n", "other")).Code.ShouldBe(ExitCodes.Ok);
        (await Run("k8s", "scan", "--snapshot", path, "--analyzer", "k8s.nodes")).Code.ShouldBe(ExitCodes.Ok);
        (await Run("k8s", "scan", "--snapshot", path, "--analyzer", "k8s.nope")).Code.ShouldBe(ExitCodes.Usage);
    }
}
