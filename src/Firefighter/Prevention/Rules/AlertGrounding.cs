using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Hypotheses;
using Firefighter.Parsing;

namespace Firefighter.Prevention.Rules;

/// <summary>Replaces each hypothesis's alert suggestions with rules that read only metrics present in the evidence: the signature's
/// templates that apply, its recipes (<see cref="IAlertRecipe"/>), and its well-known rules from the curated <see cref="AlertLibrary"/>.</summary>
public static class AlertGrounding
{
    private static readonly HashSet<string> WorkloadKinds = new(StringComparer.Ordinal) { "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod" };

    /// <summary>The hypotheses with grounded <see cref="Hypothesis.Alerts"/>; templates the evidence cannot back are listed in <see cref="Hypothesis.AlertsNotGrounded"/>.</summary>
    /// <remarks>When the evidence has no metric series at all the templates are kept as they are: there is nothing to ground them on. Never throws.</remarks>
    public static IReadOnlyList<Hypothesis> Ground(IReadOnlyList<Hypothesis> hypotheses, IReadOnlyList<Signature> signatures, EvidenceSet evidence,
        DateTimeOffset? onset, AlertLibrary? library = null)
    {
        if (evidence.Metrics.Count == 0)
        {
            return hypotheses;
        }
        library ??= AlertLibrary.BuiltIn;
        var inventory = new MetricInventory(evidence.Metrics);
        var byId = signatures.GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return [.. hypotheses.Select(h => byId.TryGetValue(h.Signature, out var sig) ? Ground(h, sig, inventory, evidence, onset, library) : h)];
    }

    /// <summary>One hypothesis's grounded rules.</summary>
    public static Hypothesis Ground(Hypothesis h, Signature signature, MetricInventory inventory, EvidenceSet evidence, DateTimeOffset? onset, AlertLibrary library)
    {
        var rules = new List<AlertRuleSuggestion>();
        var notGrounded = new List<string>();
        void Add(AlertRuleSuggestion s)
        {
            if (!rules.Any(r => r.Name == s.Name || r.Expr == s.Expr))
            {
                rules.Add(s);
            }
        }

        // Recipes first: they are narrowed to the workload and its real limit, so they win over a same-named template.
        var workload = h.Entity.Kind is { } k && (WorkloadKinds.Contains(k) || k == "Service") ? h.Entity.Name : null;
        var context = new RecipeContext(h, inventory, h.Entity.Namespace, workload, Containers(evidence, h.Entity), onset);
        foreach (var id in signature.AlertRecipes)
        {
            if (AlertRecipes.Find(id) is { } recipe)
            {
                foreach (var s in recipe.Build(context))
                {
                    Add(s);
                }
            }
        }

        foreach (var a in h.Alerts)
        {
            var missing = inventory.Missing(a.Expr);
            if (missing.Count == 0)
            {
                Add(a with { Metrics = PromQlNames.MetricsIn(a.Expr) });
            }
            else
            {
                notGrounded.Add($"{a.Name} needs {string.Join(", ", missing)}");
            }
        }

        foreach (var name in signature.LibraryAlerts)
        {
            if (library.Find(name) is not { } rule)
            {
                continue;
            }
            var missing = inventory.Missing(rule.Query);
            if (missing.Count > 0)
            {
                notGrounded.Add($"{rule.Alert} (awesome-prometheus-alerts) needs {string.Join(", ", missing)}");
                continue;
            }
            Add(FromLibrary(rule, h.Entity.Namespace, inventory));
        }

        return h with { Alerts = rules, AlertsNotGrounded = notGrounded };
    }

    /// <summary>A library rule as a suggestion, narrowed to <paramref name="ns"/> on the metrics that carry a namespace label, with its attribution.</summary>
    public static AlertRuleSuggestion FromLibrary(LibraryRule rule, string? ns, MetricInventory inventory)
    {
        var expr = ns is null
            ? rule.Query
            : PromQlScope.Scope(rule.Query, new Dictionary<string, string> { ["namespace"] = ns }, (m, l) => inventory.HasLabel(m, l));
        var comment = $"From {LibraryRule.Attribution}: \"{rule.Title}\" ({rule.Service})"
            + (expr != rule.Query ? $", narrowed to namespace {ns}" : "") + "."
            + (rule.Comments is { Length: > 0 } c ? " Library note: " + string.Join(" ", c.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)) : "");
        return new AlertRuleSuggestion(rule.Alert, expr, rule.For ?? "0m", rule.Severity, rule.Title)
        {
            Description = rule.Description,
            Source = "awesome-prometheus-alerts: " + rule.Title,
            Comment = comment,
            Metrics = PromQlNames.MetricsIn(rule.Query),
        };
    }

    /// <summary>The containers (and memory limits) of the workload <paramref name="entity"/> from its Kubernetes spec in the evidence.</summary>
    public static IReadOnlyList<ContainerSpec> Containers(EvidenceSet evidence, EntityRef entity)
    {
        var obj = evidence.Objects.FirstOrDefault(o => o.Kind == entity.Kind && o.Name == entity.Name && (entity.Namespace is null || o.Namespace == entity.Namespace));
        if (obj is null)
        {
            return [];
        }
        var (containers, path) = obj.Kind == "Pod"
            ? (obj.Json["spec"]?["containers"] as JsonArray, "spec.containers")
            : obj.Kind == "CronJob"
                ? (obj.Json["spec"]?["jobTemplate"]?["spec"]?["template"]?["spec"]?["containers"] as JsonArray, "spec.jobTemplate.spec.template.spec.containers")
                : (obj.Json["spec"]?["template"]?["spec"]?["containers"] as JsonArray, "spec.template.spec.containers");
        if (containers is null)
        {
            return [];
        }
        var result = new List<ContainerSpec>();
        for (var i = 0; i < containers.Count; i++)
        {
            if (KubeObject.Str(containers[i]?["name"]) is not { } name)
            {
                continue;
            }
            var limit = KubeObject.Str(containers[i]?["resources"]?["limits"]?["memory"]);
            var field = $"{path}[{i}].resources.limits.memory";
            result.Add(new ContainerSpec(name, KubeQuantity.Parse(limit), limit, limit is null ? null : obj.At(field).ToString()));
        }
        return result;
    }
}
