using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Analysis;

namespace Firefighter.Kubernetes;

/// <summary>Builds Kubernetes findings with the attribute conventions of the kind contract (namespace, deployment, node...).</summary>
internal static class KubeFindings
{
    public static Finding Make(string analyzer, string kind, FindingSeverity severity, double strength, string title, EntityRef entity,
        DateTimeOffset? start, IReadOnlyList<EvidenceRef> evidence, IReadOnlyList<string> commands, Dictionary<string, string?> attrs)
    {
        var clean = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entity.Namespace is { } ns)
        {
            clean["namespace"] = ns;
        }
        foreach (var (k, v) in attrs)
        {
            if (!string.IsNullOrEmpty(v))
            {
                clean[k] = v;
            }
        }
        return new Finding(kind, title, entity, start, null, Math.Clamp(strength, 0, 1), evidence)
        {
            Severity = severity,
            Attributes = clean,
            Commands = commands,
            Analyzer = analyzer,
        };
    }

    /// <summary>The <c>-n ns</c> argument for a kubectl command line.</summary>
    public static string Ns(string? ns) => ns is null ? "" : $" -n {ns}";

    /// <summary>Reads an integer field.</summary>
    public static int? Int(JsonNode? node) =>
        KubeObject.Str(node) is { } s && long.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? (int)Math.Clamp(v, int.MinValue, int.MaxValue) : null;

    /// <summary>Finds a status condition by type.</summary>
    public static JsonObject? Condition(JsonNode? conditions, string type)
    {
        if (conditions is JsonArray arr)
        {
            foreach (var c in arr)
            {
                if (c is JsonObject o && KubeObject.Str(o["type"]) == type)
                {
                    return o;
                }
            }
        }
        return null;
    }

    /// <summary>Index of a status condition in its array (for evidence field paths), or -1.</summary>
    public static int ConditionIndex(JsonNode? conditions, string type)
    {
        if (conditions is JsonArray arr)
        {
            for (var i = 0; i < arr.Count; i++)
            {
                if (arr[i] is JsonObject o && KubeObject.Str(o["type"]) == type)
                {
                    return i;
                }
            }
        }
        return -1;
    }

    /// <summary>The earliest of the times given, ignoring nulls.</summary>
    public static DateTimeOffset? Earliest(params DateTimeOffset?[] times)
    {
        DateTimeOffset? min = null;
        foreach (var t in times)
        {
            if (t is { } v && (min is null || v < min))
            {
                min = v;
            }
        }
        return min;
    }

    /// <summary>A short human duration (<c>5m</c>, <c>3h</c>, <c>2d</c>).</summary>
    public static string Ago(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }
        return span.TotalMinutes < 1 ? $"{(int)span.TotalSeconds}s"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes}m"
            : span.TotalDays < 2 ? $"{(int)span.TotalHours}h"
            : $"{(int)span.TotalDays}d";
    }
}
