using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Kubernetes;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Failed rollouts: compares a Deployment's failing newest ReplicaSet with the previous one and says what changed (image, env, resources, command).</summary>
public sealed class RolloutAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.rollout";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.RolloutDiff];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        var byDeployment = new Dictionary<(string?, string), List<KubeObject>>();
        foreach (var rs in index.OfKind("ReplicaSet"))
        {
            if (index.DeploymentOf(rs) is { } dep)
            {
                var key = (rs.Namespace, dep);
                if (!byDeployment.TryGetValue(key, out var list))
                {
                    byDeployment[key] = list = [];
                }
                list.Add(rs);
            }
        }
        foreach (var ((ns, dep), sets) in byDeployment)
        {
            if (sets.Count < 2)
            {
                continue;
            }
            var ordered = sets.OrderBy(Revision).ThenBy(r => r.Created ?? DateTimeOffset.MinValue).ToList();
            var newest = ordered[^1];
            var desired = KubeFindings.Int(newest.Json["spec"]?["replicas"]) ?? 0;
            var ready = KubeFindings.Int(newest.Json["status"]?["readyReplicas"]) ?? 0;
            var deployment = index.Get("Deployment", ns, dep);
            var deploymentFailing = deployment is not null && DeploymentFailing(deployment);
            var podsFailing = PodsFailing(index, newest);
            if (!(deploymentFailing || podsFailing || (desired > 0 && ready < desired && deployment is null)))
            {
                continue;
            }
            // The previous revision that actually ran pods is the baseline; fall back to the one just before.
            var previous = ordered.Take(ordered.Count - 1).LastOrDefault(r => (KubeFindings.Int(r.Json["status"]?["readyReplicas"]) ?? 0) > 0 || (KubeFindings.Int(r.Json["status"]?["replicas"]) ?? 0) > 0)
                ?? ordered[^2];
            var changes = Diff(previous, newest);
            if (changes.Count == 0)
            {
                continue;
            }
            var oldImage = Images(previous);
            var newImage = Images(newest);
            var changed = string.Join(",", changes.Select(c => c.Area).Distinct());
            var oldRev = Revision(previous).ToString(CultureInfo.InvariantCulture);
            var newRev = Revision(newest).ToString(CultureInfo.InvariantCulture);
            var nsArg = KubeFindings.Ns(ns);
            var entity = deployment?.Entity ?? new EntityRef("Deployment", ns, dep);
            findings.Add(KubeFindings.Make(Name, KubeFindingKinds.RolloutDiff, FindingSeverity.Warning, 0.85,
                $"Rollout of deployment {dep} to revision {newRev} is failing; it changed {string.Join("; ", changes.Select(c => c.Text).Take(4))} (from revision {oldRev})",
                entity, newest.Created,
                [newest.At("spec.template", changed), previous.At("spec.template")],
                [$"kubectl rollout history deployment/{dep}{nsArg} --revision={newRev}", $"kubectl diff -f <(kubectl get rs {previous.Name}{nsArg} -o yaml) || true",
                 $"kubectl rollout undo deployment/{dep}{nsArg} --to-revision={oldRev}"],
                new()
                {
                    ["deployment"] = dep,
                    ["oldImage"] = oldImage,
                    ["newImage"] = newImage,
                    ["oldRevision"] = oldRev,
                    ["newRevision"] = newRev,
                    ["changed"] = changed,
                    ["oldReplicaSet"] = previous.Name,
                    ["newReplicaSet"] = newest.Name,
                }));
        }
        return AnalyzerResult.Of(findings);
    }

    private static bool DeploymentFailing(KubeObject d)
    {
        var st = d.Json["status"];
        var desired = KubeFindings.Int(d.Json["spec"]?["replicas"]) ?? 1;
        var available = KubeFindings.Int(st?["availableReplicas"]) ?? 0;
        var progressing = KubeFindings.Condition(st?["conditions"], "Progressing");
        return KubeObject.Str(progressing?["reason"]) == "ProgressDeadlineExceeded" || available < desired;
    }

    private static bool PodsFailing(KubeIndex index, KubeObject rs)
    {
        foreach (var p in index.PodsOwnedBy("ReplicaSet", rs.Namespace, rs.Name))
        {
            if (p.Json["status"]?["containerStatuses"] is JsonArray cs && cs.Any(c => KubeObject.Str(c?["state"]?["waiting"]?["reason"]) is "CrashLoopBackOff" or "ImagePullBackOff" or "ErrImagePull" or "CreateContainerConfigError" or "RunContainerError"))
            {
                return true;
            }
        }
        return false;
    }

    private static long Revision(KubeObject rs) =>
        long.TryParse(rs.Annotations.GetValueOrDefault("deployment.kubernetes.io/revision"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : 0;

    private static string Images(KubeObject rs) =>
        string.Join(",", Containers(rs).Select(c => KubeObject.Str(c["image"])).OfType<string>());

    private static IEnumerable<JsonObject> Containers(KubeObject rs) =>
        rs.Json["spec"]?["template"]?["spec"]?["containers"] is JsonArray a ? a.OfType<JsonObject>() : [];

    /// <summary>What differs between two ReplicaSet pod templates, container by container.</summary>
    internal static List<(string Area, string Text)> Diff(KubeObject oldRs, KubeObject newRs)
    {
        var changes = new List<(string, string)>();
        var olds = Containers(oldRs).ToDictionary(c => KubeObject.Str(c["name"]) ?? "", StringComparer.Ordinal);
        foreach (var c in Containers(newRs))
        {
            var name = KubeObject.Str(c["name"]) ?? "";
            if (!olds.TryGetValue(name, out var o))
            {
                changes.Add(("containers", $"added container {name}"));
                continue;
            }
            var oi = KubeObject.Str(o["image"]);
            var ni = KubeObject.Str(c["image"]);
            if (oi != ni)
            {
                changes.Add(("image", $"image of {name} {oi} → {ni}"));
            }
            var envDiff = EnvDiff(o["env"], c["env"]);
            if (envDiff is not null)
            {
                changes.Add(("env", $"env of {name}: {envDiff}"));
            }
            if (!JsonNode.DeepEquals(o["envFrom"], c["envFrom"]))
            {
                changes.Add(("env", $"envFrom of {name}"));
            }
            if (!JsonNode.DeepEquals(o["resources"], c["resources"]))
            {
                changes.Add(("resources", $"resources of {name} {Res(o)} → {Res(c)}"));
            }
            if (!JsonNode.DeepEquals(o["command"], c["command"]) || !JsonNode.DeepEquals(o["args"], c["args"]))
            {
                changes.Add(("command", $"command/args of {name}"));
            }
            foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
            {
                if (!JsonNode.DeepEquals(o[probe], c[probe]))
                {
                    changes.Add(("probes", $"{probe} of {name}"));
                }
            }
        }
        var oldSpec = oldRs.Json["spec"]?["template"]?["spec"];
        var newSpec = newRs.Json["spec"]?["template"]?["spec"];
        if (!JsonNode.DeepEquals(oldSpec?["volumes"], newSpec?["volumes"]))
        {
            changes.Add(("volumes", "volumes"));
        }
        if (KubeObject.Str(oldSpec?["serviceAccountName"]) != KubeObject.Str(newSpec?["serviceAccountName"]))
        {
            changes.Add(("serviceAccount", $"serviceAccountName {KubeObject.Str(oldSpec?["serviceAccountName"])} → {KubeObject.Str(newSpec?["serviceAccountName"])}"));
        }
        return changes;
    }

    private static string? EnvDiff(JsonNode? oldEnv, JsonNode? newEnv)
    {
        static Dictionary<string, string> Map(JsonNode? env) =>
            env is JsonArray a
                ? a.OfType<JsonObject>().GroupBy(e => KubeObject.Str(e["name"]) ?? "").ToDictionary(g => g.Key, g => (g.Last()["value"] ?? g.Last()["valueFrom"])?.ToJsonString() ?? "", StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
        var o = Map(oldEnv);
        var n = Map(newEnv);
        var parts = new List<string>();
        parts.AddRange(n.Keys.Where(k => !o.ContainsKey(k)).Select(k => "+" + k));
        parts.AddRange(o.Keys.Where(k => !n.ContainsKey(k)).Select(k => "-" + k));
        parts.AddRange(n.Keys.Where(k => o.TryGetValue(k, out var v) && v != n[k]).Select(k => "~" + k));
        return parts.Count == 0 ? null : string.Join(" ", parts);
    }

    private static string Res(JsonObject c)
    {
        var mem = KubeObject.Str(c["resources"]?["limits"]?["memory"]);
        var cpu = KubeObject.Str(c["resources"]?["limits"]?["cpu"]);
        return $"(limits cpu={cpu ?? "-"} memory={mem ?? "-"})";
    }
}
