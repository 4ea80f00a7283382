using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Firefighter.SampleGen.Common;

/// <summary>Writes the files of one bundle: UTF-8 without BOM, LF line endings, stable key order.</summary>
public sealed class Bundle(string root)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The bundle directory.</summary>
    public string Root { get; } = root;

    /// <summary>Writes text as is (LF endings expected).</summary>
    public void Text(string relative, string content)
    {
        var path = Prepare(relative);
        File.WriteAllText(path, content.Replace("\r\n", "\n", StringComparison.Ordinal), Utf8);
    }

    /// <summary>Writes lines, each terminated by LF.</summary>
    public void Lines(string relative, IEnumerable<string> lines)
    {
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            sb.Append(line).Append('\n');
        }
        Text(relative, sb.ToString());
    }

    /// <summary>Writes lines gzip-compressed (the one .gz log that exercises that reader path).</summary>
    public void GzipLines(string relative, IEnumerable<string> lines)
    {
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            sb.Append(line).Append('\n');
        }
        using var file = File.Create(Prepare(relative));
        using var gz = new GZipStream(file, CompressionLevel.SmallestSize);
        gz.Write(Utf8.GetBytes(sb.ToString()));
    }

    /// <summary>Writes JSON; <paramref name="indent"/> 0 = compact (as an HTTP API answers), otherwise that many spaces.</summary>
    public void Json(string relative, JsonNode node, int indent)
    {
        Text(relative, ToJson(node, indent) + "\n");
    }

    /// <summary>Writes a Kubernetes object as kubectl -o json prints it: keys sorted, 4-space indent.</summary>
    public void Kube(string relative, JsonNode node) => Json(relative, SortKeys(node)!, 4);

    /// <summary>Writes a Kubernetes object as kubectl -o yaml prints it.</summary>
    public void KubeYaml(string relative, JsonNode node) => Text(relative, Yaml.Emit(node));

    /// <summary>Serialises a node; non-ASCII and HTML characters stay readable.</summary>
    public static string ToJson(JsonNode node, int indent)
    {
        var options = new JsonWriterOptions
        {
            Indented = indent > 0,
            IndentSize = indent > 0 ? indent : 2,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, options))
        {
            node.WriteTo(w);
        }
        return Utf8.GetString(ms.ToArray());
    }

    /// <summary>A deep copy with object keys in ordinal order (Go marshals maps that way).</summary>
    public static JsonNode? SortKeys(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var sorted = new JsonObject();
                foreach (var kv in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    sorted[kv.Key] = SortKeys(kv.Value);
                }
                return sorted;
            case JsonArray a:
                var arr = new JsonArray();
                foreach (var item in a)
                {
                    arr.Add(SortKeys(item));
                }
                return arr;
            case null:
                return null;
            default:
                return node.DeepClone();
        }
    }

    private string Prepare(string relative)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
