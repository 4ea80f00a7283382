using Firefighter.Hypotheses;

namespace Firefighter.Prevention.Rules;

/// <summary>The alert recipes and library alerts signatures may name, for the signature loader's checks.</summary>
public static class PreventionVocabulary
{
    /// <summary>A vocabulary of the given finding kinds, the built-in recipes and the awesome-prometheus-alerts extract.</summary>
    public static SignatureVocabulary With(IReadOnlyCollection<string> kinds) => new(kinds, AlertRecipes.Ids, a => AlertLibrary.BuiltIn.Find(a) is not null);
}
