using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Parsing;
using Firefighter.Kubernetes;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>ResourceQuotas used up (used ≥ hard for some resource), critical when the API already refused to create pods for "exceeded quota".</summary>
/// <remarks>The refusals are read from FailedCreate events and ReplicaSet ReplicaFailure conditions naming the quota, so a quota is tied to the
/// workloads it stops even without the ResourceQuota object (then the finding is on the refused ReplicaSet's namespace quota by name).</remarks>
public sealed class ResourceQuotaAnalyzer : IAnalyzer
{
    private const string Marker = "exceeded quota: ";

    /// <inheritdoc />
    public string Name => "k8s.quota";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.QuotaExhausted];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var quotas = index.OfKind("ResourceQuota");
        if (quotas.Count == 0)
        {
            return AnalyzerResult.Of([]);
        }
        var refusals = Refusals(index);
        var findings = new List<Finding>();
        foreach (var quota in quotas)
        {
            var hard = quota.Json["status"]?["hard"] as JsonObject ?? quota.Json["spec"]?["hard"] as JsonObject;
            var used = quota.Json["status"]?["used"] as JsonObject;
            if (hard is null || used is null)
            {
                continue;
            }
            var full = new List<string>();
            foreach (var (resource, limitNode) in hard)
            {
                var limit = KubeQuantity.Parse(KubeObject.Str(limitNode));
                var now = KubeQuantity.Parse(KubeObject.Str(used[resource]));
                if (limit is { } l && now is { } u && u >= l && (l > 0 || u > 0))
                {
                    full.Add($"{resource} {KubeObject.Str(used[resource])}/{KubeObject.Str(limitNode)}");
                }
            }
            refusals.TryGetValue((quota.Namespace, quota.Name), out var refused);
            if (full.Count == 0 && refused is null)
            {
                continue;
            }
            var ns = KubeFindings.Ns(quota.Namespace);
            var evidence = new List<EvidenceRef>();
            if (full.Count > 0)
            {
                evidence.Add(quota.At("status.used", string.Join(", ", full)));
            }
            if (refused is not null)
            {
                evidence.AddRange(refused.Select(r => r.Evidence).Take(3));
            }
            var victims = refused?.Select(r => r.Victim).Distinct(StringComparer.Ordinal).ToList() ?? [];
            var title = full.Count > 0
                ? $"ResourceQuota {quota.Name} is used up ({string.Join(", ", full)})"
                : $"ResourceQuota {quota.Name} refused new pods";
            if (victims.Count > 0)
            {
                title += $": the API refused to create pods for {string.Join(", ", victims.Take(3))}{(victims.Count > 3 ? $" (+{victims.Count - 3} more)" : "")}";
            }
            findings.Add(KubeFindings.Make(Name, KubeFindingKinds.QuotaExhausted, victims.Count > 0 ? FindingSeverity.Critical : FindingSeverity.Warning, victims.Count > 0 ? 0.85 : 0.55,
                title, quota.Entity, refused?.Min(r => r.At), evidence,
                [$"kubectl describe resourcequota {quota.Name}{ns}", $"kubectl get events{ns} --field-selector reason=FailedCreate",
                 $"kubectl top pods{ns}", $"kubectl edit resourcequota {quota.Name}{ns}"],
                new() { ["quota"] = quota.Name, ["exhausted"] = string.Join(",", full.Select(f => f[..f.IndexOf(' ', StringComparison.Ordinal)])), ["refused"] = string.Join(",", victims) }));
        }
        return AnalyzerResult.Of(findings);
    }

    private sealed record Refusal(string Victim, EvidenceRef Evidence, DateTimeOffset? At);

    /// <summary>"exceeded quota: NAME" refusals by (namespace, quota name), from FailedCreate events and ReplicaFailure conditions.</summary>
    private static Dictionary<(string?, string), List<Refusal>> Refusals(KubeIndex index)
    {
        var result = new Dictionary<(string?, string), List<Refusal>>();
        void Add(string? ns, string message, Refusal r)
        {
            var at = message.IndexOf(Marker, StringComparison.Ordinal);
            if (at < 0)
            {
                return;
            }
            var rest = message[(at + Marker.Length)..];
            var end = rest.IndexOfAny([',', ' ', '\n']);
            var name = end < 0 ? rest : rest[..end];
            if (!result.TryGetValue((ns, name), out var list))
            {
                result[(ns, name)] = list = [];
            }
            list.Add(r);
        }
        foreach (var e in index.Events)
        {
            if (e.Reason == "FailedCreate")
            {
                Add(e.Involved.Namespace, e.Message, new Refusal($"{e.Involved.Kind.ToLowerInvariant()}/{e.Involved.Name}", e.Ref, e.LastSeen ?? e.FirstSeen));
            }
        }
        foreach (var kind in new[] { "ReplicaSet", "StatefulSet", "DaemonSet", "Job" })
        {
            foreach (var o in index.OfKind(kind))
            {
                var conditions = o.Json["status"]?["conditions"];
                var c = KubeFindings.Condition(conditions, "ReplicaFailure");
                if (KubeObject.Str(c?["message"]) is { } m && KubeObject.Str(c?["status"]) == "True")
                {
                    Add(o.Namespace, m, new Refusal($"{kind.ToLowerInvariant()}/{o.Name}", o.At($"status.conditions[{KubeFindings.ConditionIndex(conditions, "ReplicaFailure")}].message", m.Length > 200 ? m[..200] : m), KubeObject.Time(c?["lastTransitionTime"])));
                }
            }
        }
        return result;
    }
}
