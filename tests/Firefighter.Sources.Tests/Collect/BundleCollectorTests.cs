using System.Text.Json;
using System.Text.Json.Nodes;
using Firefighter.Analysis;
using Firefighter.Investigation;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Collect;
using Firefighter.Sources.Kubernetes;
using Firefighter.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Firefighter.Sources.Tests.Collect;

/// <summary>ff collect against live fakes: the Kubernetes API (recorded objects through the real client), a real Prometheus backfilled
/// with a sample's series, and Loki answering its documented query_range response.</summary>
public sealed class BundleCollectorTests : IDisposable
{
    private static readonly string Sample = RepoPaths.InRepo("samples", "oom-after-deploy");
    private static readonly DateTimeOffset CapturedAt = new(2024, 1, 15, 14, 47, 30, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("ff-collect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Collecting_the_OOM_sample_from_live_fakes_gives_the_bundle_investigation_its_top_cause()
    {
        // Given the OOM sample served live, and its HighErrorRate page
        await using var live = await SampleLiveSources.StartAsync(Sample, Path.Combine(_dir, "fakes"));
        var alert = SampleLiveSources.Alerts(Sample).Single(a => a.Key.Contains("HighErrorRate", StringComparison.Ordinal)).Value;
        var progress = new List<string>();

        // When it is collected and the collected bundle investigated
        var bundle = Path.Combine(_dir, "bundle");
        var (manifest, error) = await BundleCollector.CollectAsync(new CollectOptions
        {
            AlertJson = alert,
            Kube = new KubeApiOptions { Kubeconfig = live.Kubeconfig },
            Prometheus = live.Prometheus!.BaseAddress,
        }, bundle, new FakeTimeProvider(CapturedAt), progress.Add);
        var collected = Investigate(bundle);
        var original = Investigate(Sample);

        // Then the same cause leads, the bundle reads without a warning, and the manifest says what was asked
        error.ShouldBeNull();
        collected.Warnings.ShouldBeEmpty(string.Join("\n", collected.Warnings.Select(w => w.ToString())));
        collected.Hypotheses[0].Signature.ShouldBe(original.Hypotheses[0].Signature);
        collected.Hypotheses[0].Entity.ShouldBe(original.Hypotheses[0].Entity);
        manifest!.Namespace.ShouldBe("production");
        manifest.WindowStart.ShouldBe(new DateTimeOffset(2024, 1, 15, 11, 29, 40, TimeSpan.Zero));
        manifest.Entries.ShouldContain(e => e.Source == "kubernetes" && e.File == "k8s/pods.json" && e.Items == 9);
        manifest.Entries.ShouldContain(e => e.File == "changes/rollouts.json");
        manifest.Entries.ShouldContain(e => e.Source == "prometheus" && e.File == "metrics/container_memory_working_set_bytes.json" && e.Status == "ok");
        manifest.Entries.ShouldContain(e => e.What.Contains("--previous", StringComparison.Ordinal) && e.Status == "empty");
        File.Exists(Path.Combine(bundle, "logs", "production_api-6b7ddd89c6-4x9kl_api.log")).ShouldBeTrue();
        File.ReadAllText(Path.Combine(bundle, "alerts", "alert.json")).ShouldBe(alert);
        progress.ShouldContain(p => p.StartsWith("wrote ", StringComparison.Ordinal));
        JsonNode.Parse(File.ReadAllText(Path.Combine(bundle, "manifest.json")))!["entries"]!.AsArray().Count.ShouldBe(manifest.Entries.Count);
    }

    [Fact]
    public async Task Loki_streams_become_timestamped_log_files_and_secrets_are_redacted()
    {
        var recorded = File.ReadAllText(RepoPaths.InShared("formats", "loki", "query_range_streams.json"));
        var body = recorded.Replace("\"bar\"", "\"login failed password=hunter22 for bob\"", StringComparison.Ordinal);
        using var loki = new RecordingHttpServer(r => r.PathAndQuery.StartsWith("/loki/api/v1/query_range", StringComparison.Ordinal) ? (200, body) : (404, "not found"));

        var bundle = Path.Combine(_dir, "bundle");
        var (manifest, error) = await BundleCollector.CollectAsync(new CollectOptions
        {
            Namespace = "shop",
            Loki = loki.Url,
            End = DateTimeOffset.FromUnixTimeSeconds(1569266500),
            Lookback = TimeSpan.FromHours(1),
        }, bundle, new FakeTimeProvider(CapturedAt));

        error.ShouldBeNull();
        var request = loki.Requests.ShouldHaveSingleItem();
        request.Query("query").ShouldBe("{namespace=\"shop\"}");
        request.Query("end").ShouldBe("1569266500000000000");
        request.Query("direction").ShouldBe("forward");
        var file = Directory.GetFiles(Path.Combine(bundle, "logs", "loki")).ShouldHaveSingleItem();
        var lines = File.ReadAllLines(file);
        lines.ShouldBe(["2019-09-23T19:21:32.548155000Z stdout F login failed password=[REDACTED] for bob", "2019-09-23T19:21:37.240578000Z stdout F foo"]);
        manifest!.Redactions.ShouldBe(1);
        var read = BundleReader.Read(bundle, new FakeTimeProvider(CapturedAt));
        read.Evidence!.Warnings.ShouldBeEmpty();
        read.Evidence.Logs.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_refused_list_and_an_unreachable_Prometheus_are_recorded_and_the_rest_is_still_collected()
    {
        var secret = new JsonObject
        {
            ["kind"] = "Secret",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["name"] = "db", ["namespace"] = "shop" },
            ["type"] = "Opaque",
            ["data"] = new JsonObject { ["password"] = "aHVudGVyMg==" },
        };
        var pod = new JsonObject
        {
            ["kind"] = "Pod",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["name"] = "api-1", ["namespace"] = "shop" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "api", ["image"] = "api:1" }) },
            ["status"] = new JsonObject { ["phase"] = "Running" },
        };
        using var kube = new RecordedApiServer([secret, pod]);
        kube.Overrides["nodes"] = (403, RecordedApiServer.Status(403, "Forbidden", "nodes is forbidden"), TimeSpan.Zero);
        kube.Logs["shop/api-1/api"] = "2024-01-15T14:00:00Z ERROR connect to postgres://app:s3cret@db:5432 failed\n";
        var alert = File.ReadAllText(RepoPaths.InShared("formats", "alertmanager", "webhook_v4.full-fields.json")).Replace("\"severity\": \"warning\"", "\"severity\": \"warning\", \"namespace\": \"shop\", \"pod\": \"api-1\"", StringComparison.Ordinal);

