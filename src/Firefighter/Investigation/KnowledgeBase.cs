using Firefighter.Hypotheses;
using Firefighter.Prevention.Rules;

namespace Firefighter.Investigation;

/// <summary>Loads the signature knowledge base with every check the later stages define (alert recipes, library alerts).</summary>
public static class KnowledgeBase
{
    /// <summary>Loads every signature file under the directories, in order; later ids override earlier ones.</summary>
    public static SignatureLoadResult Load(IEnumerable<string> directories) =>
        SignatureLoader.LoadDirectories(directories, PreventionVocabulary.BuiltIn);
}
