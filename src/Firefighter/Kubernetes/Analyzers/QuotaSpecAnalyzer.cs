using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Analysis;
using Firefighter.Evidence;
using Firefighter.Parsing;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Workloads whose pods, at the replicas they ask for, need more of a resource than the namespace's ResourceQuota allows (read from the
/// pod templates and the quota's hard limits, so it holds before anything is applied): the API server refuses the pods beyond it.</summary>
/// <remarks>Per-pod amounts are the sum over containers (init containers: the largest one, as the scheduler counts them). A workload alone over
/// the quota is named; otherwise, when the namespace's workloads together exceed it, the largest consumer is. Anchors: Popeye's and Polaris's
/// resource checks.</remarks>
public sealed class QuotaSpecAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.quota-spec";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.QuotaSpecExceeds];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var quotas = index.OfKind("ResourceQuota");
        if (quotas.Count == 0)
        {
            return AnalyzerResult.Of([]);
        }
        var findings = new List<Finding>();
        var templates = index.PodTemplates().Where(t => t.Owner.Kind is not "Pod").ToLookup(t => t.Owner.Namespace);
        foreach (var quota in quotas)
        {
            if (quota.Json["spec"]?["hard"] is not JsonObject hard)
            {
                continue;
            }
            var inNs = templates[quota.Namespace].ToList();
            foreach (var (resource, limitNode) in hard)
            {
                if (KubeQuantity.Parse(KubeObject.Str(limitNode)) is not { } limit)
                {
                    continue;
                }
                var usage = inNs.Select(t => (Template: t, PerPod: PerPod(t.Spec, resource))).Where(x => x.PerPod is > 0).Select(x => (x.Template, PerPod: x.PerPod!.Value, Total: x.PerPod!.Value * x.Template.Replicas)).ToList();
                if (usage.Count == 0 || usage.Sum(u => u.Total) <= limit)
                {
                    continue;
                }
                var worst = usage.OrderByDescending(u => u.Total).ThenBy(u => u.Template.Owner.Name, StringComparer.Ordinal).First();
                var alone = worst.Total > limit;
                var total = alone ? worst.Total : usage.Sum(u => u.Total);
                var fits = (int)Math.Floor(limit / worst.PerPod);
                var hardText = KubeObject.Str(limitNode) ?? "";
                var t = worst.Template;
                var attrs = KubeIndex.OwnerAttributes(t.Owner);
                attrs["quota"] = quota.Name;
                attrs["resource"] = resource;
                attrs["requested"] = Format(resource, total);
                attrs["hard"] = hardText;
                attrs["perPod"] = Format(resource, worst.PerPod);
                attrs["replicas"] = t.Replicas.ToString(CultureInfo.InvariantCulture);
                attrs["workload"] = t.Owner.Name;
                var ns = KubeFindings.Ns(quota.Namespace);
                var title = alone
                    ? $"{t.Owner.Kind} {t.Owner.Name} needs {resource} {Format(resource, total)} ({t.Replicas} × {Format(resource, worst.PerPod)}), more than ResourceQuota {quota.Name} allows ({hardText}): only {fits} pod(s) can be created, the rest fail with exceeded quota"
                    : $"Workloads in namespace {quota.Namespace} need {resource} {Format(resource, total)} together, more than ResourceQuota {quota.Name} allows ({hardText}); {t.Owner.Kind} {t.Owner.Name} ({t.Replicas} × {Format(resource, worst.PerPod)}) is the largest: pods beyond the quota fail with exceeded quota";
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.QuotaSpecExceeds, FindingSeverity.Critical, alone ? 0.85 : 0.7, title, t.Owner.Entity, null,
                    [quota.At($"spec.hard.{resource}", hardText), t.Owner.At($"{t.Path}.containers[*].resources", Format(resource, worst.PerPod))],
                    [$"kubectl describe resourcequota {quota.Name}{ns}", $"kubectl get events{ns} --field-selector reason=FailedCreate"], attrs));
            }
        }
        return AnalyzerResult.Of(findings);
    }

    /// <summary>What one pod of the spec counts against a quota resource (<c>requests.cpu</c>, <c>limits.memory</c>, <c>cpu</c>, <c>pods</c>...), or null when the quota resource is not about pod specs.</summary>
    private static double? PerPod(JsonObject spec, string resource)
    {
        if (resource is "pods" or "count/pods")
        {
            return 1;
        }
        var (section, name) = resource.StartsWith("requests.", StringComparison.Ordinal) ? ("requests", resource[9..])
            : resource.StartsWith("limits.", StringComparison.Ordinal) ? ("limits", resource[7..])
            : resource is "cpu" or "memory" or "ephemeral-storage" ? ("requests", resource) : (null, null);
        if (section is null || name is null)
        {
            return null;
        }
        double Amount(JsonNode? c) => KubeQuantity.Parse(KubeObject.Str(c?["resources"]?[section]?[name]) ?? (section == "requests" ? KubeObject.Str(c?["resources"]?["limits"]?[name]) : null)) ?? 0;
        var main = (spec["containers"] as JsonArray ?? []).Sum(Amount);
        var init = (spec["initContainers"] as JsonArray ?? []).Select(Amount).DefaultIfEmpty(0).Max();
        return Math.Max(main, init);
    }

    private static string Format(string resource, double v) =>
        resource.Contains("memory", StringComparison.Ordinal) || resource.Contains("storage", StringComparison.Ordinal) ? KubeQuantity.FormatBytes(v)
        : resource.Contains("cpu", StringComparison.Ordinal) ? (v < 1 ? $"{Math.Round(v * 1000).ToString(CultureInfo.InvariantCulture)}m" : v.ToString("0.##", CultureInfo.InvariantCulture))
        : v.ToString("0.##", CultureInfo.InvariantCulture);
}
