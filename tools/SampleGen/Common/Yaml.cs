using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Firefighter.SampleGen.Common;

/// <summary>Emits YAML the way kubectl -o yaml (sigs.k8s.io/yaml over go-yaml) does: sorted keys, sequences not indented under their key.</summary>
public static partial class Yaml
{
    /// <summary>YAML text of a JSON tree.</summary>
    public static string Emit(JsonNode node)
    {
        var sb = new StringBuilder();
        if (node is JsonObject o)
        {
            Mapping(o, 0, sb);
        }
        else if (node is JsonArray a)
        {
            Sequence(a, 0, sb);
        }
        else
        {
            sb.Append(Scalar(node)).Append('\n');
        }
        return sb.ToString();
    }

    private static void Mapping(JsonObject o, int indent, StringBuilder sb)
    {
        var pad = new string(' ', indent);
        foreach (var kv in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var key = Str(kv.Key);
            switch (kv.Value)
            {
                case JsonObject child when child.Count > 0:
                    sb.Append(pad).Append(key).Append(":\n");
                    Mapping(child, indent + 2, sb);
                    break;
                case JsonObject:
                    sb.Append(pad).Append(key).Append(": {}\n");
                    break;
                case JsonArray arr when arr.Count > 0:
                    sb.Append(pad).Append(key).Append(":\n");
                    Sequence(arr, indent, sb);
                    break;
                case JsonArray:
                    sb.Append(pad).Append(key).Append(": []\n");
                    break;
                default:
                    sb.Append(pad).Append(key).Append(": ").Append(Scalar(kv.Value)).Append('\n');
                    break;
            }
        }
    }

    private static void Sequence(JsonArray a, int indent, StringBuilder sb)
    {
        var pad = new string(' ', indent);
        foreach (var item in a)
        {
            if (item is JsonObject o && o.Count > 0)
            {
                var inner = new StringBuilder();
                Mapping(o, indent + 2, inner);
                var text = inner.ToString();
                sb.Append(pad).Append("- ").Append(text.AsSpan(indent + 2));
            }
            else if (item is JsonArray nested && nested.Count > 0)
            {
                var inner = new StringBuilder();
                Sequence(nested, indent + 2, inner);
                sb.Append(pad).Append("- ").Append(inner.ToString().AsSpan(indent + 2));
            }
            else if (item is JsonObject)
            {
                sb.Append(pad).Append("- {}\n");
            }
            else if (item is JsonArray)
            {
                sb.Append(pad).Append("- []\n");
            }
            else
            {
                sb.Append(pad).Append("- ").Append(Scalar(item)).Append('\n');
            }
        }
    }

    private static string Scalar(JsonNode? node)
    {
        if (node is null)
        {
            return "null";
        }
        var v = node.AsValue();
        return v.GetValueKind() switch
        {
            JsonValueKind.String => Str(v.GetValue<string>()),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => v.ToJsonString(),
            _ => "null",
        };
    }

    private static string Str(string s)
    {
        if (NeedsQuotes(s))
        {
            return "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        }
        return s;
    }

    private static bool NeedsQuotes(string s)
    {
        if (s.Length == 0 || s != s.Trim() || s.Contains('\n', StringComparison.Ordinal))
        {
            return true;
        }
        if ("-?:,[]{}#&*!|>'\"%@`".Contains(s[0], StringComparison.Ordinal))
        {
            return true;
        }
        if (s.Contains(": ", StringComparison.Ordinal) || s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':'))
        {
            return true;
        }
        var lower = s.ToLower(CultureInfo.InvariantCulture);
        if (lower is "true" or "false" or "yes" or "no" or "on" or "off" or "y" or "n" or "null" or "~")
        {
            return true;
        }
        return NumberLike().IsMatch(s);
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^0x[0-9a-fA-F]+$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$")]
    private static partial Regex NumberLike();
}
