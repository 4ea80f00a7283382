using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Kubernetes;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Nodes: NotReady, resource pressure, network unavailable, node-problem-detector faults, cordoned; custom conditions reporting health are left alone.</summary>
public sealed class NodeAnalyzer : IAnalyzer
{
    private static readonly HashSet<string> Pressure = new(StringComparer.Ordinal) { "MemoryPressure", "DiskPressure", "PIDPressure" };

    // node-problem-detector conditions that mean a fault when True; other custom conditions are not judged.
    private static readonly HashSet<string> Problems = new(StringComparer.Ordinal)
    {
        "KernelDeadlock", "ReadonlyFilesystem", "FrequentKubeletRestart", "FrequentContainerdRestart", "FrequentDockerRestart",
        "CorruptDockerOverlay2", "FrequentUnregisterNetDevice", "ContainerRuntimeUnhealthy", "KubeletUnhealthy",
    };

    /// <inheritdoc />
    public string Name => "k8s.nodes";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.NodeCordoned, KubeFindingKinds.NodeNetworkUnavailable, KubeFindingKinds.NodeNotReady, KubeFindingKinds.NodePressure, KubeFindingKinds.NodeProblem];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var node in index.OfKind("Node"))
        {
            var conditions = node.Json["status"]?["conditions"] as System.Text.Json.Nodes.JsonArray;
            var describe = $"kubectl describe node {node.Name}";
            for (var i = 0; conditions is not null && i < conditions.Count; i++)
            {
                var c = conditions[i];
                var type = KubeObject.Str(c?["type"]) ?? "";
                var status = KubeObject.Str(c?["status"]);
                var reason = KubeObject.Str(c?["reason"]);
                var message = KubeObject.Str(c?["message"]);
                var since = KubeObject.Time(c?["lastTransitionTime"]);
                var attrs = new Dictionary<string, string?> { ["node"] = node.Name, ["condition"] = type, ["reason"] = reason, ["message"] = message, ["status"] = status };
                var evidence = new[] { node.At($"status.conditions[{i}].status", $"{type}={status}") };
                if (type == "Ready" && status != "True")
                {
                    var pods = index.OfKind("Pod").Count(p => KubeObject.Str(p.Json["spec"]?["nodeName"]) == node.Name);
                    attrs["pods"] = pods.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    findings.Add(KubeFindings.Make(Name, KubeFindingKinds.NodeNotReady, FindingSeverity.Critical, 0.95,
                        $"Node {node.Name} is NotReady (Ready={status}{(reason is null ? "" : ", " + reason)}){(since is { } s ? $" since {KubeFindings.Ago(context.Now - s)} ago" : "")}{(pods > 0 ? $"; {pods} pods scheduled on it" : "")}",
                        node.Entity, since, evidence,
                        [describe, $"kubectl get pods -A --field-selector spec.nodeName={node.Name} -o wide", $"kubectl cordon {node.Name}", $"kubectl drain {node.Name} --ignore-daemonsets --delete-emptydir-data"],
                        attrs));
                }
                else if (status == "True" && Pressure.Contains(type))
                {
                    findings.Add(KubeFindings.Make(Name, KubeFindingKinds.NodePressure, FindingSeverity.Warning, 0.85, $"Node {node.Name} has {type}: {message ?? reason}", node.Entity, since, evidence,
                        [describe, $"kubectl top node {node.Name}", $"kubectl get pods -A --field-selector spec.nodeName={node.Name} --sort-by=.status.startTime"], attrs));
                }
                else if (status == "True" && type == "NetworkUnavailable")
                {
                    findings.Add(KubeFindings.Make(Name, KubeFindingKinds.NodeNetworkUnavailable, FindingSeverity.Critical, 0.85, $"Node {node.Name} network is unavailable: {message ?? reason}", node.Entity, since, evidence,
                        [describe, "kubectl get pods -n kube-system -o wide"], attrs));
                }
                else if (status == "True" && Problems.Contains(type))
                {
                    findings.Add(KubeFindings.Make(Name, KubeFindingKinds.NodeProblem, FindingSeverity.Warning, 0.75, $"Node {node.Name} reports {type}: {message ?? reason}", node.Entity, since, evidence,
                        [describe], attrs));
                }
            }
            if (node.Json["spec"]?["unschedulable"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<bool>(out var cordoned) && cordoned)
            {
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.NodeCordoned, FindingSeverity.Info, 0.4, $"Node {node.Name} is cordoned (unschedulable)", node.Entity, null,
                    [node.At("spec.unschedulable", "true")], [describe, $"kubectl uncordon {node.Name}"], new() { ["node"] = node.Name }));
            }
        }
        return AnalyzerResult.Of(findings);
    }
}
