namespace Firefighter.Prevention.Rules;

/// <summary>The built-in <see cref="IAlertRecipe"/>s by id, found at build time: adding a recipe is adding one file.</summary>
public static partial class AlertRecipes
{
    private static readonly Lazy<IReadOnlyDictionary<string, IAlertRecipe>> All = new(() => Discovered().ToDictionary(r => r.Id, StringComparer.Ordinal));

    [Discover]
    private static partial IReadOnlyList<IAlertRecipe> Discovered();

    /// <summary>Every recipe id, sorted.</summary>
    public static IReadOnlyList<string> Ids => [.. All.Value.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The recipe with <paramref name="id"/>, null when unknown.</summary>
    public static IAlertRecipe? Find(string id) => All.Value.GetValueOrDefault(id);
}
