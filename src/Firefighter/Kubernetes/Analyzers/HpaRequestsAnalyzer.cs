using System.Text.Json.Nodes;
using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>HorizontalPodAutoscalers that scale on CPU or memory utilisation of a target whose containers request none of that resource:
/// utilisation is usage ÷ request, so the HPA cannot compute it and never scales (<c>missing request for cpu</c>).</summary>
/// <remarks>Read from the HPA spec (v2 <c>metrics[].resource</c>, v1 <c>targetCPUUtilizationPercentage</c>) and the target's pod template, so it
/// holds for manifests before they are applied. Anchors: Polaris's and Popeye's HPA checks.</remarks>
public sealed class HpaRequestsAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.hpa-requests";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.HpaMissingRequests];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var hpa in index.OfKind("HorizontalPodAutoscaler"))
        {
            var spec = hpa.Json["spec"];
            var targetKind = KubeObject.Str(spec?["scaleTargetRef"]?["kind"]) ?? "";
            var targetName = KubeObject.Str(spec?["scaleTargetRef"]?["name"]) ?? "";
            if (index.Get(targetKind, hpa.Namespace, targetName) is not { } target || target.Json["spec"]?["template"]?["spec"] is not JsonObject podSpec)
            {
                continue;
            }
            var resources = new List<string>();
            if (spec?["targetCPUUtilizationPercentage"] is not null)
            {
                resources.Add("cpu");
            }
            foreach (var m in spec?["metrics"] as JsonArray ?? [])
            {
                if (KubeObject.Str(m?["type"]) is "Resource" or "ContainerResource" && KubeObject.Str(m?["resource"]?["name"] ?? m?["containerResource"]?["name"]) is { } r
                    && KubeObject.Str(m?["resource"]?["target"]?["type"] ?? m?["containerResource"]?["target"]?["type"]) is null or "Utilization")
                {
                    resources.Add(r);
                }
            }
            foreach (var resource in resources.Distinct())
            {
                foreach (var (c, path, init) in KubeIndex.Containers(podSpec, "spec.template.spec"))
                {
                    if (init || KubeObject.Str(c["resources"]?["requests"]?[resource]) is not null)
                    {
                        continue;
                    }
                    // Without a request, the request defaults to the limit when one is set.
                    if (KubeObject.Str(c["resources"]?["limits"]?[resource]) is not null)
                    {
                        continue;
                    }
                    var name = KubeObject.Str(c["name"]) ?? "";
                    var ns = KubeFindings.Ns(hpa.Namespace);
                    findings.Add(KubeFindings.Make(Name, KubeFindingKinds.HpaMissingRequests, FindingSeverity.Critical, 0.85,
                        $"HPA {hpa.Name} scales {targetKind} {targetName} on {resource} utilisation, but container {name} sets no {resource} request: utilisation cannot be computed (missing request for {resource}) and the HPA never scales",
                        hpa.Entity, null, [hpa.At("spec.metrics", resource), target.At($"{path}.resources.requests.{resource}", "(absent)")],
                        [$"kubectl describe hpa {hpa.Name}{ns}", $"kubectl set resources {targetKind.ToLowerInvariant()}/{targetName}{ns} -c {name} --requests={resource}=..."],
                        new() { ["hpa"] = hpa.Name, ["target"] = $"{targetKind}/{targetName}", ["resource"] = resource, ["container"] = name, ["field"] = $"{path}.resources.requests.{resource}" }));
                }
            }
        }
        return AnalyzerResult.Of(findings);
    }
}
