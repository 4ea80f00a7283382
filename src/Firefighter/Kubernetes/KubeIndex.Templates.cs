using System.Text.Json.Nodes;
using Firefighter.Evidence;

namespace Firefighter.Kubernetes;

/// <summary>Pod templates: what a workload will run, readable from manifests that have no pods yet.</summary>
public sealed partial class KubeIndex
{
    /// <summary>One pod spec to judge: its owner, the spec, the spec's field path in the owner, the pod labels it gives, and the replicas it asks for.</summary>
    public sealed record PodTemplate(KubeObject Owner, JsonObject Spec, string Path, IReadOnlyDictionary<string, string> Labels, int Replicas);

    /// <summary>The pod specs of the snapshot: controllers' templates, and pods no controller owns (owned objects are judged through their owner).</summary>
    public IEnumerable<PodTemplate> PodTemplates()
    {
        foreach (var kind in new[] { "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod" })
        {
            foreach (var o in OfKind(kind))
            {
                if (kind is "ReplicaSet" or "Job" or "Pod" && o.Owners.Count > 0)
                {
                    continue;
                }
                var (template, path) = kind switch
                {
                    "Pod" => (o.Json, "spec"),
                    "CronJob" => (o.Json["spec"]?["jobTemplate"]?["spec"]?["template"], "spec.jobTemplate.spec.template.spec"),
                    _ => (o.Json["spec"]?["template"], "spec.template.spec"),
                };
                if (template?["spec"] is JsonObject spec)
                {
                    var labels = kind == "Pod" ? LabelsOf(o) : StringMap(template["metadata"]?["labels"]);
                    var replicas = kind is "Deployment" or "StatefulSet" or "ReplicaSet" ? KubeFindings.Int(o.Json["spec"]?["replicas"]) ?? 1 : 1;
                    yield return new PodTemplate(o, spec, path, labels, replicas);
                }
            }
        }
    }

    /// <summary>The containers of a pod spec with their field paths (init containers first).</summary>
    public static IEnumerable<(JsonObject Container, string Path, bool Init)> Containers(JsonObject spec, string path)
    {
        foreach (var group in new[] { "initContainers", "containers" })
        {
            var list = spec[group] as JsonArray ?? [];
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is JsonObject c)
                {
                    yield return (c, $"{path}.{group}[{i}]", group == "initContainers");
                }
            }
        }
    }

    /// <summary>The owner attribute conventions of the kind contract (<c>deployment</c>, <c>statefulset</c>, <c>job</c>) for a template's owner.</summary>
    public static Dictionary<string, string?> OwnerAttributes(KubeObject owner) => owner.Kind switch
    {
        "Deployment" => new() { ["deployment"] = owner.Name },
        "StatefulSet" => new() { ["statefulset"] = owner.Name },
        "Job" => new() { ["job"] = owner.Name },
        _ => [],
    };
}
