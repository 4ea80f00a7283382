using System.Text.Json.Nodes;

namespace Firefighter.Evidence;

/// <summary>One Kubernetes object as read from a dump or the API, with its raw JSON for analyzers.</summary>
/// <param name="Kind">Object kind (<c>Pod</c>, <c>Deployment</c>...).</param>
/// <param name="Namespace">Namespace, null for cluster-scoped objects.</param>
/// <param name="Name">metadata.name.</param>
/// <param name="Json">The whole object.</param>
/// <param name="Ref">File (and line of the document start for YAML) it came from.</param>
public sealed record KubeObject(string Kind, string? Namespace, string Name, JsonObject Json, EvidenceRef Ref)
{
    /// <summary>The entity this object is.</summary>
    public EntityRef Entity => new(Kind, Namespace, Name);

    /// <summary>metadata.labels (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Labels => ReadStringMap(Json["metadata"]?["labels"]);

    /// <summary>metadata.annotations (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Annotations => ReadStringMap(Json["metadata"]?["annotations"]);

    /// <summary>metadata.ownerReferences as (kind, name) pairs.</summary>
    public IReadOnlyList<(string Kind, string Name)> Owners =>
        Json["metadata"]?["ownerReferences"] is JsonArray arr
            ? arr.OfType<JsonObject>()
                .Select(o => (Str(o["kind"]) ?? "", Str(o["name"]) ?? ""))
                .Where(o => o.Item1.Length > 0 && o.Item2.Length > 0).ToList()
            : [];

    /// <summary>metadata.creationTimestamp, when present and readable.</summary>
    public DateTimeOffset? Created => Time(Json["metadata"]?["creationTimestamp"]);

    /// <summary>An evidence reference to one field of this object.</summary>
    public EvidenceRef At(string field, string? excerpt = null) => Ref with { Field = $"{Kind}/{(Namespace is null ? "" : Namespace + "/")}{Name} {field}", Excerpt = excerpt };

    /// <summary>Reads a JSON node as a string (numbers and booleans as text).</summary>
    public static string? Str(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    /// <summary>Reads an RFC 3339 time from a JSON string node.</summary>
    public static DateTimeOffset? Time(JsonNode? node) =>
        Str(node) is { } s && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    private static Dictionary<string, string> ReadStringMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject obj)
        {
            foreach (var (k, v) in obj)
            {
                if (Str(v) is { } s)
                {
                    map[k] = s;
                }
            }
        }
        return map;
    }
}
