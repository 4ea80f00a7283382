using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Sources.Kubernetes;
using Firefighter.Testing;
using Firefighter.Parsing;

namespace Firefighter.Sources.Tests.Kubernetes;

/// <summary>The live path: KubernetesClient, configured from a generated kubeconfig, lists a loopback server serving recorded API answers.</summary>
public sealed class KubeApiSourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ff-kapi-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The datasets' real objects and the recorded event, with "@now" placeholders resolved, as (source, text).</summary>
    private static List<(string Source, string Text)> DatasetTexts()
    {
        var files = Directory.EnumerateFiles(RepoPaths.InShared("datasets", "k8s"), "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(RepoPaths.InShared("formats", "kubernetes"), "*.json"))
            .Order(StringComparer.Ordinal);
        return files.Select(f => (f, KubeTestKit.SubstituteNow(File.ReadAllText(f), KubeTestKit.Now))).ToList();
    }

    private static List<JsonObject> Objects(IEnumerable<(string Source, string Text)> texts)
    {
        var warnings = new List<EvidenceWarning>();
        return texts.SelectMany(t => KubeYaml.ReadObjects(t.Text, t.Source, warnings)).Select(o => o.Json).ToList();
    }

    private static List<string> Describe(EvidenceSet evidence) =>
        KubeTestKit.Run(evidence).Select(f => $"{f.Severity} {f.Kind} {f.Entity} {f.Title}").Order(StringComparer.Ordinal).ToList();

    private Task<KubeApiReadResult> Read(RecordedApiServer server, string? ns = null, TimeSpan? timeout = null) =>
        KubeApiSource.ReadAsync(new KubeApiOptions { Kubeconfig = server.WriteKubeconfig(_dir), Context = "recorded", Namespace = ns, Timeout = timeout ?? TimeSpan.FromSeconds(60) }, CancellationToken.None);

    [Fact]
    public async Task Live_findings_equal_the_findings_from_the_same_objects_read_from_files()
    {
        var texts = DatasetTexts();
        var fromFiles = new EvidenceSet();
        foreach (var (source, text) in texts)
        {
            KubeYaml.ReadInto(fromFiles, text, source);
        }
        using var server = new RecordedApiServer(Objects(texts));

        var result = await Read(server);

        result.Error!.ShouldBeNull();
        var live = result.Evidence!;
        live.Warnings.ShouldBeEmpty();
        live.Objects.Count.ShouldBe(fromFiles.Objects.Count);
        live.Events.Count.ShouldBe(fromFiles.Events.Count);
        var expected = Describe(fromFiles);
        expected.Count.ShouldBeGreaterThan(15);
        Describe(live).ShouldBe(expected);
        live.Objects[0].Ref.Source.ShouldStartWith(server.Url + "/api/v1/pods");
    }

    [Fact]
    public async Task Only_get_requests_are_made_with_the_kubeconfig_token()
    {
        using var server = new RecordedApiServer(Objects(DatasetTexts()));

        (await Read(server)).Ok.ShouldBeTrue();

        server.Requests.ShouldNotBeEmpty();
        server.Requests.ShouldAllBe(r => r.StartsWith("GET ", StringComparison.Ordinal));
        server.Requests.ShouldContain(r => r.StartsWith("GET /api/v1/pods", StringComparison.Ordinal));
        server.Requests.ShouldContain(r => r.StartsWith("GET /apis/policy/v1/poddisruptionbudgets", StringComparison.Ordinal));
        server.Authorizations.ShouldAllBe(a => a == "Bearer test-token");
    }

    [Fact]
    public async Task A_namespace_scopes_namespaced_lists_and_keeps_cluster_scoped_ones()
    {
        using var server = new RecordedApiServer(Objects(DatasetTexts()));

        var result = await Read(server, ns: "default");

        result.Ok.ShouldBeTrue();
        server.Requests.ShouldContain(r => r.StartsWith("GET /api/v1/namespaces/default/pods", StringComparison.Ordinal));
        server.Requests.ShouldContain(r => r.StartsWith("GET /api/v1/nodes", StringComparison.Ordinal));
        result.Evidence!.Objects.ShouldAllBe(o => o.Namespace == null || o.Namespace == "default");
        result.Evidence.Objects.ShouldContain(o => o.Kind == "Node");
    }

    [Fact]
    public async Task Forbidden_pods_fail_the_scan_naming_verb_and_resource()
    {
        using var server = new RecordedApiServer([]);
        server.Overrides["pods"] = (403, RecordedApiServer.Status(403, "Forbidden", "pods is forbidden: User \"system:serviceaccount:ops:ff\" cannot list resource \"pods\" in API group \"\" at the cluster scope"), TimeSpan.Zero);

        var result = await Read(server);

        result.Ok.ShouldBeFalse();
        result.Error!.ShouldContain("forbidden (403): list pods in all namespaces was refused");
        result.Error!.ShouldContain("system:serviceaccount:ops:ff");
        result.Error!.ShouldContain("rbac.yaml");
    }

    [Fact]
    public async Task Forbidden_or_failing_optional_lists_become_warnings_and_the_rest_is_read()
    {
        using var server = new RecordedApiServer(Objects(DatasetTexts()));
        server.Overrides["secrets"] = (403, RecordedApiServer.Status(403, "Forbidden", "secrets is forbidden"), TimeSpan.Zero);
        server.Overrides["deployments"] = (500, RecordedApiServer.Status(500, "InternalError", "etcdserver: request timed out"), TimeSpan.Zero);

        var result = await Read(server);

        result.Ok.ShouldBeTrue();
        var warnings = result.Evidence!.Warnings.Select(w => w.ToString()).ToList();
        warnings.ShouldContain(w => w.Contains("forbidden (403): list secrets in all namespaces", StringComparison.Ordinal));
        warnings.ShouldContain(w => w.Contains("list deployments.apps in all namespaces failed: HTTP 500", StringComparison.Ordinal) && w.Contains("etcdserver", StringComparison.Ordinal));
        result.Evidence.Objects.ShouldContain(o => o.Kind == "Pod");
        result.Evidence.Objects.ShouldNotContain(o => o.Kind == "Deployment");
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"kind\":\"PodList\",\"items\":[{\"metadata\":")]
    [InlineData("\u0000\u0001\u0002binary")]
    public async Task A_garbage_pods_body_fails_with_one_line(string body)
    {
        using var server = new RecordedApiServer([]);
        server.Overrides["pods"] = (200, body, TimeSpan.Zero);

        var result = await Read(server);

        result.Ok.ShouldBeFalse();
        result.Error!.ShouldContain("list pods in all namespaces: the server's answer is not a Kubernetes list");
        result.Error!.ShouldNotContain("\n");
    }

    [Fact]
    public async Task A_server_that_does_not_answer_times_out()
    {
        using var server = new RecordedApiServer([]);
        server.Overrides["pods"] = (200, "{}", TimeSpan.FromSeconds(30));

        var result = await Read(server, timeout: TimeSpan.FromSeconds(1));

        result.Ok.ShouldBeFalse();
        result.Error!.ShouldContain("timed out after 1 s");
        result.Error!.ShouldContain("list pods");
    }

    [Fact]
    public async Task Rejected_credentials_fail_the_scan()
    {
        using var server = new RecordedApiServer([]);
        server.Overrides["nodes"] = (401, RecordedApiServer.Status(401, "Unauthorized", "Unauthorized"), TimeSpan.Zero);

        var result = await Read(server);

        result.Ok.ShouldBeFalse();
        result.Error!.ShouldContain("rejected the credentials (401 Unauthorized)");
    }

    [Fact]
    public async Task An_unreachable_server_and_a_bad_kubeconfig_fail_with_one_line()
    {
        int port;
        using (var server = new RecordedApiServer([]))
        {
            port = server.Port;
        }
        var path = Path.Combine(_dir, "dead");
        File.WriteAllText(path, $"apiVersion: v1\nkind: Config\nclusters: [{{name: c, cluster: {{server: 'http://127.0.0.1:{port}'}}}}]\ncontexts: [{{name: x, context: {{cluster: c, user: u}}}}]\ncurrent-context: x\nusers: [{{name: u, user: {{token: t}}}}]\n");

        var dead = await KubeApiSource.ReadAsync(new KubeApiOptions { Kubeconfig = path, Timeout = TimeSpan.FromSeconds(5) }, CancellationToken.None);
        var missing = await KubeApiSource.ReadAsync(new KubeApiOptions { Kubeconfig = Path.Combine(_dir, "nope") }, CancellationToken.None);
        var badContext = await KubeApiSource.ReadAsync(new KubeApiOptions { Kubeconfig = path, Context = "nonesuch" }, CancellationToken.None);

        dead.Error!.ShouldContain($"cannot reach the API server at http://127.0.0.1:{port}");
        missing.Error!.ShouldContain("nope");
        badContext.Error!.ShouldContain("nonesuch");
    }

    [Fact]
    public async Task Secret_and_configmap_values_are_dropped_but_keys_and_tls_certificates_kept()
    {
        var secret = JsonNode.Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"shop"},"type":"Opaque","data":{"password":"aHVudGVyMg=="}}""")!.AsObject();
        var tls = JsonNode.Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"web-tls","namespace":"shop"},"type":"kubernetes.io/tls","data":{"tls.crt":"Y2VydA==","tls.key":"a2V5"}}""")!.AsObject();
        var cm = JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg","namespace":"shop"},"data":{"DB_URL":"postgres://admin:pw@db"}}""")!.AsObject();
        var pod = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"shop"},"status":{"phase":"Running"}}""")!.AsObject();
        using var server = new RecordedApiServer([secret, tls, cm, pod]);

        var result = await Read(server);

        var objects = result.Evidence!.Objects;
        var all = string.Join("\n", objects.Select(o => o.Json.ToJsonString()));
        all.ShouldNotContain("aHVudGVyMg==");
        all.ShouldNotContain("a2V5");
        all.ShouldNotContain("postgres://");
        objects.Single(o => o.Name == "db").Json["data"]!.AsObject().ContainsKey("password").ShouldBeTrue();
        objects.Single(o => o.Name == "cfg").Json["data"]!.AsObject().ContainsKey("DB_URL").ShouldBeTrue();
        KubeObject.Str(objects.Single(o => o.Name == "web-tls").Json["data"]!["tls.crt"]).ShouldBe("Y2VydA==");
    }
}
