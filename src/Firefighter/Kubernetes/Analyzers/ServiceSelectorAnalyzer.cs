using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Services whose selector matches no pod template of the namespace's workloads: read from manifests, before any pod exists.</summary>
/// <remarks>Judged only when the snapshot holds no pods in the namespace (with pods, <see cref="ServiceAnalyzer"/> judges the live endpoints)
/// and at least one workload there; the finding names the label pair that differs from the nearest template (the one sharing most pairs).
/// Anchors: kube-score's service-targets-pod, kube-linter's dangling-service, Popeye's SVC checks.</remarks>
public sealed class ServiceSelectorAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.service-selectors";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.ServiceSelectorMismatch];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        var templates = index.PodTemplates().Where(t => t.Owner.Kind != "Pod").ToLookup(t => t.Owner.Namespace);
        foreach (var svc in index.OfKind("Service"))
        {
            var selector = KubeIndex.StringMap(svc.Json["spec"]?["selector"]);
            var inNs = templates[svc.Namespace].ToList();
            if (selector.Count == 0 || index.Covers("Pod", svc.Namespace) || inNs.Count == 0 || inNs.Any(t => Matches(selector, t.Labels)))
            {
                continue;
            }
            var nearest = inNs.OrderByDescending(t => selector.Count(kv => t.Labels.TryGetValue(kv.Key, out var v) && v == kv.Value))
                .ThenBy(t => t.Owner.Name, StringComparer.Ordinal).First();
            var (label, value) = selector.First(kv => !nearest.Labels.TryGetValue(kv.Key, out var v) || v != kv.Value);
            var expected = nearest.Labels.GetValueOrDefault(label);
            var selText = string.Join(",", selector.Select(kv => $"{kv.Key}={kv.Value}"));
            var near = expected is null
                ? $"the nearest template, {nearest.Owner.Kind} {nearest.Owner.Name}, has no label {label}"
                : $"{nearest.Owner.Kind} {nearest.Owner.Name}'s pods carry {label}={expected}";
            var ns = KubeFindings.Ns(svc.Namespace);
            findings.Add(KubeFindings.Make(Name, KubeFindingKinds.ServiceSelectorMismatch, FindingSeverity.Critical, 0.9,
                $"Service {svc.Name} selects {label}={value} ({selText}), but no pod template in namespace {svc.Namespace} carries it ({near}): the Service has no endpoints",
                svc.Entity, null, [svc.At($"spec.selector.{label}", value), nearest.Owner.At($"{nearest.Path[..^".spec".Length]}.metadata.labels", expected is null ? "(absent)" : $"{label}={expected}")],
                [$"kubectl get endpoints {svc.Name}{ns}", $"kubectl get pods{ns} --show-labels", $"kubectl describe service {svc.Name}{ns}"],
                new() { ["service"] = svc.Name, ["selector"] = selText, ["label"] = label, ["value"] = value, ["expected"] = expected, ["workload"] = nearest.Owner.Name }));
        }
        return AnalyzerResult.Of(findings);
    }

    private static bool Matches(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
