using System.Text.Json.Nodes;

namespace Firefighter.Sources.Parsing;

/// <summary>The values parsed from a JSON or YAML file, with the 1-based line where each object starts, and the error that stopped parsing if any.</summary>
internal sealed class StructuredDocument
{
    private readonly Dictionary<JsonNode, int> _lines = new(ReferenceEqualityComparer.Instance);

    /// <summary>Top-level values (YAML documents, or concatenated JSON values) with their first line.</summary>
    public List<(JsonNode? Node, int Line)> Documents { get; } = [];

    /// <summary>The parse error (line, message) that stopped reading; values before it are kept.</summary>
    public (int? Line, string Message)? Error { get; set; }

    /// <summary>Records where an object or array starts.</summary>
    public void SetLine(JsonNode node, int line) => _lines[node] = line;

    /// <summary>The line where <paramref name="node"/> starts, or <paramref name="fallback"/>.</summary>
    public int LineOf(JsonNode? node, int fallback) => node is not null && _lines.TryGetValue(node, out var l) ? l : fallback;

    /// <summary>Top-level values flattened one level: a JSON array's or YAML sequence's items become separate values.</summary>
    public IEnumerable<(JsonNode? Node, int Line)> Items()
    {
        foreach (var (node, line) in Documents)
        {
            if (node is JsonArray arr)
            {
                foreach (var item in arr)
                {
                    yield return (item, LineOf(item, line));
                }
            }
            else
            {
                yield return (node, line);
            }
        }
    }
}
