namespace Firefighter.Hypotheses;

/// <summary>What a signature file may name that other stages define: finding kinds (the catalogue), alert recipes and library alerts,
/// so the loader can reject a misspelt one with its file and line.</summary>
/// <param name="Kinds">The finding-kind codes of the catalogue.</param>
/// <param name="AlertRecipes">Known <c>alert_recipes:</c> ids.</param>
/// <param name="IsLibraryAlert">Whether a <c>library_alerts:</c> name is in the alert library.</param>
public sealed record SignatureVocabulary(IReadOnlyCollection<string> Kinds, IReadOnlyList<string> AlertRecipes, Func<string, bool> IsLibraryAlert)
{
    /// <summary>Whether a clause's kind is a catalogue code, or a prefix pattern (<c>logs.*</c>) that matches one.</summary>
    public bool IsKind(string kind) =>
        kind.EndsWith('*') ? Kinds.Any(k => k.StartsWith(kind[..^1], StringComparison.Ordinal)) : Kinds.Contains(kind);
}
