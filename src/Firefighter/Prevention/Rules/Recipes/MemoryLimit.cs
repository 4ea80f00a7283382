using System.Globalization;

namespace Firefighter.Prevention.Rules.Recipes;

/// <summary>How a memory rule compares usage with the limit: a limit series from the evidence, or the spec's limit as a literal.</summary>
/// <param name="Rhs">The right-hand side of the comparison: a vector expression joined on (namespace, pod, container), or a number of bytes.</param>
/// <param name="IsSeries">True when <paramref name="Rhs"/> is a vector (needs <c>on (...) group_left</c>).</param>
/// <param name="Comment">Why the limit looks like this, null for a limit series.</param>
/// <param name="Metrics">The limit metric read, empty for a literal.</param>
internal sealed record MemoryLimit(string Rhs, bool IsSeries, string? Comment, IReadOnlyList<string> Metrics)
{
    /// <summary>The limit for <paramref name="container"/>: kube-state-metrics' or cAdvisor's limit series when present, else the spec's limit; null when none is known.</summary>
    public static MemoryLimit? For(RecipeContext ctx, string container)
    {
        const string ksm = "kube_pod_container_resource_limits";
        if (ctx.Metrics.Has(ksm) && ctx.Metrics.HasLabel(ksm, "resource"))
        {
            var sel = ctx.Selector(ksm, ("resource", "=\"memory\""), ("container", $"=\"{container}\""));
            return new MemoryLimit($"max by (namespace, pod, container) ({sel})", true, null, [ksm]);
        }
        const string cadvisor = "container_spec_memory_limit_bytes";
        if (ctx.Metrics.Has(cadvisor))
        {
            var sel = ctx.Selector(cadvisor, ("container", $"=\"{container}\""));
            return new MemoryLimit($"max by (namespace, pod, container) ({sel} > 0)", true, null, [cadvisor]);
        }
        var spec = ctx.Containers.FirstOrDefault(c => c.Name == container);
        if (spec?.MemoryLimitBytes is not { } bytes || bytes <= 0)
        {
            return null;
        }
        var comment = $"The evidence has no memory-limit series ({ksm} or {cadvisor}): the {spec.MemoryLimitText} limit of container "
            + $"{container} is a literal read from {spec.Source}. Update it with the limit, or divide by {ksm}{{resource=\"memory\"}} once kube-state-metrics is scraped.";
        return new MemoryLimit(bytes.ToString("0", CultureInfo.InvariantCulture), false, comment, []);
    }
}
