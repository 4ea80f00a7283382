using YamlDotNet.RepresentationModel;

namespace Firefighter.Parsing;

/// <summary>Small lookups over YamlDotNet's representation model, shared by the rule, SLO and signature readers.</summary>
internal static class YamlNodes
{
    /// <summary>The value under <paramref name="key"/>, or null.</summary>
    public static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    /// <summary>The scalar text under <paramref name="key"/> as written (a plain <c>null</c> stays the text "null"), or null.</summary>
    public static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    /// <summary>The items of the sequence under <paramref name="key"/>; empty when absent or not a sequence.</summary>
    public static IEnumerable<YamlNode> Items(YamlMappingNode node, string key) =>
        Child(node, key) is YamlSequenceNode s ? s.Children : [];

    /// <summary>The string-to-string mapping under <paramref name="key"/> (non-scalar entries skipped); empty when absent.</summary>
    public static Dictionary<string, string> Map(YamlMappingNode node, string key)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Child(node, key) is YamlMappingNode m)
        {
            foreach (var (k, v) in m.Children)
            {
                if (k is YamlScalarNode ks && v is YamlScalarNode vs && ks.Value is not null)
                {
                    result[ks.Value] = vs.Value ?? "";
                }
            }
        }
        return result;
    }
}
