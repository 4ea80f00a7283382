using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Scheduling constraints that the nodes of the snapshot cannot meet: required pod anti-affinity against the workload's own pods with
/// more replicas than topology domains, and a nodeSelector that no node's labels satisfy.</summary>
/// <remarks>Judged only when the snapshot holds Node objects with labels (a table of node names says nothing about labels); cordoned nodes do
/// not count. The pods beyond what fits stay Pending with FailedScheduling.</remarks>
public sealed class SchedulingConstraintAnalyzer : IAnalyzer
{
    private const string HostnameKey = "kubernetes.io/hostname";

    /// <inheritdoc />
    public string Name => "k8s.scheduling-constraints";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.SchedulingUnsatisfiable];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var nodes = index.OfKind("Node").Where(n => KubeObject.Str(n.Json["spec"]?["unschedulable"]) != "true").ToList();
        if (nodes.Count == 0 || nodes.All(n => n.Labels.Count == 0))
        {
            return AnalyzerResult.Of([]);
        }
        var findings = new List<Finding>();
        foreach (var t in index.PodTemplates())
        {
            if (t.Owner.Kind is not ("Deployment" or "StatefulSet" or "ReplicaSet"))
            {
                continue;
            }
            var ns = KubeFindings.Ns(t.Owner.Namespace);
            var nodeSelector = KubeIndex.StringMap(t.Spec["nodeSelector"]);
            if (nodeSelector.Count > 0 && !nodes.Any(n => nodeSelector.All(kv => n.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value)))
            {
                var sel = string.Join(",", nodeSelector.Select(kv => $"{kv.Key}={kv.Value}"));
                var attrs = KubeIndex.OwnerAttributes(t.Owner);
                attrs["class"] = "node_selector";
                attrs["label"] = sel;
                attrs["nodes"] = nodes.Count.ToString(CultureInfo.InvariantCulture);
                attrs["field"] = $"{t.Path}.nodeSelector";
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.SchedulingUnsatisfiable, FindingSeverity.Critical, 0.85,
                    $"{t.Owner.Kind} {t.Owner.Name} requires nodes labelled {sel}, but none of the {nodes.Count} schedulable nodes has that label: its pods stay Pending",
                    t.Owner.Entity, null, [t.Owner.At($"{t.Path}.nodeSelector", sel)], ["kubectl get nodes --show-labels", $"kubectl describe {t.Owner.Kind.ToLowerInvariant()} {t.Owner.Name}{ns}"], attrs));
            }
            var terms = t.Spec["affinity"]?["podAntiAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"] as JsonArray ?? [];
            for (var i = 0; i < terms.Count; i++)
            {
                var topologyKey = KubeObject.Str(terms[i]?["topologyKey"]);
                var selector = KubeSelector.Read(terms[i]?["labelSelector"]);
                if (topologyKey is null || selector.IsEmpty || !selector.Matches(t.Labels))
                {
                    continue;
                }
                var domains = nodes.Select(n => n.Labels.GetValueOrDefault(topologyKey) ?? (topologyKey == HostnameKey ? n.Name : null)).OfType<string>().Distinct(StringComparer.Ordinal).Count();
                if (t.Replicas <= domains)
                {
                    continue;
                }
                var attrs = KubeIndex.OwnerAttributes(t.Owner);
                attrs["class"] = "anti_affinity";
                attrs["replicas"] = t.Replicas.ToString(CultureInfo.InvariantCulture);
                attrs["domains"] = domains.ToString(CultureInfo.InvariantCulture);
                attrs["topologyKey"] = topologyKey;
                attrs["nodes"] = nodes.Count.ToString(CultureInfo.InvariantCulture);
                attrs["field"] = $"{t.Path}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[{i}]";
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.SchedulingUnsatisfiable, FindingSeverity.Critical, 0.85,
                    $"{t.Owner.Kind} {t.Owner.Name} wants {t.Replicas} replicas with required pod anti-affinity on {topologyKey}, but only {domains} {(topologyKey == HostnameKey ? "schedulable node(s)" : $"{topologyKey} domain(s)")} exist: {t.Replicas - domains} pod(s) stay Pending",
                    t.Owner.Entity, null, [t.Owner.At(attrs["field"]!, topologyKey), t.Owner.At("spec.replicas", attrs["replicas"])],
                    ["kubectl get nodes", $"kubectl get pods{ns} -o wide", $"kubectl describe {t.Owner.Kind.ToLowerInvariant()} {t.Owner.Name}{ns}"], attrs));
            }
        }
        return AnalyzerResult.Of(findings);
    }
}
