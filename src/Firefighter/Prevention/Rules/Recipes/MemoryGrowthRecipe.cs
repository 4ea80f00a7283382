using Firefighter.Hypotheses;

namespace Firefighter.Prevention.Rules.Recipes;

/// <summary><c>memory-growth</c>: memory growing without a pause for 30 minutes (<c>deriv</c>) and predicted by <c>predict_linear</c> to reach the limit within 2 hours.</summary>
public sealed class MemoryGrowthRecipe : IAlertRecipe
{
    /// <inheritdoc />
    public string Id => "memory-growth";

    /// <inheritdoc />
    public string Summary => "memory growing without a pause for 30 minutes and predicted (predict_linear over 1h) to reach the limit within 2 hours";

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
            var sel = context.Selector(usage, ("container", $"=\"{container}\""));
            // A start-up warm-up grows as fast as a leak but stops within minutes: requiring deriv > 0 at every minute of the last 30
            // (a flat, noisy series dips below zero) keeps warm-ups from paging, and predict_linear over 1h sees the trend, not a step.
            var predicted = $"max by (namespace, pod, container) (predict_linear({sel}[1h], 2 * 3600))";
            var growing = $"max by (namespace, pod, container) (min_over_time(deriv({sel}[15m])[30m:1m])) > 0";
            // Pods younger than an hour are left out: their memory is still warming up, and a 1h trend needs an hour of data.
            var settled = $"max by (namespace, pod, container) ({sel} offset 1h)";
            var expr = limit.IsSeries
                ? $"{predicted} > on (namespace, pod, container) {limit.Rhs}\nand\n{growing}\nand\n{settled}"
                : $"{predicted} > {limit.Rhs}\nand\n{growing}\nand\n{settled}";
            rules.Add(new AlertRuleSuggestion("ContainerMemoryGrowingToLimit", expr, "15m", "warning",
                "{{ $labels.pod }} memory keeps growing and will reach its limit within 2 hours")
            {
                Description = "Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} has grown without a pause for 30 minutes; at this rate it reaches its memory limit within 2 hours (predicted {{ $value | humanize1024 }}B). A leak, or a limit too low for the load.",
                Source = "evidence",
                Comment = limit.Comment,
                Metrics = [usage, .. limit.Metrics],
            });
        }
        return rules;
    }
}
