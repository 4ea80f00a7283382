using Firefighter.Hypotheses;

namespace Firefighter.Prevention.Rules;

/// <summary>The alert recipes and library alerts signatures may name, for the signature loader's checks.</summary>
public static class PreventionVocabulary
{
    /// <summary>The built-in recipes and the awesome-prometheus-alerts extract.</summary>
    public static SignatureVocabulary BuiltIn { get; } = new(AlertRecipes.Ids, a => AlertLibrary.BuiltIn.Find(a) is not null);
}
