using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Promtool;

namespace Firefighter.Testing;

/// <summary>A sample bundle served as live sources: its Kubernetes objects and container logs by a <see cref="RecordedApiServer"/>
/// (reached through the real KubernetesClient), its metric series backfilled into a real Prometheus (Debian's package).</summary>
public sealed partial class SampleLiveSources : IAsyncDisposable
{
    private SampleLiveSources(RecordedApiServer kube, PrometheusServer? prometheus, string kubeconfig)
    {
        Kube = kube;
        Prometheus = prometheus;
        Kubeconfig = kubeconfig;
    }

    public RecordedApiServer Kube { get; }

    public PrometheusServer? Prometheus { get; }

    public string Kubeconfig { get; }

    /// <summary>Starts the fakes for <paramref name="sampleDir"/>; <paramref name="withPrometheus"/> false skips Prometheus.</summary>
    public static async Task<SampleLiveSources> StartAsync(string sampleDir, string workDir, bool withPrometheus = true)
    {
        Directory.CreateDirectory(workDir);
        var objects = new List<JsonObject>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(sampleDir, "k8s"), "*.json").Order(StringComparer.Ordinal))
        {
            if (JsonNode.Parse(File.ReadAllText(file)) is not JsonObject doc)
            {
                continue;
            }
            if (doc["items"] is JsonArray items)
            {
                var itemKind = (doc["kind"]?.GetValue<string>() ?? "").Replace("List", "", StringComparison.Ordinal);
                foreach (var item in items.OfType<JsonObject>())
                {
                    var clone = (JsonObject)item.DeepClone();
                    if (clone["kind"] is null && itemKind.Length > 0)
                    {
                        clone["kind"] = itemKind;
                    }
                    objects.Add(clone);
                }
            }
            else if (doc["kind"] is not null)
            {
                objects.Add(doc);
            }
        }
        var kube = new RecordedApiServer(objects);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(sampleDir, "logs"), "*.log"))
        {
            var m = PodLog().Match(Path.GetFileName(file));
            if (m.Success)
            {
                kube.Logs[$"{m.Groups[1].Value}/{m.Groups[2].Value}/{m.Groups[3].Value}{(m.Groups[4].Success ? "/previous" : "")}"] = File.ReadAllText(file);
            }
        }
        PrometheusServer? prometheus = null;
        if (withPrometheus)
        {
            var read = BundleReader.Read(sampleDir, TimeProvider.System);
            prometheus = await PrometheusServer.StartAsync(read.Evidence!.Metrics, Path.Combine(workDir, "prometheus"));
        }
        return new SampleLiveSources(kube, prometheus, kube.WriteKubeconfig(workDir));
    }

    /// <summary>The sample's alert payloads (alerts/*.json), by file name.</summary>
    public static IReadOnlyDictionary<string, string> Alerts(string sampleDir) =>
        Directory.EnumerateFiles(Path.Combine(sampleDir, "alerts"), "*.json").ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal);

    public async ValueTask DisposeAsync()
    {
        Kube.Dispose();
        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }
    }

    [GeneratedRegex(@"^([a-z0-9][a-z0-9.-]*)_([a-z0-9][a-z0-9.-]*)_([a-z0-9][a-z0-9-]*?)(\.previous)?\.log$")]
    private static partial Regex PodLog();
}
