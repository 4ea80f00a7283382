using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Objects declared in a namespace that does not exist while one with a near-identical name does: a typo that makes the apply fail
/// (<c>namespaces "X" not found</c>) and leaves the object missing.</summary>
/// <remarks>Judged only when the snapshot defines Namespaces and the missing one is at most two edits away from a defined one; a namespace
/// merely absent from a partial snapshot proves nothing.</remarks>
public sealed class NamespaceAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.namespaces";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.NamespaceMissing];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var defined = index.OfKind("Namespace").Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        if (defined.Count == 0)
        {
            return AnalyzerResult.Of([]);
        }
        var findings = new List<Finding>();
        foreach (var group in context.Evidence.Objects.Where(o => o.Namespace is { } ns && !defined.Contains(ns)).GroupBy(o => o.Namespace!))
        {
            var similar = defined.Where(d => d.Length >= 4 && Distance(d, group.Key) <= 2).Order(StringComparer.Ordinal).FirstOrDefault();
            if (similar is null)
            {
                continue;
            }
            foreach (var o in group.GroupBy(o => (o.Kind, o.Name)).Select(g => g.First()))
            {
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.NamespaceMissing, FindingSeverity.Critical, 0.85,
                    $"{o.Kind} {o.Name} is declared in namespace {group.Key}, which does not exist (namespace {similar} does: a typo); applying it fails with namespaces \"{group.Key}\" not found",
                    o.Entity, null, [o.At("metadata.namespace", group.Key)], [$"kubectl get namespace {group.Key}", $"kubectl get {o.Kind.ToLowerInvariant()} {o.Name} -n {similar}"],
                    new() { ["missingNamespace"] = group.Key, ["similar"] = similar, ["objectKind"] = o.Kind, ["object"] = o.Name }));
            }
        }
        return AnalyzerResult.Of(findings);
    }

    /// <summary>Levenshtein distance, stopping early past 3.</summary>
    internal static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2)
        {
            return 3;
        }
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }
}
