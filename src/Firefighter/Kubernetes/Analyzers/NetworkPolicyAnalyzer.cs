using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Kubernetes;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>NetworkPolicies that isolate pods from DNS: pods selected by egress policies none of which allows port 53 (UDP or TCP).</summary>
/// <remarks>Policies are additive, so a pod is only cut off when every egress policy selecting it lacks a DNS rule; a policy is judged only
/// against the pods the snapshot holds, so a deny-all policy selecting no pod is left alone. O(policies × pods in their namespace).</remarks>
public sealed class NetworkPolicyAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.networkpolicy";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.NetworkPolicyDnsBlocked];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var policies = index.OfKind("NetworkPolicy");
        if (policies.Count == 0)
        {
            return AnalyzerResult.Of([]);
        }
        // Per pod: does any egress policy selecting it allow DNS, and which policies select it.
        var allowed = new HashSet<KubeObject>(ReferenceEqualityComparer.Instance);
        var selectedBy = new Dictionary<KubeObject, List<KubeObject>>(ReferenceEqualityComparer.Instance);
        foreach (var policy in policies)
        {
            if (!IsEgress(policy.Json["spec"]))
            {
                continue;
            }
            var selector = KubeSelector.Read(policy.Json["spec"]?["podSelector"]);
            var dns = AllowsDns(policy.Json["spec"]?["egress"]);
            foreach (var pod in index.PodsIn(policy.Namespace))
            {
                if (!selector.Matches(index.LabelsOf(pod)))
                {
                    continue;
                }
                if (dns)
                {
                    allowed.Add(pod);
                }
                if (!selectedBy.TryGetValue(pod, out var list))
                {
                    selectedBy[pod] = list = [];
                }
                list.Add(policy);
            }
        }
        var blockedByPolicy = new Dictionary<KubeObject, List<KubeObject>>(ReferenceEqualityComparer.Instance);
        foreach (var (pod, list) in selectedBy)
        {
            if (allowed.Contains(pod))
            {
                continue;
            }
            foreach (var policy in list)
            {
                if (!blockedByPolicy.TryGetValue(policy, out var pods))
                {
                    blockedByPolicy[policy] = pods = [];
                }
                pods.Add(pod);
            }
        }
        var findings = new List<Finding>();
        foreach (var policy in policies)
        {
            if (!blockedByPolicy.TryGetValue(policy, out var pods))
            {
                continue;
            }
            var notReady = pods.Count(p => KubeObject.Str(KubeFindings.Condition(p.Json["status"]?["conditions"], "Ready")?["status"]) == "False");
            var ns = KubeFindings.Ns(policy.Namespace);
            var names = string.Join(",", pods.Select(p => p.Name).Take(20));
            var egress = policy.Json["spec"]?["egress"] as JsonArray;
            var rules = egress is null || egress.Count == 0 ? "denies all egress" : $"allows egress on {egress.Count} rule(s), none to port 53";
            findings.Add(KubeFindings.Make(Name, KubeFindingKinds.NetworkPolicyDnsBlocked, notReady > 0 ? FindingSeverity.Critical : FindingSeverity.Warning, notReady > 0 ? 0.8 : 0.6,
                $"NetworkPolicy {policy.Name} {rules}: DNS (UDP/TCP 53) is blocked for {pods.Count} pod(s){(notReady > 0 ? $", {notReady} of them not ready" : "")}",
                policy.Entity, policy.Created,
                [policy.At("spec.egress", egress is null ? "absent" : $"{egress.Count} rule(s)"), policy.At("spec.policyTypes", "Egress")],
                [$"kubectl describe networkpolicy {policy.Name}{ns}", $"kubectl get networkpolicy{ns} -o yaml",
                 $"kubectl exec{ns} {pods[0].Name} -- nslookup kubernetes.default",
                 $"kubectl patch networkpolicy {policy.Name}{ns} --type=json -p '[{{\"op\":\"add\",\"path\":\"/spec/egress/-\",\"value\":{{\"ports\":[{{\"protocol\":\"UDP\",\"port\":53}},{{\"protocol\":\"TCP\",\"port\":53}}]}}}}]'"],
                new() { ["networkpolicy"] = policy.Name, ["pods"] = pods.Count.ToString(CultureInfo.InvariantCulture), ["podNames"] = names, ["notReady"] = notReady.ToString(CultureInfo.InvariantCulture) }));
        }
        return AnalyzerResult.Of(findings);
    }

    /// <summary>A policy restricts egress when policyTypes lists Egress, or (without policyTypes) when it has an egress section.</summary>
    internal static bool IsEgress(JsonNode? spec)
    {
        if (spec?["policyTypes"] is JsonArray types)
        {
            return types.Any(t => KubeObject.Str(t) == "Egress");
        }
        return spec?["egress"] is JsonArray;
    }

    /// <summary>Whether some egress rule lets DNS out: a rule without ports opens every port; otherwise a port 53 (or a port range covering it, or a named dns port).</summary>
    /// <remarks>The rule's destinations are not judged: a rule to port 53 anywhere is taken to mean DNS was thought of, to avoid false alarms.</remarks>
    internal static bool AllowsDns(JsonNode? egress)
    {
        foreach (var rule in egress as JsonArray ?? [])
        {
            if (rule?["ports"] is not JsonArray { Count: > 0 } ports)
            {
                return true;
            }
            foreach (var p in ports)
            {
                var protocol = KubeObject.Str(p?["protocol"]) ?? "TCP";
                if (protocol is not ("UDP" or "TCP"))
                {
                    continue;
                }
                var port = KubeObject.Str(p?["port"]);
                if (port is null)
                {
                    return true;
                }
                if (int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                {
                    var end = KubeFindings.Int(p?["endPort"]) ?? n;
                    if (n <= 53 && 53 <= end)
                    {
                        return true;
                    }
                }
                else if (port.Contains("dns", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
