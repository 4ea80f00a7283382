using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

using Firefighter.Yaml;

namespace Firefighter.Sources.Parsing;

/// <summary>Converts YAML (one or many documents) to System.Text.Json nodes, recording the line where each mapping and sequence starts.</summary>
/// <remarks>Plain scalars resolve by the YAML 1.2 core schema (null, true/false, integers, floats); quoted scalars stay strings, so
/// <c>"1"</c> and <c>2024-01-15T14:22:45Z</c> stay text as Kubernetes means them. A syntax error keeps the documents before it.</remarks>
internal static class YamlTree
{
    /// <summary>Parses all documents of <paramref name="text"/>.</summary>
    public static StructuredDocument Parse(string text)
    {
        var doc = new StructuredDocument();
        var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var parser = new Parser(new StringReader(text));
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
                var node = ReadNode(parser, doc, anchors, out var nodeLine);
                parser.Consume<DocumentEnd>();
                if (node is null)
                {
                    continue;
                }
                doc.Documents.Add((node, node is JsonObject or JsonArray ? nodeLine : line));
            }
        }
        catch (YamlException e)
        {
            // YamlDotNet prefixes "(Line: 3, Col: 1, Idx: 20) - (Line: ...): "; the warning carries the line itself.
            var message = e.Message;
            var cut = message.IndexOf("): ", StringComparison.Ordinal);
            doc.Error = ((int)e.Start.Line, "malformed YAML: " + (cut > 0 && message.StartsWith('(') ? message[(cut + 3)..] : message).Trim());
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this (not a YamlException) for some unclosed flow collections.
            var line = parser.Current is { } current ? (int)current.Start.Line : 1;
            doc.Error = (line, $"malformed YAML near here: {e.Message}");
        }
        return doc;
    }

    private static JsonNode? ReadNode(IParser parser, StructuredDocument doc, Dictionary<string, JsonNode?> anchors, out int line)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            line = (int)alias.Start.Line;
            return anchors.TryGetValue(alias.Value.Value, out var target) ? target?.DeepClone() : null;
        }
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            line = (int)scalar.Start.Line;
            var value = Resolve(scalar);
            Remember(anchors, scalar.Anchor, value);
            return value;
        }
        if (parser.TryConsume<SequenceStart>(out var seqStart))
        {
            line = (int)seqStart.Start.Line;
            var arr = new JsonArray();
            doc.SetLine(arr, line);
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                arr.Add(ReadNode(parser, doc, anchors, out _));
            }
            Remember(anchors, seqStart.Anchor, arr);
            return arr;
        }
        var mapStart = parser.Consume<MappingStart>();
        line = (int)mapStart.Start.Line;
        var obj = new JsonObject();
        doc.SetLine(obj, line);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var key = ReadNode(parser, doc, anchors, out _);
            var value = ReadNode(parser, doc, anchors, out _);
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

    private static JsonNode? Resolve(Scalar scalar) =>
        YamlScalars.Resolve(scalar.Value, scalar.Style == ScalarStyle.Plain, scalar.Tag.IsEmpty ? "" : scalar.Tag.Value);
}
