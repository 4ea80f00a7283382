using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Egress NetworkPolicies that cut a workload off from what it calls: the Services its configuration names (see
/// <see cref="ConfigHostAnalyzer"/>) that no egress rule of the policies selecting its pod template allows; and, for manifests without pods,
/// DNS blocked for a template (the pod-level DNS check is <see cref="NetworkPolicyAnalyzer"/>'s).</summary>
/// <remarks>Policies are additive: the call is blocked only when every egress policy selecting the template denies it. A rule with no <c>to</c>
/// allows every destination; <c>ipBlock</c> and <c>namespaceSelector</c> peers are taken to allow (pod IPs and namespace labels are not judged),
/// so only podSelector peers in the same namespace can deny. Ports are compared with the Service's targetPort.</remarks>
public sealed class NetworkPolicyEgressAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.networkpolicy-egress";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.NetworkPolicyEgressBlocked, KubeFindingKinds.NetworkPolicyDnsBlocked];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var policies = index.OfKind("NetworkPolicy").Where(p => NetworkPolicyAnalyzer.IsEgress(p.Json["spec"])).ToList();
        if (policies.Count == 0)
        {
            return AnalyzerResult.Of([]);
        }
        var findings = new List<Finding>();
        foreach (var t in index.PodTemplates().Where(t => t.Owner.Kind != "Pod"))
        {
            var selecting = policies.Where(p => p.Namespace == t.Owner.Namespace && KubeSelector.Read(p.Json["spec"]?["podSelector"]).Matches(t.Labels)).ToList();
            if (selecting.Count == 0)
            {
                continue;
            }
            var names = string.Join(", ", selecting.Select(p => p.Name));
            var ns = KubeFindings.Ns(t.Owner.Namespace);
            if (!index.Covers("Pod", t.Owner.Namespace) && !selecting.Any(p => NetworkPolicyAnalyzer.AllowsDns(p.Json["spec"]?["egress"])))
            {
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.NetworkPolicyDnsBlocked, FindingSeverity.Critical, 0.8,
                    $"NetworkPolicy {names} blocks DNS (UDP/TCP 53) for the pods of {t.Owner.Kind} {t.Owner.Name}: they cannot resolve any name",
                    t.Owner.Entity, null, selecting.Select(p => p.At("spec.egress", "no port 53")).ToList(),
                    [$"kubectl describe networkpolicy{ns}", $"kubectl exec -it deploy/{t.Owner.Name}{ns} -- nslookup kubernetes.default"],
                    new() { ["networkpolicy"] = names, ["pods"] = t.Replicas.ToString(CultureInfo.InvariantCulture), ["podNames"] = t.Owner.Name }));
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var h in ConfigHostAnalyzer.HostsOf(t, index))
            {
                var parts = h.Host.Split('.');
                var svcNs = parts.Length == 1 ? t.Owner.Namespace : parts[1];
                if (svcNs != t.Owner.Namespace || index.Get("Service", svcNs, parts[0]) is not { } svc || !seen.Add(svc.Name))
                {
                    continue;
                }
                var targetLabels = KubeIndex.StringMap(svc.Json["spec"]?["selector"]);
                var target = index.PodTemplates().FirstOrDefault(x => x.Owner.Namespace == svcNs && x.Owner.Kind != "Pod" && targetLabels.Count > 0 && targetLabels.All(kv => x.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value));
                var port = TargetPort(svc, h.Port);
                if (target is null || selecting.Any(p => Allows(p.Json["spec"]?["egress"], target.Labels, port)))
                {
                    continue;
                }
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.NetworkPolicyEgressBlocked, FindingSeverity.Critical, 0.8,
                    $"NetworkPolicy {names} selects the pods of {t.Owner.Kind} {t.Owner.Name} and allows no egress to Service {svc.Name} ({target.Owner.Kind} {target.Owner.Name}{(port is null ? "" : $", port {port}")}), which it calls ({h.Text}, {h.Source}): the connections time out",
                    t.Owner.Entity, null, [.. selecting.Select(p => p.At("spec.egress", "no rule to " + svc.Name)), h.Ref],
                    [$"kubectl describe networkpolicy{ns}", $"kubectl exec -it deploy/{t.Owner.Name}{ns} -- nc -zv {svc.Name} {port ?? "80"}"],
                    new() { ["networkpolicy"] = names, ["host"] = h.Host, ["port"] = port, ["source"] = h.Source, ["workload"] = t.Owner.Name }));
            }
        }
        return AnalyzerResult.Of(findings);
    }

    private static string? TargetPort(KubeObject svc, int? port)
    {
        var ports = svc.Json["spec"]?["ports"] as JsonArray ?? [];
        var p = ports.FirstOrDefault(x => port is null || KubeObject.Str(x?["port"]) == port.Value.ToString(CultureInfo.InvariantCulture)) ?? ports.FirstOrDefault();
        return KubeObject.Str(p?["targetPort"]) ?? KubeObject.Str(p?["port"]);
    }

    private static bool Allows(JsonNode? egress, IReadOnlyDictionary<string, string> target, string? port)
    {
        foreach (var rule in egress as JsonArray ?? [])
        {
            var portOk = rule?["ports"] is not JsonArray { Count: > 0 } ports || port is null
                || ports.Any(p => KubeObject.Str(p?["port"]) is not { } pp || pp == port || (int.TryParse(pp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                    && int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out var want) && n <= want && want <= (KubeFindings.Int(p?["endPort"]) ?? n)));
            if (!portOk)
            {
                continue;
            }
            if (rule?["to"] is not JsonArray { Count: > 0 } to)
            {
                return true;
            }
            foreach (var peer in to)
            {
                if (peer?["ipBlock"] is not null || peer?["namespaceSelector"] is not null || KubeSelector.Read(peer?["podSelector"]).Matches(target))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
