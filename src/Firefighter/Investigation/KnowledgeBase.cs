using Firefighter.Hypotheses;
using Firefighter.Prevention.Rules;

namespace Firefighter.Investigation;

/// <summary>Loads the signature knowledge base with every check the later stages define (finding kinds, alert recipes, library alerts).</summary>
public static class KnowledgeBase
{
    /// <summary>Everything a signature may name: the finding-kind catalogue, alert recipes, library alerts.</summary>
    public static SignatureVocabulary Vocabulary { get; } = PreventionVocabulary.With(FindingCatalogue.All.Select(k => k.Code).ToHashSet(StringComparer.Ordinal));

    /// <summary>Loads every signature file under the directories, in order; later ids override earlier ones.</summary>
    public static SignatureLoadResult Load(IEnumerable<string> directories) =>
        SignatureLoader.LoadDirectories(directories, Vocabulary);
}
