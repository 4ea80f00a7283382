using System.Text.Json.Nodes;
using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Probes that check a port the container does not declare: a named port that no containerPort carries (always broken), or a number
/// that none of the container's declared ports has (the process listens where it declares).</summary>
/// <remarks>A container that declares no ports at all is not judged on numbers (declaring is optional). Anchors: kube-linter's
/// liveness-port / readiness-port, kube-score's container-probe checks.</remarks>
public sealed class ProbePortAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.probe-ports";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.ProbePortMismatch];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var t in index.PodTemplates())
        {
            foreach (var (c, path, init) in KubeIndex.Containers(t.Spec, t.Path))
            {
                if (init)
                {
                    continue;
                }
                var declared = (c["ports"] as JsonArray ?? []).Select(p => (Number: KubeObject.Str(p?["containerPort"]), Name: KubeObject.Str(p?["name"]))).ToList();
                foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
                {
                    var handler = c[probe]?["httpGet"] is JsonObject http ? ("httpGet", http) : c[probe]?["tcpSocket"] is JsonObject tcp ? ("tcpSocket", tcp) : c[probe]?["grpc"] is JsonObject grpc ? ("grpc", grpc) : default;
                    if (handler.Item2 is null || KubeObject.Str(handler.Item2["port"]) is not { } port)
                    {
                        continue;
                    }
                    var numeric = int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);
                    var ok = numeric ? declared.Count == 0 || declared.Any(d => d.Number == port) : declared.Any(d => d.Name == port);
                    if (ok)
                    {
                        continue;
                    }
                    var name = KubeObject.Str(c["name"]) ?? "";
                    var declaredText = declared.Count == 0 ? "none" : string.Join(", ", declared.Select(d => d.Name is null ? d.Number : $"{d.Number} ({d.Name})"));
                    var kind = probe.Replace("Probe", "", StringComparison.Ordinal);
                    var effect = kind == "liveness" ? "the kubelet kills and restarts the container over and over" : kind == "readiness" ? "the pods never become ready, so their Service has no endpoints" : "the container never starts";
                    var attrs = KubeIndex.OwnerAttributes(t.Owner);
                    attrs["probe"] = kind;
                    attrs["container"] = name;
                    attrs["port"] = port;
                    attrs["declared"] = declaredText;
                    attrs["field"] = $"{path}.{probe}.{handler.Item1}.port";
                    var ns = KubeFindings.Ns(t.Owner.Namespace);
                    findings.Add(KubeFindings.Make(Name, KubeFindingKinds.ProbePortMismatch, FindingSeverity.Critical, numeric ? 0.75 : 0.9,
                        $"{t.Owner.Kind} {t.Owner.Name}: the {kind} probe of container {name} checks port {port}, but the container declares {(declared.Count == 0 ? "no port" : "port(s) " + declaredText)}: the probe fails and {effect}",
                        t.Owner.Entity, null, [t.Owner.At($"{path}.{probe}.{handler.Item1}.port", port)],
                        [$"kubectl describe {t.Owner.Kind.ToLowerInvariant()} {t.Owner.Name}{ns}", $"kubectl get events{ns} --field-selector reason=Unhealthy"],
                        attrs));
                }
            }
        }
        return AnalyzerResult.Of(findings);
    }
}
