using System.Globalization;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Kubernetes;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>PodDisruptionBudgets that block every voluntary disruption (node drains, cluster upgrades) while their pods are healthy.</summary>
/// <remarks>With status: <c>disruptionsAllowed</c> 0 although <c>currentHealthy</c> ≥ <c>expectedPods</c> — the budget itself, not sick pods,
/// is what blocks. Without status: <c>maxUnavailable</c> 0 (or 0%), <c>minAvailable</c> 100%, or <c>minAvailable</c> ≥ the pods it selects.
/// A budget whose pods are unhealthy is left to the pod analyzers: that budget protects, it does not cause.</remarks>
public sealed class DisruptionBudgetAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.pdb";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.PdbBlocking];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var pdb in index.OfKind("PodDisruptionBudget"))
        {
            var spec = pdb.Json["spec"];
            var status = pdb.Json["status"];
            var minAvailable = KubeObject.Str(spec?["minAvailable"]);
            var maxUnavailable = KubeObject.Str(spec?["maxUnavailable"]);
            var allowed = KubeFindings.Int(status?["disruptionsAllowed"]);
            var healthy = KubeFindings.Int(status?["currentHealthy"]);
            var expected = KubeFindings.Int(status?["expectedPods"]);
            var desired = KubeFindings.Int(status?["desiredHealthy"]);
            string? why = null;
            string field;
            string? excerpt;
            if (allowed is not null && expected is > 0)
            {
                if (allowed != 0 || healthy < expected)
                {
                    continue;
                }
                why = $"allows 0 disruptions with all {expected} pod(s) healthy (needs {desired ?? expected} healthy)";
                field = "status.disruptionsAllowed";
                excerpt = "0";
            }
            else
            {
                var selected = CountSelected(index, pdb);
                field = maxUnavailable is not null ? "spec.maxUnavailable" : "spec.minAvailable";
                excerpt = maxUnavailable ?? minAvailable;
                if (maxUnavailable is "0" or "0%")
                {
                    why = $"has maxUnavailable {maxUnavailable}";
                }
                else if (minAvailable == "100%")
                {
                    why = "has minAvailable 100%";
                }
                else if (int.TryParse(minAvailable, NumberStyles.Integer, CultureInfo.InvariantCulture, out var min) && selected > 0 && min >= selected)
                {
                    why = $"has minAvailable {min} for the {selected} pod(s) it selects";
                }
                if (why is null || selected == 0)
                {
                    continue;
                }
            }
            var ns = KubeFindings.Ns(pdb.Namespace);
            findings.Add(KubeFindings.Make(Name, KubeFindingKinds.PdbBlocking, FindingSeverity.Warning, 0.6,
                $"PodDisruptionBudget {pdb.Name} {why}: node drains and upgrades evicting its pods will hang",
                pdb.Entity, null, [pdb.At(field, excerpt)],
                [$"kubectl describe pdb {pdb.Name}{ns}", $"kubectl get pdb{ns}",
                 $"kubectl patch pdb {pdb.Name}{ns} --type=merge -p '{{\"spec\":{{\"minAvailable\":null,\"maxUnavailable\":1}}}}'"],
                new() { ["pdb"] = pdb.Name, ["minAvailable"] = minAvailable, ["maxUnavailable"] = maxUnavailable, ["expectedPods"] = expected?.ToString(CultureInfo.InvariantCulture) }));
        }
        return AnalyzerResult.Of(findings);
    }

    private static int CountSelected(KubeIndex index, KubeObject pdb)
    {
        var selector = KubeSelector.Read(pdb.Json["spec"]?["selector"]);
        var n = 0;
        foreach (var pod in index.PodsIn(pdb.Namespace))
        {
            if (selector.Matches(index.LabelsOf(pod)) && KubeObject.Str(pod.Json["status"]?["phase"]) is not ("Succeeded" or "Failed"))
            {
                n++;
            }
        }
        return n;
    }
}
