using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;


namespace Firefighter.Parsing;

/// <summary>Converts YAML (one or many documents) to System.Text.Json nodes, recording the line where each mapping and sequence starts.</summary>
/// <remarks>Plain scalars resolve by the YAML 1.2 core schema (null, true/false, integers, floats); quoted scalars stay strings, so
/// <c>"1"</c> and <c>2024-01-15T14:22:45Z</c> stay text as Kubernetes means them. Never throws: a syntax error is recorded with its line,
/// and parsing resumes at the next <c>---</c> line, so a broken document costs only itself. Bounded: nesting deeper than
/// <see cref="MaxDepth"/> and alias/merge-key expansion past <see cref="MaxAliasNodes"/> nodes ("billion laughs") stop the document with an
/// error instead of exhausting the stack or memory.</remarks>
public static class YamlTree
{
    /// <summary>Deepest nesting of mappings and sequences read (as JSON's limit); deeper stops the document with an error.</summary>
    public const int MaxDepth = 256;

    /// <summary>Most nodes that aliases and merge keys may copy in one file; more stops the document with an error.</summary>
    public const long MaxAliasNodes = 100_000;

    /// <summary>Parses all documents of <paramref name="text"/>.</summary>
    public static StructuredDocument Parse(string text)
    {
        var doc = new StructuredDocument();
        var firstLine = 1;
        var rest = text;
        while (true)
        {
            var errorLine = ParseFrom(rest, firstLine, doc);
            if (errorLine is not { } at || NextSeparator(rest, Math.Max(at - firstLine, 1)) is not { } next)
            {
                return doc;
            }
            firstLine += next.Line;
            rest = rest[next.Offset..];
        }
    }

    /// <summary>The first line (0-based, and its offset) at or after <paramref name="fromLine"/> that is a document separator.</summary>
    private static (int Line, int Offset)? NextSeparator(string text, int fromLine)
    {
        var line = 0;
        var offset = 0;
        while (offset < text.Length)
        {
            var end = text.IndexOf('\n', offset);
            var lineText = text.AsSpan(offset, (end < 0 ? text.Length : end) - offset).TrimEnd();
            if (line >= fromLine && lineText.SequenceEqual("---"))
            {
                return (line, offset);
            }
            if (end < 0)
            {
                break;
            }
            offset = end + 1;
            line++;
        }
        return null;
    }

