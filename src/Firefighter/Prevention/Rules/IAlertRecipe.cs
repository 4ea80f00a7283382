using Firefighter.Hypotheses;

namespace Firefighter.Prevention.Rules;

/// <summary>Derives alert rules for one kind of failure from the metric names and labels actually present in the evidence.</summary>
/// <remarks>Implementations are public with a parameterless constructor and are discovered by reflection (<see cref="AlertRecipes"/>);
/// they return nothing when the evidence lacks the series they need, and never throw.</remarks>
public interface IAlertRecipe
{
    /// <summary>The id signatures name in <c>alert_recipes:</c> (kebab-case).</summary>
    string Id { get; }

    /// <summary>One sentence for runbooks: what the rule watches and when it fires.</summary>
    string Summary { get; }

    /// <summary>The rules this recipe derives for the hypothesis in <paramref name="context"/>, empty when the evidence has no series for it.</summary>
    IReadOnlyList<AlertRuleSuggestion> Build(RecipeContext context);
}
