namespace Firefighter.Prevention.Rules;

/// <summary>The built-in <see cref="IAlertRecipe"/>s by id, found by reflection: adding a recipe is adding one file.</summary>
public static class AlertRecipes
{
    private static readonly Lazy<IReadOnlyDictionary<string, IAlertRecipe>> All = new(() =>
        typeof(IAlertRecipe).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(IAlertRecipe).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IAlertRecipe)Activator.CreateInstance(t)!)
            .ToDictionary(r => r.Id, StringComparer.Ordinal));

    /// <summary>Every recipe id, sorted.</summary>
    public static IReadOnlyList<string> Ids => [.. All.Value.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The recipe with <paramref name="id"/>, null when unknown.</summary>
    public static IAlertRecipe? Find(string id) => All.Value.GetValueOrDefault(id);
}
