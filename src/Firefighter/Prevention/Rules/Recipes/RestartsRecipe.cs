using Firefighter.Hypotheses;

namespace Firefighter.Prevention.Rules.Recipes;

/// <summary><c>restarts</c>: the workload's containers restarted at least twice in 15 minutes (crash looping), from kube-state-metrics' restart counter.</summary>
public sealed class RestartsRecipe : IAlertRecipe
{
    /// <inheritdoc />
    public string Id => "restarts";

    /// <inheritdoc />
    public string Summary => "the workload's containers restarted at least twice in 15 minutes (kube_pod_container_status_restarts_total)";

    /// <inheritdoc />
    public IReadOnlyList<AlertRuleSuggestion> Build(RecipeContext context)
    {
        const string restarts = "kube_pod_container_status_restarts_total";
        if (!context.Metrics.Has(restarts))
        {
            return [];
        }
        var containers = context.ContainerNames(restarts);
        var sel = containers.Count switch
        {
            0 => context.Selector(restarts),
            1 => context.Selector(restarts, ("container", $"=\"{containers[0]}\"")),
            _ => context.Selector(restarts, ("container", $"=~\"{string.Join("|", containers)}\"")),
        };
        // Two restarts, not one: increase() extrapolates, so a single restart can read as 1.03; two in 15m is a loop, not a blip.
        return
        [
            new AlertRuleSuggestion("ContainerRestartingRepeatedly", $"max by (namespace, pod, container) (increase({sel}[15m])) >= 2", "0m", "warning",
                "{{ $labels.pod }} ({{ $labels.container }}) restarted {{ $value | humanize }} times in 15 minutes")
            {
                Description = "Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} is crash looping: check its last termination reason (OOMKilled, Error) and its previous logs.",
                Source = "evidence",
                Metrics = [restarts],
            },
        ];
    }
}
