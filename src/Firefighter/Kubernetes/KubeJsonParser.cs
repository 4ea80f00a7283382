using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Firefighter.Kubernetes;

/// <summary>Builds a fully materialized <see cref="JsonNode"/> tree in one pass over UTF-8, sharing repeated property names and short values.</summary>
/// <remarks>A dump of 20,000 objects repeats the same few hundred keys millions of times; one string per distinct key (and short value such as
/// "True" or "Running") instead of one per occurrence, and no lazy JsonElement-backed nodes, is what keeps a 50 MB snapshot fast and small.
/// The tree needs no further initialization, so it is safe for concurrent readers. Throws <see cref="JsonException"/> on malformed JSON.</remarks>
internal static class KubeJsonParser
{
    private const int MaxPooledValue = 24;

    private static readonly JsonReaderOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 };

    public static JsonNode? Parse(string text)
    {
        var max = Encoding.UTF8.GetByteCount(text);
        var buffer = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var n = Encoding.UTF8.GetBytes(text, buffer);
            return Parse(buffer.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static JsonNode? Parse(ReadOnlySpan<byte> utf8)
    {
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        var lookup = pool.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> scratch = stackalloc char[256];
        var reader = new Utf8JsonReader(utf8, Options);
        var stack = new Stack<JsonNode>();
        JsonNode? root = null;
        string? property = null;
        while (reader.Read())
        {
            JsonNode? value;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = Pooled(ref reader, lookup, scratch, int.MaxValue);
                    continue;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    JsonNode container = reader.TokenType == JsonTokenType.StartObject ? new JsonObject() : new JsonArray();
                    Attach(stack, ref property, container, ref root);
                    stack.Push(container);
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    stack.Pop();
                    continue;
                case JsonTokenType.String:
                    value = JsonValue.Create(Pooled(ref reader, lookup, scratch, MaxPooledValue));
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
            Attach(stack, ref property, value, ref root);
        }
        if (stack.Count > 0)
        {
            throw new JsonException("the JSON ends inside an object or array (truncated?)", null, CountLines(utf8) - 1, null);
        }
        return root;
    }

    private static void Attach(Stack<JsonNode> stack, ref string? property, JsonNode? value, ref JsonNode? root)
    {
        if (stack.Count == 0)
        {
            root ??= value;
            return;
        }
        switch (stack.Peek())
        {
            case JsonObject o:
                // Duplicate keys: the last one wins, as in most JSON readers.
                o[property!] = value;
                property = null;
                break;
            case JsonArray a:
                a.Add(value);
                break;
        }
    }

    private static string Pooled(ref Utf8JsonReader reader, Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup, scoped Span<char> scratch, int maxPooled)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length > scratch.Length || length > maxPooled)
        {
            return reader.GetString()!;
        }
        var n = reader.CopyString(scratch);
        var chars = scratch[..n];
        if (lookup.TryGetValue(chars, out var existing))
        {
            return existing;
        }
        var s = chars.ToString();
        lookup[s] = s;
        return s;
    }

    private static long CountLines(ReadOnlySpan<byte> utf8) => utf8.Count((byte)'\n') + 1;
}
