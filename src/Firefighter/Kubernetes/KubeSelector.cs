using System.Text.Json.Nodes;
using Firefighter.Evidence;

namespace Firefighter.Kubernetes;

/// <summary>A Kubernetes label selector (<c>matchLabels</c> and <c>matchExpressions</c> with In, NotIn, Exists, DoesNotExist).</summary>
/// <remarks>An empty selector matches everything, as it does for NetworkPolicy and PodDisruptionBudget pod selectors.</remarks>
public sealed class KubeSelector
{
    private readonly Dictionary<string, string> _labels;
    private readonly List<(string Key, string Op, HashSet<string> Values)> _expressions = [];

    private KubeSelector(Dictionary<string, string> labels) => _labels = labels;

    /// <summary>True when the selector has neither labels nor expressions.</summary>
    public bool IsEmpty => _labels.Count == 0 && _expressions.Count == 0;

    /// <summary>Reads a LabelSelector object; null or a non-object reads as the empty selector.</summary>
    public static KubeSelector Read(JsonNode? node)
    {
        var selector = new KubeSelector(KubeIndex.StringMap(node?["matchLabels"]));
        foreach (var e in node?["matchExpressions"] as JsonArray ?? [])
        {
            var key = KubeObject.Str(e?["key"]);
            var op = KubeObject.Str(e?["operator"]);
            if (key is null || op is null)
            {
                continue;
            }
            var values = new HashSet<string>(StringComparer.Ordinal);
            foreach (var v in e?["values"] as JsonArray ?? [])
            {
                if (KubeObject.Str(v) is { } s)
                {
                    values.Add(s);
                }
            }
            selector._expressions.Add((key, op, values));
        }
        return selector;
    }

    /// <summary>Whether the labels satisfy every term.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (k, v) in _labels)
        {
            if (!labels.TryGetValue(k, out var lv) || lv != v)
            {
                return false;
            }
        }
        foreach (var (key, op, values) in _expressions)
        {
            var has = labels.TryGetValue(key, out var lv);
            var ok = op switch
            {
                "In" => has && values.Contains(lv!),
                "NotIn" => !has || !values.Contains(lv!),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }
        return true;
    }
}
