using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Firefighter.Parsing;

/// <summary>Parses JSON (one value, concatenated values or JSON lines) from UTF-8 into a fully built <see cref="JsonNode"/> tree, recording the
/// line where each shallow object and array starts.</summary>
/// <remarks>The one JSON tree builder: bundle readers, <c>ff k8s scan --snapshot</c> and the live Kubernetes API path all use it.
/// Eager (no lazily parsed nodes remain), so the tree is safe for concurrent readers. Repeated property names and short values share one
/// string: a dump of 20,000 objects repeats a few hundred keys millions of times. <c>metadata.managedFields</c> (server-side apply
/// bookkeeping, often a third of a Kubernetes dump, read by nothing) is skipped. A large top-level array, or the array under a
/// top-level object's property (a List's items), is built on all cores. Never throws: a syntax error stops parsing and is recorded
/// with its line; the documents before it are kept.</remarks>
public static class JsonTree
{
    /// <summary>Containers this deep or shallower get their line recorded: documents (0), their items (1, 2) and the items' children.</summary>
    private const int LineDepth = 3;

    private const int ParallelBytes = 1 << 20;
    private const int MaxPooledValue = 24;
    private const int MaxPooledKey = 128;

    private static readonly JsonReaderOptions Options = new()
    {
        AllowMultipleValues = true,
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 256,
    };

