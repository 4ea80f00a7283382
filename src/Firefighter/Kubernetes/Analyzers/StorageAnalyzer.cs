using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Kubernetes;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Storage: PersistentVolumeClaims Pending or Lost, PersistentVolumes Failed, Pending or unclaimed.</summary>
public sealed class StorageAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.storage";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.PvAvailable, KubeFindingKinds.PvFailed, KubeFindingKinds.PvPending, KubeFindingKinds.PvReleased, KubeFindingKinds.PvcLost, KubeFindingKinds.PvcPending];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var pvc in index.OfKind("PersistentVolumeClaim"))
        {
            var phase = KubeObject.Str(pvc.Json["status"]?["phase"]);
            var ns = KubeFindings.Ns(pvc.Namespace);
            var sc = KubeObject.Str(pvc.Json["spec"]?["storageClassName"]);
            var size = KubeObject.Str(pvc.Json["spec"]?["resources"]?["requests"]?["storage"]);
            var users = index.PodsIn(pvc.Namespace).Where(p => p.Json["spec"]?["volumes"] is JsonArray v
                && v.Any(x => KubeObject.Str(x?["persistentVolumeClaim"]?["claimName"]) == pvc.Name)).Select(p => p.Name).ToList();
            var attrs = new Dictionary<string, string?> { ["pvc"] = pvc.Name, ["storageClass"] = sc, ["size"] = size, ["phase"] = phase, ["pods"] = users.Count > 0 ? string.Join(",", users) : null };
            var events = index.EventsFor(pvc.Entity).Where(e => e.Type == "Warning").ToList();
            var commands = new List<string> { $"kubectl describe pvc {pvc.Name}{ns}", $"kubectl get events{ns} --field-selector involvedObject.name={pvc.Name}" };
            if (phase == "Pending")
            {
                var why = events.Count > 0 ? events[^1].Message : sc is null ? "no storage class and no matching volume" : $"storage class {sc} has not provisioned a volume";
                attrs["message"] = why;
                if (sc is not null && index.Covers("StorageClass", null) && index.Get("StorageClass", null, sc) is null)
                {
                    why = $"storage class {sc} does not exist";
                    attrs["class"] = "missing_storage_class";
                }
                commands.Add(sc is null ? "kubectl get pv" : $"kubectl get storageclass {sc}");
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.PvcPending, users.Count > 0 ? FindingSeverity.Critical : FindingSeverity.Warning, 0.85,
                    $"PersistentVolumeClaim {pvc.Name} ({size ?? "?"}, class {sc ?? "none"}) is Pending: {why}{(users.Count > 0 ? $"; pod(s) {string.Join(", ", users.Take(3))} wait for it" : "")}",
                    pvc.Entity, pvc.Created, [pvc.At("status.phase", "Pending"), .. events.Select(e => e.Ref)], commands, attrs));
            }
            else if (phase == "Lost")
            {
                var pv = KubeObject.Str(pvc.Json["spec"]?["volumeName"]);
                attrs["volume"] = pv;
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.PvcLost, FindingSeverity.Critical, 0.9,
                    $"PersistentVolumeClaim {pvc.Name} is Lost: its volume {pv ?? "?"} no longer exists; data may be gone",
                    pvc.Entity, null, [pvc.At("status.phase", "Lost")], [.. commands, pv is null ? "kubectl get pv" : $"kubectl get pv {pv}"], attrs));
            }
        }
        foreach (var pv in index.OfKind("PersistentVolume"))
        {
            var phase = KubeObject.Str(pv.Json["status"]?["phase"]);
            var claim = KubeObject.Str(pv.Json["spec"]?["claimRef"]?["name"]);
            var claimNs = KubeObject.Str(pv.Json["spec"]?["claimRef"]?["namespace"]);
            var attrs = new Dictionary<string, string?> { ["pv"] = pv.Name, ["phase"] = phase, ["claim"] = claim is null ? null : $"{claimNs}/{claim}", ["message"] = KubeObject.Str(pv.Json["status"]?["message"]) };
            // PersistentVolumes are cluster-scoped; dumps sometimes carry a namespace anyway.
            var entity = new EntityRef("PersistentVolume", null, pv.Name);
            var describe = $"kubectl describe pv {pv.Name}";
            switch (phase)
            {
                case "Failed":
                    findings.Add(KubeFindings.Make(Name, KubeFindingKinds.PvFailed, FindingSeverity.Critical, 0.85,
                        $"PersistentVolume {pv.Name} is Failed{(attrs["message"] is { } m ? ": " + m : "")}: automatic reclamation failed", entity, null,
                        [pv.At("status.phase", "Failed")], [describe], attrs));
                    break;
                case "Pending":
                    findings.Add(KubeFindings.Make(Name, KubeFindingKinds.PvPending, FindingSeverity.Warning, 0.7, $"PersistentVolume {pv.Name} is Pending: it is not available for binding", entity, null,
                        [pv.At("status.phase", "Pending")], [describe], attrs));
                    break;
                case "Available":
                    findings.Add(KubeFindings.Make(Name, KubeFindingKinds.PvAvailable, FindingSeverity.Info, 0.3, $"PersistentVolume {pv.Name} is Available: provisioned but bound to no claim", entity, null,
                        [pv.At("status.phase", "Available")], [describe], attrs));
                    break;
                case "Released":
                    findings.Add(KubeFindings.Make(Name, KubeFindingKinds.PvReleased, FindingSeverity.Info, 0.3, $"PersistentVolume {pv.Name} is Released: its claim was deleted and it awaits reclamation", entity, null,
                        [pv.At("status.phase", "Released")], [describe], attrs));
                    break;
            }
        }
        return AnalyzerResult.Of(findings);
    }
}
