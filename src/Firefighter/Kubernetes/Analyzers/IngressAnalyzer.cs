using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Kubernetes;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Ingresses: no address assigned, no ingress class, backend service or TLS secret missing (when the snapshot covers those kinds).</summary>
public sealed class IngressAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.ingress";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.IngressMissingBackend, KubeFindingKinds.IngressMissingTlsSecret, KubeFindingKinds.IngressNoAddress, KubeFindingKinds.IngressNoClass];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var ing in index.OfKind("Ingress"))
        {
            var spec = ing.Json["spec"];
            var ns = KubeFindings.Ns(ing.Namespace);
            var describe = $"kubectl describe ingress {ing.Name}{ns}";
            var cls = KubeObject.Str(spec?["ingressClassName"]) ?? ing.Annotations.GetValueOrDefault("kubernetes.io/ingress.class");
            var attrs = new Dictionary<string, string?> { ["ingress"] = ing.Name, ["class"] = cls };
            if (ing.Json["status"]?["loadBalancer"]?["ingress"] is not JsonArray { Count: > 0 })
            {
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.IngressNoAddress, FindingSeverity.Warning, 0.6,
                    $"Ingress {ing.Name} has no load balancer address: no ingress controller{(cls is null ? "" : $" of class {cls}")} has admitted it",
                    ing.Entity, ing.Created, [ing.At("status.loadBalancer", "{}")],
                    [describe, "kubectl get ingressclass", "kubectl get pods -A -l app.kubernetes.io/component=controller"], attrs));
            }
            if (cls is null && !index.OfKind("IngressClass").Any(c => c.Annotations.GetValueOrDefault("ingressclass.kubernetes.io/is-default-class") == "true"))
            {
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.IngressNoClass, FindingSeverity.Info, 0.4,
                    $"Ingress {ing.Name} names no ingress class; it is served only if a default IngressClass exists",
                    ing.Entity, null, [ing.At("spec.ingressClassName")], [describe, "kubectl get ingressclass"], attrs));
            }
            if (index.Covers("Service", ing.Namespace))
            {
                foreach (var (svc, path) in Backends(spec))
                {
                    if (index.Get("Service", ing.Namespace, svc) is null)
                    {
                        findings.Add(KubeFindings.Make(Name, KubeFindingKinds.IngressMissingBackend, FindingSeverity.Critical, 0.85,
                            $"Ingress {ing.Name} routes to service {svc}, which does not exist", ing.Entity, null, [ing.At(path, svc)],
                            [describe, $"kubectl get service {svc}{ns}"], new(attrs) { ["service"] = svc }));
                    }
                }
            }
            if (index.Covers("Secret", ing.Namespace) && spec?["tls"] is JsonArray tls)
            {
                for (var i = 0; i < tls.Count; i++)
                {
                    if (KubeObject.Str(tls[i]?["secretName"]) is { } secret && index.Get("Secret", ing.Namespace, secret) is null)
                    {
                        findings.Add(KubeFindings.Make(Name, KubeFindingKinds.IngressMissingTlsSecret, FindingSeverity.Critical, 0.85,
                            $"Ingress {ing.Name} uses TLS secret {secret}, which does not exist: the controller serves its default certificate", ing.Entity, null,
                            [ing.At($"spec.tls[{i}].secretName", secret)], [describe, $"kubectl get secret {secret}{ns}"], new(attrs) { ["secret"] = secret }));
                    }
                }
            }
        }
        return AnalyzerResult.Of(findings);
    }

    private static IEnumerable<(string Service, string Path)> Backends(JsonNode? spec)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if ((KubeObject.Str(spec?["defaultBackend"]?["service"]?["name"]) ?? KubeObject.Str(spec?["backend"]?["serviceName"])) is { } d && seen.Add(d))
        {
            yield return (d, "spec.defaultBackend");
        }
        if (spec?["rules"] is not JsonArray rules)
        {
            yield break;
        }
        for (var r = 0; r < rules.Count; r++)
        {
            if (rules[r]?["http"]?["paths"] is not JsonArray paths)
            {
                continue;
            }
            for (var p = 0; p < paths.Count; p++)
            {
                var b = paths[p]?["backend"];
                if ((KubeObject.Str(b?["service"]?["name"]) ?? KubeObject.Str(b?["serviceName"])) is { } s && seen.Add(s))
                {
                    yield return (s, $"spec.rules[{r}].http.paths[{p}].backend");
                }
            }
        }
    }
}
