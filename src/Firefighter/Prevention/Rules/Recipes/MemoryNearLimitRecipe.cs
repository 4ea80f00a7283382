using Firefighter.Hypotheses;

namespace Firefighter.Prevention.Rules.Recipes;

/// <summary><c>memory-near-limit</c>: container working set above 90% of its memory limit for 5 minutes.</summary>
public sealed class MemoryNearLimitRecipe : IAlertRecipe
{
    /// <inheritdoc />
    public string Id => "memory-near-limit";

    /// <inheritdoc />
    public string Summary => "container working set above 90% of its memory limit for 5 minutes (limit series, or the spec's limit as a literal)";

    /// <inheritdoc />
    public IReadOnlyList<AlertRuleSuggestion> Build(RecipeContext context)
    {
        const string usage = "container_memory_working_set_bytes";
        if (!context.Metrics.Has(usage))
        {
            return [];
        }
        var rules = new List<AlertRuleSuggestion>();
        foreach (var container in context.ContainerNames(usage))
        {
            if (MemoryLimit.For(context, container) is not { } limit)
            {
                continue;
            }
            var used = $"max by (namespace, pod, container) ({context.Selector(usage, ("container", $"=\"{container}\""))})";
            var expr = limit.IsSeries
                ? $"{used} / on (namespace, pod, container) {limit.Rhs} > 0.9"
                : $"{used} / {limit.Rhs} > 0.9";
            rules.Add(new AlertRuleSuggestion("ContainerMemoryNearLimit", expr, "5m", "warning", "{{ $labels.pod }} memory is above 90% of its limit")
            {
                Description = $"Container {{{{ $labels.container }}}} of {{{{ $labels.namespace }}}}/{{{{ $labels.pod }}}} uses {{{{ $value | humanizePercentage }}}} of its memory limit; at 100% the kernel OOM-kills it.",
                Source = "evidence",
                Comment = limit.Comment,
                Metrics = [usage, .. limit.Metrics],
            });
        }
        return rules;
    }
}
