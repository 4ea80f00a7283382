using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Analysis;
using Firefighter.Evidence;
using Firefighter.Parsing;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Usage against limits: pods whose CPU use (<c>kubectl top</c>, PodMetrics) is at their CPU limit — the kernel throttles them — and
/// nodes that run as many pods as they allow (new pods get "Too many pods").</summary>
/// <remarks>Limits come from the pod, or from the pod template of its Deployment/StatefulSet/DaemonSet when only the workload is in the snapshot.
/// A node's pod count is the pods of the snapshot scheduled on it, or the "Non-terminated Pods" count of its describe output.</remarks>
public sealed class ResourceUsageAnalyzer : IAnalyzer
{
    private const double ThrottleRatio = 0.9;

    /// <inheritdoc />
    public string Name => "k8s.resource-usage";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.ContainerCpuThrottled, KubeFindingKinds.NodePodCapacity];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var m in index.OfKind("PodMetrics"))
        {
            var spec = SpecOf(m, index, out var owner);
            if (spec is null)
            {
                continue;
            }
            foreach (var c in m.Json["containers"] as JsonArray ?? [])
            {
                var name = KubeObject.Str(c?["name"]) ?? "";
                var usage = KubeQuantity.Parse(KubeObject.Str(c?["usage"]?["cpu"]));
                // A pod total (no --containers) is judged against the sum of its containers' limits, only when every container has one.
                var containers = (spec["containers"] as JsonArray ?? []).Where(x => name.Length == 0 || KubeObject.Str(x?["name"]) == name).ToList();
                var limits = containers.Select(x => KubeQuantity.Parse(KubeObject.Str(x?["resources"]?["limits"]?["cpu"]))).ToList();
                if (usage is not { } u || containers.Count == 0 || limits.Any(l => l is null or <= 0))
                {
                    continue;
                }
                var limit = limits.Sum(l => l!.Value);
                var ratio = u / limit;
                if (ratio < ThrottleRatio)
                {
                    continue;
                }
                var line = KubeFindings.Int(c?["line"]);
                var attrs = new Dictionary<string, string?>
                {
                    ["container"] = name.Length > 0 ? name : null,
                    ["usage"] = Cpu(u),
                    ["limit"] = Cpu(limit),
                    ["ratio"] = ratio.ToString("0.00", CultureInfo.InvariantCulture),
                    ["deployment"] = owner?.Kind == "Deployment" ? owner.Name : index.DeploymentOf(m),
                    ["statefulset"] = owner?.Kind == "StatefulSet" ? owner.Name : null,
                };
                var pod = new EntityRef("Pod", m.Namespace, m.Name);
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.ContainerCpuThrottled, FindingSeverity.Warning, Math.Min(1, ratio),
                    $"Pod {m.Name}{(name.Length > 0 ? $" container {name}" : "")} uses {Cpu(u)} CPU of its {Cpu(limit)} limit ({ratio:P0}): the kernel throttles it (CFS quota), so its requests slow down",
                    pod, null, [m.Ref with { Line = line ?? m.Ref.Line, Field = "usage.cpu", Excerpt = Cpu(u) }],
                    [$"kubectl top pod {m.Name}{KubeFindings.Ns(m.Namespace)} --containers", $"kubectl get pod {m.Name}{KubeFindings.Ns(m.Namespace)} -o jsonpath='{{.spec.containers[*].resources}}'"],
                    attrs));
            }
        }
        foreach (var node in index.OfKind("Node"))
        {
            var capacity = KubeFindings.Int(node.Json["status"]?["allocatable"]?["pods"]) ?? KubeFindings.Int(node.Json["status"]?["capacity"]?["pods"]);
            var scheduled = context.Evidence.Objects.Count(o => o.Kind == "Pod" && KubeObject.Str(o.Json["spec"]?["nodeName"]) == node.Name
                && KubeObject.Str(o.Json["status"]?["phase"]) is not ("Succeeded" or "Failed"));
            var described = int.TryParse(node.Annotations.GetValueOrDefault("firefighter.dev/non-terminated-pods"), NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : 0;
            var pods = Math.Max(scheduled, described);
            if (capacity is not { } cap || cap <= 0 || pods < cap)
            {
                continue;
            }
            findings.Add(KubeFindings.Make(Name, KubeFindingKinds.NodePodCapacity, FindingSeverity.Warning, 0.8,
                $"Node {node.Name} runs {pods} pods, its allocatable maximum of {cap}: no new pod fits on it (Too many pods)",
                node.Entity, null, [node.At("status.allocatable.pods", cap.ToString(CultureInfo.InvariantCulture))],
                [$"kubectl describe node {node.Name} | grep -A3 -i 'Non-terminated Pods'", "kubectl get pods -A -o wide --field-selector spec.nodeName=" + node.Name],
                new() { ["node"] = node.Name, ["pods"] = pods.ToString(CultureInfo.InvariantCulture), ["capacity"] = cap.ToString(CultureInfo.InvariantCulture) }));
        }
        return AnalyzerResult.Of(findings);
    }

    /// <summary>The pod spec behind a PodMetrics: the Pod's own, else its workload's template (matched by the pod name's prefix).</summary>
    private static JsonNode? SpecOf(KubeObject metrics, KubeIndex index, out KubeObject? owner)
    {
        owner = null;
        if (index.Get("Pod", metrics.Namespace, metrics.Name) is { } pod)
        {
            return pod.Json["spec"];
        }
        foreach (var kind in new[] { "Deployment", "StatefulSet", "DaemonSet" })
        {
            foreach (var w in index.OfKind(kind))
            {
                if (w.Namespace == metrics.Namespace && metrics.Name.StartsWith(w.Name + "-", StringComparison.Ordinal) && (owner is null || w.Name.Length > owner.Name.Length))
                {
                    owner = w;
                }
            }
        }
        return owner?.Json["spec"]?["template"]?["spec"];
    }

    private static string Cpu(double cores) => cores < 10 ? $"{Math.Round(cores * 1000).ToString(CultureInfo.InvariantCulture)}m" : cores.ToString("0.#", CultureInfo.InvariantCulture);
}
