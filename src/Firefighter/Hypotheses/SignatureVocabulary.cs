namespace Firefighter.Hypotheses;

/// <summary>Names a signature file may use that belong to later stages (alert recipes, library alerts), so the loader can report a misspelt one by line.</summary>
/// <param name="AlertRecipes">Known <c>alert_recipes:</c> ids.</param>
/// <param name="IsLibraryAlert">Whether a <c>library_alerts:</c> name is in the alert library.</param>
public sealed record SignatureVocabulary(IReadOnlyList<string> AlertRecipes, Func<string, bool> IsLibraryAlert);
