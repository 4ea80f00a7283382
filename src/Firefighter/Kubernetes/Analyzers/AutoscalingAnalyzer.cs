using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Kubernetes;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>HorizontalPodAutoscalers: unable to scale, unable to compute metrics (often containers without requests), pinned at max replicas.</summary>
public sealed class AutoscalingAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.hpa";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.HpaAtMax, KubeFindingKinds.HpaMetricsUnavailable, KubeFindingKinds.HpaUnableToScale];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var hpa in index.OfKind("HorizontalPodAutoscaler"))
        {
            var conditions = hpa.Json["status"]?["conditions"];
            var target = $"{KubeObject.Str(hpa.Json["spec"]?["scaleTargetRef"]?["kind"])}/{KubeObject.Str(hpa.Json["spec"]?["scaleTargetRef"]?["name"])}";
            var ns = KubeFindings.Ns(hpa.Namespace);
            var commands = new[] { $"kubectl describe hpa {hpa.Name}{ns}", $"kubectl get {target.ToLowerInvariant()}{ns}" };
            var max = KubeFindings.Int(hpa.Json["spec"]?["maxReplicas"]);
            var current = KubeFindings.Int(hpa.Json["status"]?["currentReplicas"]);
            var desired = KubeFindings.Int(hpa.Json["status"]?["desiredReplicas"]);
            var attrs = new Dictionary<string, string?> { ["hpa"] = hpa.Name, ["target"] = target, ["maxReplicas"] = max?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["currentReplicas"] = current?.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            foreach (var type in new[] { "AbleToScale", "ScalingActive" })
            {
                var c = KubeFindings.Condition(conditions, type);
                if (KubeObject.Str(c?["status"]) != "False")
                {
                    continue;
                }
                var reason = KubeObject.Str(c?["reason"]);
                // ScalingDisabled means the target was scaled to zero on purpose.
                if (reason == "ScalingDisabled")
                {
                    continue;
                }
                var message = KubeObject.Str(c?["message"]);
                var cls = message?.Contains("missing request", StringComparison.OrdinalIgnoreCase) == true ? "missing_requests"
                    : reason is "FailedGetScale" or "FailedUpdateScale" ? "target" : type == "ScalingActive" ? "metrics" : "unknown";
                var kind = type == "AbleToScale" ? KubeFindingKinds.HpaUnableToScale : KubeFindingKinds.HpaMetricsUnavailable;
                findings.Add(KubeFindings.Make(Name, kind, FindingSeverity.Warning, 0.8,
                    $"HPA {hpa.Name} for {target} {(type == "AbleToScale" ? "cannot scale" : "cannot compute a replica count")} ({reason}): {message}",
                    hpa.Entity, KubeObject.Time(c?["lastTransitionTime"]),
                    [hpa.At($"status.conditions[{KubeFindings.ConditionIndex(conditions, type)}].reason", reason)], commands,
                    new(attrs) { ["condition"] = type, ["reason"] = reason, ["message"] = message, ["class"] = cls }));
            }
            var limited = KubeFindings.Condition(conditions, "ScalingLimited");
            if ((KubeObject.Str(limited?["status"]) == "True" && KubeObject.Str(limited?["reason"]) == "TooManyReplicas") || (max is { } m && current >= m && desired >= m))
            {
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.HpaAtMax, FindingSeverity.Warning, 0.7,
                    $"HPA {hpa.Name} for {target} is at its maximum of {max} replicas and wants more: capacity is capped",
                    hpa.Entity, KubeObject.Time(limited?["lastTransitionTime"]), [hpa.At("status.currentReplicas", current?.ToString(System.Globalization.CultureInfo.InvariantCulture))],
                    [.. commands, $"kubectl patch hpa {hpa.Name}{ns} -p '{{\"spec\":{{\"maxReplicas\":{(max ?? 1) * 2}}}}}'"], attrs));
            }
        }
        return AnalyzerResult.Of(findings);
    }
}
