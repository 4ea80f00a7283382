using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Kubernetes;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>References to objects that do not exist: Secrets, ConfigMaps (and their keys), ServiceAccounts and PVCs named by a workload's pod
/// template or a bare pod, and StorageClasses named by pending PVCs.</summary>
/// <remarks>An absence is claimed only when the snapshot holds that kind in that namespace at all (a dump without Secrets proves nothing about
/// them). Pods owned by a controller are judged through the controller's template, so one missing Secret is one finding per workload, not per pod.
/// References marked <c>optional: true</c> are skipped.</remarks>
public sealed class ReferenceAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.references";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.ReferenceMissing];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var (owner, spec, path, _, _) in index.PodTemplates())
        {
            var replicas = KubeFindings.Int(owner.Json["spec"]?["replicas"]);
            var seen = new HashSet<(string, string, string?)>();
            foreach (var r in References(spec, path))
            {
                if (!index.Covers(r.Kind, owner.Namespace) || !seen.Add((r.Kind, r.Name, r.Key)))
                {
                    continue;
                }
                var target = index.Get(r.Kind, owner.Namespace, r.Name);
                string what;
                if (target is null)
                {
                    what = $"{r.Kind} {r.Name}";
                }
                else if (r.Key is { } key && MissingKey(target, key))
                {
                    what = $"key {key} of {r.Kind} {r.Name}";
                }
                else
                {
                    continue;
                }
                var severity = r.Soft || replicas == 0 ? FindingSeverity.Warning : FindingSeverity.Critical;
                var ns = KubeFindings.Ns(owner.Namespace);
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.ReferenceMissing, severity, severity == FindingSeverity.Critical ? 0.85 : 0.5,
                    $"{owner.Kind} {owner.Name} references {what}, which does not exist in namespace {owner.Namespace ?? "(none)"}{(r.Soft ? " (image pulls from private registries will fail)" : "")}",
                    owner.Entity, null, [owner.At(r.Field, r.Name)],
                    [$"kubectl get {r.Kind.ToLowerInvariant()}{ns}", $"kubectl describe {owner.Kind.ToLowerInvariant()} {owner.Name}{ns}",
                     r.Kind switch
                     {
                         "Secret" => $"kubectl create secret generic {r.Name}{ns} --from-literal={r.Key ?? "KEY"}=...",
                         "ConfigMap" => $"kubectl create configmap {r.Name}{ns} --from-literal={r.Key ?? "KEY"}=...",
                         "ServiceAccount" => $"kubectl create serviceaccount {r.Name}{ns}",
                         _ => $"kubectl get {r.Kind.ToLowerInvariant()}{ns} -o wide",
                     }],
                    new() { ["missingKind"] = target is null ? r.Kind : "key", ["missingName"] = r.Name, ["missingKey"] = target is null ? null : r.Key, ["field"] = r.Field }));
            }
        }
        foreach (var pvc in index.OfKind("PersistentVolumeClaim"))
        {
            var sc = KubeObject.Str(pvc.Json["spec"]?["storageClassName"]);
            if (string.IsNullOrEmpty(sc) || !index.Covers("StorageClass", null) || index.Get("StorageClass", null, sc) is not null
                || KubeObject.Str(pvc.Json["status"]?["phase"]) == "Bound")
            {
                continue;
            }
            var ns = KubeFindings.Ns(pvc.Namespace);
            findings.Add(KubeFindings.Make(Name, KubeFindingKinds.ReferenceMissing, FindingSeverity.Critical, 0.85,
                $"PersistentVolumeClaim {pvc.Name} asks for StorageClass {sc}, which does not exist: it will stay Pending",
                pvc.Entity, pvc.Created, [pvc.At("spec.storageClassName", sc)],
                ["kubectl get storageclass", $"kubectl describe pvc {pvc.Name}{ns}"],
                new() { ["missingKind"] = "StorageClass", ["missingName"] = sc, ["field"] = "spec.storageClassName", ["pvc"] = pvc.Name }));
        }
        return AnalyzerResult.Of(findings);
    }

    private sealed record Reference(string Kind, string Name, string? Key, string Field, bool Soft);

    private static IEnumerable<Reference> References(JsonNode spec, string path)
    {
        var sa = KubeObject.Str(spec["serviceAccountName"]) ?? KubeObject.Str(spec["serviceAccount"]);
        // Every namespace has "default"; a snapshot that misses it is partial, not broken.
        if (sa is { Length: > 0 } && sa != "default")
        {
            yield return new("ServiceAccount", sa, null, $"{path}.serviceAccountName", false);
        }
        var volumes = spec["volumes"] as JsonArray ?? [];
        for (var i = 0; i < volumes.Count; i++)
        {
            var v = volumes[i];
            if (RefName(v?["secret"], "secretName") is { } s)
            {
                yield return new("Secret", s, null, $"{path}.volumes[{i}].secret.secretName", false);
            }
            if (RefName(v?["configMap"], "name") is { } c)
            {
                yield return new("ConfigMap", c, null, $"{path}.volumes[{i}].configMap.name", false);
            }
            if (KubeObject.Str(v?["persistentVolumeClaim"]?["claimName"]) is { Length: > 0 } pvc)
            {
                yield return new("PersistentVolumeClaim", pvc, null, $"{path}.volumes[{i}].persistentVolumeClaim.claimName", false);
            }
            var sources = v?["projected"]?["sources"] as JsonArray ?? [];
            for (var j = 0; j < sources.Count; j++)
            {
                if (RefName(sources[j]?["secret"], "name") is { } ps)
                {
                    yield return new("Secret", ps, null, $"{path}.volumes[{i}].projected.sources[{j}].secret.name", false);
                }
                if (RefName(sources[j]?["configMap"], "name") is { } pc)
                {
                    yield return new("ConfigMap", pc, null, $"{path}.volumes[{i}].projected.sources[{j}].configMap.name", false);
                }
            }
        }
        foreach (var group in new[] { "initContainers", "containers" })
        {
            var containers = spec[group] as JsonArray ?? [];
            for (var i = 0; i < containers.Count; i++)
            {
                var c = containers[i];
                var env = c?["env"] as JsonArray ?? [];
                for (var j = 0; j < env.Count; j++)
                {
                    var from = env[j]?["valueFrom"];
                    if (RefName(from?["secretKeyRef"], "name") is { } s)
                    {
                        yield return new("Secret", s, KubeObject.Str(from?["secretKeyRef"]?["key"]), $"{path}.{group}[{i}].env[{j}].valueFrom.secretKeyRef", false);
                    }
                    if (RefName(from?["configMapKeyRef"], "name") is { } m)
                    {
                        yield return new("ConfigMap", m, KubeObject.Str(from?["configMapKeyRef"]?["key"]), $"{path}.{group}[{i}].env[{j}].valueFrom.configMapKeyRef", false);
                    }
                }
                var envFrom = c?["envFrom"] as JsonArray ?? [];
                for (var j = 0; j < envFrom.Count; j++)
                {
                    if (RefName(envFrom[j]?["secretRef"], "name") is { } s)
                    {
                        yield return new("Secret", s, null, $"{path}.{group}[{i}].envFrom[{j}].secretRef.name", false);
                    }
                    if (RefName(envFrom[j]?["configMapRef"], "name") is { } m)
                    {
                        yield return new("ConfigMap", m, null, $"{path}.{group}[{i}].envFrom[{j}].configMapRef.name", false);
                    }
                }
            }
        }
        var pullSecrets = spec["imagePullSecrets"] as JsonArray ?? [];
        for (var i = 0; i < pullSecrets.Count; i++)
        {
            if (KubeObject.Str(pullSecrets[i]?["name"]) is { Length: > 0 } p)
            {
                yield return new("Secret", p, null, $"{path}.imagePullSecrets[{i}].name", true);
            }
        }
    }

    /// <summary>The referenced name, or null when absent or marked optional.</summary>
    private static string? RefName(JsonNode? reference, string field)
    {
        if (reference is not JsonObject || KubeObject.Str(reference["optional"]) == "true")
        {
            return null;
        }
        return KubeObject.Str(reference[field]) is { Length: > 0 } n ? n : null;
    }

    /// <summary>Whether the object lists its keys (data or binaryData) and the key is not among them.</summary>
    private static bool MissingKey(KubeObject target, string key)
    {
        var data = target.Json["data"] as JsonObject;
        var binary = target.Json["binaryData"] as JsonObject;
        var stringData = target.Json["stringData"] as JsonObject;
        if (data is null && binary is null && stringData is null)
        {
            return false;
        }
        return data?.ContainsKey(key) != true && binary?.ContainsKey(key) != true && stringData?.ContainsKey(key) != true;
    }
}