    /// <summary>Parses documents until the end or an error; returns the (whole-file) line of the error, if any.</summary>
    private static int? ParseFrom(string text, int firstLine, StructuredDocument doc)
    {
        var shift = firstLine - 1;
        var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var parser = new Parser(new StringReader(text));
        var docLine = 1;
        var budget = new Budget();
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out var start))
            {
                anchors.Clear();
                var line = (int)start.Start.Line;
                if (parser.Accept<DocumentEnd>(out _))
                {
                    parser.Consume<DocumentEnd>();
                    continue;
                }
                docLine = parser.Current is { } first ? (int)first.Start.Line : line;
                var node = ReadNode(parser, doc, anchors, shift, 0, budget, out var nodeLine);
                parser.Consume<DocumentEnd>();
                if (node is null)
                {
                    continue;
                }
                doc.Documents.Add((node, node is JsonObject or JsonArray ? nodeLine : line + shift));
            }
            return null;
        }
        catch (YamlException e)
        {
            // YamlDotNet prefixes "(Line: 3, Col: 1, Idx: 20) - (Line: ...): "; the warning carries the line itself.
            var message = e.Message;
            var cut = message.IndexOf("): ", StringComparison.Ordinal);
            doc.AddError((int)e.Start.Line + shift, "malformed YAML: " + (cut > 0 && message.StartsWith('(') ? message[(cut + 3)..] : message).Trim());
            return (int)e.Start.Line + shift;
        }
        catch (LimitException e)
        {
            doc.AddError(e.Line, e.Message);
            return e.Line;
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this (not a YamlException) for some unclosed flow collections, with no position of its own:
            // the last event read is near the fault, and the document's first line says which one it broke.
            var line = Math.Max(docLine, parser.Current is { } current ? (int)current.Start.Line : 1) + shift;
            doc.AddError(line, $"malformed YAML near here (in the document starting at line {docLine + shift}): {e.Message}");
            return line;
        }
    }

    private static JsonNode? ReadNode(IParser parser, StructuredDocument doc, Dictionary<string, JsonNode?> anchors, int shift, int depth, Budget budget, out int line)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            line = (int)alias.Start.Line + shift;
            if (!anchors.TryGetValue(alias.Value.Value, out var target) || target is null)
            {
                return null;
            }
            budget.Spend(Size(target), line);
            return target.DeepClone();
        }
        if (depth >= MaxDepth)
        {
            line = (parser.Current is { } deep ? (int)deep.Start.Line : 1) + shift;
            throw new LimitException(line, $"YAML nested deeper than {MaxDepth} levels; the rest of this document is not read");
        }
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            line = (int)scalar.Start.Line + shift;
            var value = Resolve(scalar);
            Remember(anchors, scalar.Anchor, value);
            return value;
        }
        if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            line = (int)seqStart.Start.Line + shift;
            var arr = new JsonArray();
            doc.SetLine(arr, line);
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                arr.Add(ReadNode(parser, doc, anchors, shift, depth + 1, budget, out _));
            }
            Remember(anchors, seqStart.Anchor, arr);
            return arr;
        }
        var mapStart = parser.Consume<MappingStart>();
        line = (int)mapStart.Start.Line + shift;
        var obj = new JsonObject();
        doc.SetLine(obj, line);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = ReadNode(parser, doc, anchors, shift, depth + 1, budget, out _);
            var value = ReadNode(parser, doc, anchors, shift, depth + 1, budget, out var valueLine);
            var keyText = key switch
            {
                null => "",
                JsonValue v => v.ToString(),
                _ => key.ToJsonString(),
            };
            if (keyText == "<<" && value is JsonObject merge)
            {
                foreach (var (k, v) in merge)
                {
                    if (!obj.ContainsKey(k))
                    {
                        budget.Spend(Size(v), valueLine);
                        obj[k] = v?.DeepClone();
                    }
                }
                continue;
            }
            obj[keyText] = value;
        }
        Remember(anchors, mapStart.Anchor, obj);
        return obj;
    }

    private static void Remember(Dictionary<string, JsonNode?> anchors, AnchorName anchor, JsonNode? value)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = value?.DeepClone();
        }
    }

    /// <summary>Nodes in a tree (iterative: the tree may be as deep as <see cref="MaxDepth"/>).</summary>
    private static long Size(JsonNode? root)
    {
        if (root is null)
        {
            return 1;
        }
        long n = 0;
        var stack = new Stack<JsonNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            n++;
            switch (stack.Pop())
            {
                case JsonObject o:
                    foreach (var (_, child) in o)
                    {
                        if (child is not null)
                        {
                            stack.Push(child);
                        }
                    }
                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        if (child is not null)
                        {
                            stack.Push(child);
                        }
                    }
                    break;
            }
        }
        return n;
    }

    /// <summary>The nodes aliases and merge keys have copied so far in one file.</summary>
    private sealed class Budget
    {
        private long _copied;

        public void Spend(long nodes, int line)
        {
            _copied += nodes;
            if (_copied > MaxAliasNodes)
            {
                throw new LimitException(line, $"YAML aliases expand to more than {MaxAliasNodes:N0} nodes (an alias bomb?); the rest of this document is not read");
            }
        }
    }

    /// <summary>A limit reached while reading; carries the whole-file line.</summary>
    private sealed class LimitException(int line, string message) : Exception(message)
    {
        public int Line { get; } = line;
    }

    private static JsonNode? Resolve(Scalar scalar) =>
        YamlScalars.Resolve(scalar.Value, scalar.Style == ScalarStyle.Plain, scalar.Tag.IsEmpty ? "" : scalar.Tag.Value);
}
