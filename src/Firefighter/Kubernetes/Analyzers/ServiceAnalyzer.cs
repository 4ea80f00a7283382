using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Kubernetes;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Services: no endpoints (selector matching no pod, or no ready pod), target port exposed by no pod, load balancer never provisioned.</summary>
/// <remarks>Absence is only claimed when the snapshot covers the namespace's pods or endpoints, so partial dumps do not raise false alarms.</remarks>
public sealed class ServiceAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.services";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.ServiceLbPending, KubeFindingKinds.ServiceNoEndpoints, KubeFindingKinds.ServicePortMismatch];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        // Grouped once so each service finds its slices without scanning all of them.
        var slicesByService = new Dictionary<(string?, string), List<KubeObject>>();
        foreach (var slice in index.OfKind("EndpointSlice"))
        {
            if (slice.Labels.GetValueOrDefault("kubernetes.io/service-name") is { } owner)
            {
                var key = (slice.Namespace, owner);
                if (!slicesByService.TryGetValue(key, out var list))
                {
                    slicesByService[key] = list = [];
                }
                list.Add(slice);
            }
        }
        foreach (var svc in index.OfKind("Service"))
        {
            var spec = svc.Json["spec"];
            var type = KubeObject.Str(spec?["type"]) ?? "ClusterIP";
            if (type == "ExternalName")
            {
                continue;
            }
            var ns = KubeFindings.Ns(svc.Namespace);
            var describe = $"kubectl describe service {svc.Name}{ns}";
            var selector = KubeIndex.StringMap(spec?["selector"]);
            var selText = string.Join(",", selector.Select(kv => $"{kv.Key}={kv.Value}"));
            if (type == "LoadBalancer" && svc.Json["status"]?["loadBalancer"]?["ingress"] is not JsonArray { Count: > 0 })
            {
                var age = svc.Created is { } c ? context.Now - c : (TimeSpan?)null;
                if (age is null || age > TimeSpan.FromMinutes(5))
                {
                    findings.Add(KubeFindings.Make(Name, KubeFindingKinds.ServiceLbPending, age is { } a && a > TimeSpan.FromMinutes(10) ? FindingSeverity.Critical : FindingSeverity.Warning, 0.8,
                        $"LoadBalancer service {svc.Name} has no external address{(age is { } x ? $" after {KubeFindings.Ago(x)}" : "")}: the cloud load balancer was not provisioned",
                        svc.Entity, svc.Created, [svc.At("status.loadBalancer", "{}")],
                        [describe, $"kubectl get events{ns} --field-selector involvedObject.name={svc.Name}", "kubectl get pods -n kube-system | grep -i -E 'cloud-controller|load-balancer'"],
                        new() { ["service"] = svc.Name, ["type"] = type }));
                }
            }
            if (selector.Count == 0)
            {
                continue;
            }
            var endpoints = index.Get("Endpoints", svc.Namespace, svc.Name);
            var slices = slicesByService.TryGetValue((svc.Namespace, svc.Name), out var sl) ? sl : [];
            var coversPods = index.Covers("Pod", svc.Namespace);
            var pods = index.PodsMatching(svc.Namespace, selector).Where(p => KubeObject.Str(p.Json["status"]?["phase"]) is not ("Succeeded" or "Failed") && p.Json["metadata"]?["deletionTimestamp"] is null).ToList();
            var readyPods = pods.Where(p => KubeObject.Str(KubeFindings.Condition(p.Json["status"]?["conditions"], "Ready")?["status"]) == "True").ToList();
            var attrs = new Dictionary<string, string?> { ["service"] = svc.Name, ["selector"] = selText, ["pods"] = pods.Count.ToString(CultureInfo.InvariantCulture) };
            var commands = new List<string> { describe, $"kubectl get endpoints {svc.Name}{ns}", $"kubectl get pods{ns} -l {selText} -o wide", $"kubectl get pods{ns} --show-labels" };
            var emptyEndpoints = endpoints is not null && !HasAddresses(endpoints) || (endpoints is null && slices.Count > 0 && !slices.Any(SliceReady));
            if (coversPods && pods.Count == 0)
            {
                attrs["class"] = "no_matching_pods";
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.ServiceNoEndpoints, FindingSeverity.Critical, 0.9,
                    $"Service {svc.Name} has no endpoints: its selector {selText} matches no pod in namespace {svc.Namespace}",
                    svc.Entity, null, [svc.At("spec.selector", selText)], commands, attrs));
                continue;
            }
            if (coversPods && readyPods.Count == 0)
            {
                attrs["class"] = "no_ready_pods";
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.ServiceNoEndpoints, FindingSeverity.Critical, 0.85,
                    $"Service {svc.Name} has no ready endpoints: {pods.Count} pod(s) match {selText} but none is ready",
                    svc.Entity, null, [svc.At("spec.selector", selText), pods[0].At("status.conditions", "Ready=False")], commands, attrs));
                continue;
            }
            if (!coversPods && emptyEndpoints)
            {
                attrs["class"] = "empty_endpoints";
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.ServiceNoEndpoints, FindingSeverity.Critical, 0.8,
                    $"Service {svc.Name} has no ready endpoints (selector {selText})", svc.Entity, null,
                    [(endpoints ?? slices[0]).At(endpoints is null ? "endpoints" : "subsets", "empty")], commands, attrs));
                continue;
            }
            TargetPorts(svc, spec, pods, commands, findings);
        }
        return AnalyzerResult.Of(findings);
    }

    private void TargetPorts(KubeObject svc, JsonNode? spec, List<KubeObject> pods, List<string> commands, List<Finding> findings)
    {
        if (pods.Count == 0 || spec?["ports"] is not JsonArray ports)
        {
            return;
        }
        for (var i = 0; i < ports.Count; i++)
        {
            var target = KubeObject.Str(ports[i]?["targetPort"]) ?? KubeObject.Str(ports[i]?["port"]);
            if (target is null)
            {
                continue;
            }
            var numeric = int.TryParse(target, NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
            var declaredAny = false;
            var matched = false;
            foreach (var p in pods)
            {
                foreach (var c in p.Json["spec"]?["containers"] as JsonArray ?? [])
                {
                    foreach (var cp in c?["ports"] as JsonArray ?? [])
                    {
                        declaredAny = true;
                        if (KubeObject.Str(cp?["containerPort"]) == target || KubeObject.Str(cp?["name"]) == target)
                        {
                            matched = true;
                        }
                    }
                }
            }
            // A numeric target port works without being declared; only judge it when the pods declare their ports.
            if (!matched && (!numeric || declaredAny))
            {
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.ServicePortMismatch, numeric ? FindingSeverity.Warning : FindingSeverity.Critical, numeric ? 0.6 : 0.85,
                    $"Service {svc.Name} targets port {target}, which none of its {pods.Count} pod(s) exposes",
                    svc.Entity, null, [svc.At($"spec.ports[{i}].targetPort", target)], commands,
                    new() { ["service"] = svc.Name, ["targetPort"] = target }));
            }
        }
    }

    private static bool HasAddresses(KubeObject endpoints) =>
        endpoints.Json["subsets"] is JsonArray subsets && subsets.Any(s => s?["addresses"] is JsonArray { Count: > 0 });

    private static bool SliceReady(KubeObject slice) =>
        slice.Json["endpoints"] is JsonArray eps && eps.Any(e => e?["conditions"]?["ready"] is not JsonValue v || !v.TryGetValue<bool>(out var r) || r);
}
