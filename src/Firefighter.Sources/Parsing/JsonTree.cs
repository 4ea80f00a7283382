using System.Text.Json;
using System.Text.Json.Nodes;

namespace Firefighter.Sources.Parsing;

/// <summary>Parses JSON (one value, concatenated values or JSON lines) into nodes, recording the line where each object and array starts.</summary>
internal static class JsonTree
{
    private static readonly JsonReaderOptions Options = new()
    {
        AllowMultipleValues = true,
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 256,
    };

    /// <summary>Parses all values in <paramref name="utf8"/>; a syntax error stops parsing and is reported with its line.</summary>
    public static StructuredDocument Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }
        var doc = new StructuredDocument();
        var newlines = new List<int>();
        for (var i = utf8.IndexOf((byte)'\n'); i >= 0;)
        {
            newlines.Add(i);
            var next = utf8[(i + 1)..].IndexOf((byte)'\n');
            i = next < 0 ? -1 : i + 1 + next;
        }
        var reader = new Utf8JsonReader(utf8, Options);
        var stack = new Stack<JsonNode>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                JsonNode? value;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        continue;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        JsonNode container = reader.TokenType == JsonTokenType.StartObject ? new JsonObject() : new JsonArray();
                        var line = LineAt(newlines, (int)reader.TokenStartIndex);
                        doc.SetLine(container, line);
                        Attach(doc, stack, ref property, container, line);
                        stack.Push(container);
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        stack.Pop();
                        continue;
                    case JsonTokenType.String:
                        value = JsonValue.Create(reader.GetString());
                        break;
                    case JsonTokenType.Number:
                        value = reader.TryGetInt64(out var l) ? JsonValue.Create(l) : JsonValue.Create(reader.GetDouble());
                        break;
                    case JsonTokenType.True:
                        value = JsonValue.Create(true);
                        break;
                    case JsonTokenType.False:
                        value = JsonValue.Create(false);
                        break;
                    case JsonTokenType.Null:
                        value = null;
                        break;
                    default:
                        continue;
                }
                Attach(doc, stack, ref property, value, LineAt(newlines, (int)reader.TokenStartIndex));
            }
            if (stack.Count > 0)
            {
                doc.Error = (newlines.Count + 1, "malformed JSON: the file ends inside an object or array (truncated?)");
            }
        }
        catch (InvalidOperationException e)
        {
            // Invalid UTF-8 inside a string surfaces here rather than as a JsonException.
            doc.Error = (LineAt(newlines, (int)Math.Min(reader.BytesConsumed, int.MaxValue)), "malformed JSON: " + e.Message);
            if (stack.Count > 0 && doc.Documents.Count > 0)
            {
                doc.Documents.RemoveAt(doc.Documents.Count - 1);
            }
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } n ? (int)n + 1 : (int?)null;
            doc.Error = (line, "malformed JSON: " + Clean(e.Message));
            // A value cut by the error is incomplete: drop it rather than hand out half an object.
            if (stack.Count > 0 && doc.Documents.Count > 0)
            {
                doc.Documents.RemoveAt(doc.Documents.Count - 1);
            }
        }
        return doc;
    }

    private static void Attach(StructuredDocument doc, Stack<JsonNode> stack, ref string? property, JsonNode? value, int line)
    {
        if (stack.Count == 0)
        {
            doc.Documents.Add((value, line));
            return;
        }
        switch (stack.Peek())
        {
            case JsonObject obj:
                obj[property ?? ""] = value;
                property = null;
                break;
            case JsonArray arr:
                arr.Add(value);
                break;
        }
    }

    private static int LineAt(List<int> newlines, int offset)
    {
        var i = newlines.BinarySearch(offset);
        return (i < 0 ? ~i : i) + 1;
    }

    private static string Clean(string message)
    {
        // System.Text.Json appends "LineNumber: n | BytePositionInLine: m."; the warning carries the line itself.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd() : message;
    }
}
