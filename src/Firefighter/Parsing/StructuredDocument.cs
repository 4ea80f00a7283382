using System.Text.Json.Nodes;

namespace Firefighter.Parsing;

/// <summary>The values parsed from a JSON or YAML file, with the 1-based line where each object starts, and the errors that stopped parsing.</summary>
/// <remarks>Filled by one parser; read-only (and safe to share between threads) afterwards.</remarks>
public sealed class StructuredDocument
{
    private readonly Dictionary<JsonNode, int> _lines = new(ReferenceEqualityComparer.Instance);

    /// <summary>Top-level values (YAML documents, or concatenated JSON values) with their first line.</summary>
    public List<(JsonNode? Node, int Line)> Documents { get; } = [];

    /// <summary>Every parse error (line, message, how many documents were complete before it), in file order.</summary>
    public List<StructuredError> Errors { get; } = [];

    /// <summary>The first parse error, if any.</summary>
    public StructuredError? Error => Errors.Count > 0 ? Errors[0] : null;

    /// <summary>Records where an object or array starts.</summary>
    public void SetLine(JsonNode node, int line) => _lines[node] = line;

    /// <summary>Records an error at <paramref name="line"/>, counting the documents read so far.</summary>
    public void AddError(int? line, string message) => Errors.Add(new StructuredError(line, message, Documents.Count));

    /// <summary>The line where <paramref name="node"/> starts, or <paramref name="fallback"/>.</summary>
    /// <remarks>JSON records lines for the containers of the first levels only (documents, their items and the items' direct children:
    /// what readers cite); deeper nodes answer the fallback.</remarks>
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
