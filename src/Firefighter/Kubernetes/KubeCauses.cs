using Firefighter.Analysis;

namespace Firefighter.Kubernetes;

/// <summary>Groups Kubernetes findings by cause, so ten pods crashing from one missing Secret read as one problem with ten affected pods.</summary>
public static class KubeCauses
{
    /// <summary>One cause and the findings (affected objects) it explains, most severe first.</summary>
    public sealed record Cause(string Key, FindingSeverity Severity, string? Deployment, IReadOnlyList<Finding> Findings);

    /// <summary>Groups findings (already ordered by importance); the order of first appearance is kept.</summary>
    public static IReadOnlyList<Cause> Group(IReadOnlyList<Finding> findings)
    {
        var groups = new Dictionary<string, List<Finding>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var f in findings)
        {
            var key = KeyOf(f);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
                order.Add(key);
            }
            list.Add(f);
        }
        return order.Select(k =>
        {
            var list = groups[k];
            var sev = list.Max(f => f.Severity);
            var deployments = list.Select(f => f.Attr("deployment")).Distinct().ToList();
            return new Cause(k, sev, deployments.Count == 1 ? deployments[0] : null, list);
        }).ToList();
    }

    // Container problems of one workload share a cause: its pods fail alike.
    private static readonly HashSet<string> PerOwner =
    [
        KubeFindingKinds.ContainerCrashLoop, KubeFindingKinds.ContainerOomKilled, KubeFindingKinds.ContainerStartError,
        KubeFindingKinds.ContainerRestarts, KubeFindingKinds.ProbeFailed,
    ];

    /// <summary>The cause key: the kind plus what the pods share (the missing object, the image, the scheduling class, the owning deployment and exit).</summary>
    public static string KeyOf(Finding f)
    {
        var ns = f.Entity.Namespace ?? "";
        var owner = f.Attr("deployment") ?? f.Attr("statefulset") ?? f.Attr("daemonset") ?? f.Attr("job");
        return f.Kind switch
        {
            var k when k == KubeFindingKinds.ContainerConfigError && f.Attr("missingName") is { } m => $"{f.Kind}|{ns}|{f.Attr("missingKind")}|{m}|{f.Attr("missingKey")}",
            var k when k == KubeFindingKinds.ContainerImagePull && f.Attr("image") is { } img => $"{f.Kind}|{img}|{f.Attr("class")}",
            var k when k == KubeFindingKinds.PodUnschedulable => $"{f.Kind}|{ns}|{owner ?? f.Entity.Name}|{f.Attr("class")}",
            var k when k == KubeFindingKinds.PodEvicted => $"{f.Kind}|{f.Attr("node")}|{f.Attr("pressure")}",
            var k when owner is not null && PerOwner.Contains(k) => $"{f.Kind}|{ns}|{owner}|{f.Attr("container")}|{f.Attr("probe")}",
            _ => $"{f.Kind}|{f.Entity}",
        };
    }
}