    private static readonly JsonReaderOptions ItemOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 256,
    };

    /// <summary>Parses all values in <paramref name="text"/>.</summary>
    public static StructuredDocument Parse(string text)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var n = Encoding.UTF8.GetBytes(text, buffer);
            return Parse(buffer.AsMemory(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses all values in <paramref name="utf8"/> (a leading byte-order mark is skipped); the tree keeps no reference to the bytes.</summary>
    public static StructuredDocument Parse(ReadOnlyMemory<byte> utf8)
    {
        if (utf8.Span.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }
        var doc = new StructuredDocument();
        var builder = new Builder(utf8);
        var reader = new Utf8JsonReader(utf8.Span, Options);
        try
        {
            while (reader.Read())
            {
                var line = builder.LineAt((int)reader.TokenStartIndex);
                var node = builder.ReadValue(ref reader, 0, 0, allowSplit: true);
                doc.Documents.Add((node, line));
            }
        }
        catch (JsonException e)
        {
            doc.AddError(e.LineNumber is { } n ? (int)n + 1 : null, "malformed JSON: " + Clean(e.Message));
        }
        catch (InvalidOperationException e)
        {
            // Invalid UTF-8 inside a string surfaces here rather than as a JsonException.
            doc.AddError(CountLines(utf8.Span[..(int)Math.Min(reader.TokenStartIndex, utf8.Length)]), "malformed JSON: " + e.Message);
        }
        catch (TreeException e)
        {
            doc.AddError(e.Line, e.Message);
        }
        foreach (var (node, line) in builder.Lines)
        {
            doc.SetLine(node, line);
        }
        return doc;
    }

    private static int CountLines(ReadOnlySpan<byte> utf8) => utf8.Count((byte)'\n') + 1;

    private static string Clean(string message)
    {
        // System.Text.Json appends "LineNumber: n | BytePositionInLine: m."; the warning carries the line itself.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd() : message;
    }

    /// <summary>A syntax error with its line in the whole input (item readers count lines from the item).</summary>
    private sealed class TreeException(int line, string message) : Exception(message)
    {
        public int Line { get; } = line;
    }

    private readonly record struct Frame(JsonNode Node, string? Key);

    /// <summary>Builds values from one thread: its own key pool, scratch buffer and line cursor.</summary>
    private sealed class Builder
    {
        private readonly ReadOnlyMemory<byte> _all;
        private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private readonly char[] _scratch = new char[MaxPooledKey];
        private readonly List<Frame> _stack = [];
        private int _lineOffset;
        private int _line = 1;

        public Builder(ReadOnlyMemory<byte> all)
        {
            _all = all;
            _lookup = _pool.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        /// <summary>Containers whose line was recorded.</summary>
        public List<(JsonNode Node, int Line)> Lines { get; } = [];

        /// <summary>The 1-based line of a byte offset; offsets must not go backwards (each builder reads forwards), so the cost is one pass.</summary>
        public int LineAt(int offset)
        {
            if (offset < _lineOffset)
            {
                _lineOffset = 0;
                _line = 1;
            }
            _line += _all.Span[_lineOffset..offset].Count((byte)'\n');
            _lineOffset = offset;
            return _line;
        }

        /// <summary>Builds the value whose first token the reader is on, leaving the reader on its last token.</summary>
        /// <param name="reader">The reader; its offsets are relative to <paramref name="baseOffset"/> in the whole input.</param>
        /// <param name="baseOffset">Where the reader's input starts in the whole input.</param>
        /// <param name="baseDepth">The depth of this value in the whole document.</param>
        /// <param name="allowSplit">Whether a large shallow array may be built in parallel.</param>
        public JsonNode? ReadValue(ref Utf8JsonReader reader, int baseOffset, int baseDepth, bool allowSplit)
        {
            var stack = _stack;
            stack.Clear();
            JsonNode? root = null;
            string? property = null;
            while (true)
            {
                JsonNode? value;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        if (stack.Count > 0 && stack[^1].Key == "metadata" && reader.ValueTextEquals("managedFields"u8))
                        {
                            reader.Skip();
                            property = null;
                            break;
                        }
                        property = Pooled(ref reader, MaxPooledKey);
                        break;
                    case JsonTokenType.StartArray when allowSplit && baseDepth + stack.Count <= 1 && (stack.Count == 0 || stack[^1].Node is JsonObject)
                                                       && _all.Length - baseOffset - reader.TokenStartIndex >= ParallelBytes && Environment.ProcessorCount > 1:
                        value = ReadArrayInParallel(ref reader, baseOffset, baseDepth + stack.Count);
                        if (Attach(stack, ref property, value, ref root))
                        {
                            return root;
                        }
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        JsonNode container = reader.TokenType == JsonTokenType.StartObject ? new JsonObject() : new JsonArray();
                        if (baseDepth + stack.Count <= LineDepth)
                        {
                            Lines.Add((container, LineAt(baseOffset + (int)reader.TokenStartIndex)));
                        }
                        var key = property;
                        Attach(stack, ref property, container, ref root);
                        stack.Add(new Frame(container, key));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        if (stack.Count == 0)
                        {
                            return root;
                        }
                        break;
                    default:
                        value = reader.TokenType switch
                        {
                            JsonTokenType.String => JsonValue.Create(Pooled(ref reader, MaxPooledValue)),
                            JsonTokenType.Number => Number(ref reader),
                            JsonTokenType.True => JsonValue.Create(true),
                            JsonTokenType.False => JsonValue.Create(false),
                            _ => null,
                        };
                        if (Attach(stack, ref property, value, ref root))
                        {
                            return root;
                        }
                        break;
                }
                if (!reader.Read())
                {
                    throw new TreeException(CountLines(_all.Span), "malformed JSON: the file ends inside an object or array (truncated?)");
                }
            }
        }

        /// <summary>Finds the items' extents with a validating skip, then builds them in chunks on all cores.</summary>
        private JsonArray ReadArrayInParallel(ref Utf8JsonReader reader, int baseOffset, int depth)
        {
            var arrayLine = LineAt(baseOffset + (int)reader.TokenStartIndex);
            var starts = new List<int>();
            var ends = new List<int>();
            while (true)
            {
                if (!reader.Read())
                {
                    throw new TreeException(CountLines(_all.Span), "malformed JSON: the file ends inside an object or array (truncated?)");
                }
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }
                starts.Add(baseOffset + (int)reader.TokenStartIndex);
                reader.Skip();
                ends.Add(baseOffset + (int)reader.BytesConsumed);
            }
            var nodes = new JsonNode?[starts.Count];
            var chunks = Math.Min(starts.Count, Environment.ProcessorCount * 4);
            var builders = new Builder?[chunks];
            var errors = new TreeException?[chunks];
            var input = _all;
            Parallel.For(0, chunks, c =>
            {
                var from = (int)((long)starts.Count * c / chunks);
                var to = (int)((long)starts.Count * (c + 1) / chunks);
                var b = new Builder(input);
                var i = from;
                try
                {
                    for (; i < to; i++)
                    {
                        var r = new Utf8JsonReader(input.Span[starts[i]..ends[i]], ItemOptions);
                        r.Read();
                        nodes[i] = b.ReadValue(ref r, starts[i], depth + 1, allowSplit: false);
                    }
                }
                catch (JsonException e)
                {
                    errors[c] = new TreeException(CountLines(input.Span[..starts[i]]) + (int)(e.LineNumber ?? 0), "malformed JSON: " + Clean(e.Message));
                }
                catch (InvalidOperationException e)
                {
                    errors[c] = new TreeException(CountLines(input.Span[..starts[i]]), "malformed JSON: " + e.Message);
                }
                catch (TreeException e)
                {
                    errors[c] = e;
                }
                builders[c] = b;
            });
            foreach (var e in errors)
            {
                if (e is not null)
                {
                    throw e;
                }
            }
            var array = new JsonArray(nodes);
            if (depth <= LineDepth)
            {
                Lines.Add((array, arrayLine));
            }
            foreach (var b in builders)
            {
                Lines.AddRange(b!.Lines);
            }
            return array;
        }

        /// <summary>Adds a value to the open container, or makes it the root; true when it completed the root.</summary>
        private static bool Attach(List<Frame> stack, ref string? property, JsonNode? value, ref JsonNode? root)
        {
            if (stack.Count == 0)
            {
                root = value;
                return true;
            }
            switch (stack[^1].Node)
            {
                case JsonObject o:
                    // Duplicate keys: the last one wins, as in most JSON readers.
                    o[property ?? ""] = value;
                    property = null;
                    break;
                case JsonArray a:
                    a.Add(value);
                    break;
            }
            return false;
        }

        private static JsonValue Number(ref Utf8JsonReader reader)
        {
            if (reader.TryGetInt64(out var l))
            {
                return JsonValue.Create(l);
            }
            // Out of double's range (1e400): keep the text rather than fail the file.
            return reader.TryGetDouble(out var d) && double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(Encoding.UTF8.GetString(reader.ValueSpan));
        }

        private string Pooled(ref Utf8JsonReader reader, int maxPooled)
        {
            var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
            if (length > maxPooled)
            {
                return JsonStrings.Get(ref reader);
            }
            var n = JsonStrings.Copy(ref reader, _scratch);
            if (n < 0)
            {
                return JsonStrings.Get(ref reader);
            }
            var chars = _scratch.AsSpan(0, n);
            if (_lookup.TryGetValue(chars, out var existing))
            {
                return existing;
            }
            var s = chars.ToString();
            _pool[s] = s;
            return s;
        }
    }
}