        var bundle = Path.Combine(_dir, "bundle");
        var (manifest, error) = await BundleCollector.CollectAsync(new CollectOptions
        {
            AlertJson = alert,
            Kube = new KubeApiOptions { Kubeconfig = kube.WriteKubeconfig(_dir) },
            Prometheus = new Uri("http://127.0.0.1:9"),
            PrometheusOptions = new() { Retries = 0, Timeout = TimeSpan.FromSeconds(5) },
        }, bundle, new FakeTimeProvider(CapturedAt));

        error.ShouldBeNull();
        manifest!.Entries.ShouldContain(e => e.Source == "kubernetes" && e.What.StartsWith("list nodes", StringComparison.Ordinal) && e.Status == "failed" && e.Error!.Contains("403", StringComparison.Ordinal));
        manifest.Entries.ShouldContain(e => e.Source == "prometheus" && e.Status == "failed");
        manifest.Entries.ShouldContain(e => e.Source == "prometheus" && e.Status == "skipped");
        File.ReadAllText(Path.Combine(bundle, "k8s", "secrets.json")).ShouldNotContain("aHVudGVyMg==");
        File.ReadAllText(Path.Combine(bundle, "logs", "shop_api-1_api.log")).ShouldContain("postgres://app:[REDACTED]@db:5432");
        manifest.Workloads.ShouldContain("api-1");
    }

    [Fact]
    public async Task Files_past_the_total_size_cap_are_skipped_and_listed()
    {
        var pod = new JsonObject
        {
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = "api-1", ["namespace"] = "shop" },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "api" }) },
        };
        using var kube = new RecordedApiServer([pod]);
        kube.Logs["shop/api-1/api"] = string.Concat(Enumerable.Repeat("2024-01-15T14:00:00Z INFO a line of some length\n", 2000));

        var (manifest, _) = await BundleCollector.CollectAsync(new CollectOptions
        {
            Namespace = "shop",
            Kube = new KubeApiOptions { Kubeconfig = kube.WriteKubeconfig(_dir) },
            MaxTotalBytes = 20_000,
        }, Path.Combine(_dir, "bundle"), new FakeTimeProvider(CapturedAt));

        manifest!.Entries.ShouldContain(e => e.Status == "skipped" && e.Error!.Contains("size cap", StringComparison.Ordinal));
        manifest.Bytes.ShouldBeLessThanOrEqualTo(20_000);
        File.Exists(Path.Combine(_dir, "bundle", "logs", "shop_api-1_api.log")).ShouldBeFalse();
    }

    private static Reports.InvestigationReport Investigate(string bundle)
    {
        var time = new FakeTimeProvider(CapturedAt);
        var read = BundleReader.Read(bundle, time);
        var sigs = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]);
        return new Investigator(BuiltIn.Analyzers, sigs.Signatures, time).Investigate(read.Evidence!, new InvestigationOptions());
    }
}
