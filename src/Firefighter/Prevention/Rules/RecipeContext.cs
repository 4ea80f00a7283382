using Firefighter.Hypotheses;

namespace Firefighter.Prevention.Rules;

/// <summary>What a recipe may read: the hypothesis, the metrics present, the workload's containers and limits, and the onset.</summary>
/// <param name="Hypothesis">The hypothesis the rules are for.</param>
/// <param name="Metrics">The metric names and labels present in the evidence.</param>
/// <param name="Namespace">The namespace of the entity at fault, null when unknown.</param>
/// <param name="Workload">The workload (deployment, statefulset...) name, null when unknown.</param>
/// <param name="Containers">The workload's containers from its Kubernetes spec, with their memory limits.</param>
/// <param name="Onset">The incident's onset; data before it (minus a margin) is the healthy baseline thresholds are checked against.</param>
public sealed record RecipeContext(Hypothesis Hypothesis, MetricInventory Metrics, string? Namespace, string? Workload,
    IReadOnlyList<ContainerSpec> Containers, DateTimeOffset? Onset)
{
    /// <summary>The workload's container names: from its spec, else the <c>container</c> label of series whose pod is named after the workload.</summary>
    public IReadOnlyList<string> ContainerNames(string metric)
    {
        if (Containers.Count > 0)
        {
            return [.. Containers.Select(c => c.Name)];
        }
        if (Workload is null)
        {
            return [];
        }
        return [.. Metrics.Series(metric)
            .Where(s => s.Label("pod") is { } p && p.StartsWith(Workload + "-", StringComparison.Ordinal) && (Namespace is null || s.Label("namespace") == Namespace))
            .Select(s => s.Label("container")).OfType<string>().Where(c => c.Length > 0 && c != "POD").Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>A selector for <paramref name="metric"/> narrowed to the namespace and to <paramref name="extra"/> matchers, using only labels the series carry.</summary>
    public string Selector(string metric, params (string Label, string Value)[] extra)
    {
        var matchers = new List<string>();
        if (Namespace is not null && Metrics.HasLabel(metric, "namespace"))
        {
            matchers.Add($"namespace=\"{Namespace}\"");
        }
        foreach (var (label, value) in extra)
        {
            if (Metrics.HasLabel(metric, label))
            {
                matchers.Add($"{label}{value}");
            }
        }
        return matchers.Count == 0 ? metric : $"{metric}{{{string.Join(", ", matchers)}}}";
    }
}

/// <summary>One container of the workload's spec and its memory limit, with where that was read.</summary>
/// <param name="Name">Container name.</param>
/// <param name="MemoryLimitBytes">The memory limit in bytes, null when none is set.</param>
/// <param name="MemoryLimitText">The limit as written in the spec (<c>2Gi</c>).</param>
/// <param name="Source">Where the limit was read (<c>k8s/deployment-api.yaml Deployment/production/api spec...limits.memory</c>).</param>
public sealed record ContainerSpec(string Name, double? MemoryLimitBytes, string? MemoryLimitText, string? Source);
