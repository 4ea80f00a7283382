using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Sources.Parsing;
using Firefighter.Parsing;

namespace Firefighter.Sources.Bundles;

/// <summary>Reads incident.yaml (title, start, end, services, namespace, notes, captured_at; all optional).</summary>
internal static class IncidentFile
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "title", "start", "end", "services", "service", "namespace", "notes", "captured_at", "capturedAt",
    };

    /// <summary>Whether the file is the bundle's incident description.</summary>
    public static bool Is(BundleFile file) => file.Path is "incident.yaml" or "incident.yml" or "incident.json";

    /// <summary>Parses the file; problems become warnings in <paramref name="context"/> and an empty description.</summary>
    public static IncidentInfo Read(BundleFile file, ReadContext context)
    {
        var text = TextLines.ReadAll(file, context);
        if (text is null)
        {
            return new IncidentInfo();
        }
        var doc = YamlTree.Parse(text);
        if (doc.Error is { } error)
        {
            context.Warn(file.Path, error.Line, error.Message);
        }
        if (doc.Documents.Count == 0)
        {
            return new IncidentInfo();
        }
        var (node, line) = doc.Documents[0];
        if (node is not JsonObject obj)
        {
            context.Warn(file.Path, line, "not read: incident.yaml must be a mapping of title, start, end, services, namespace, notes, captured_at");
            return new IncidentInfo();
        }
        foreach (var (key, _) in obj)
        {
            if (!Known.Contains(key))
            {
                context.Warn(file.Path, doc.LineOf(obj, line), $"unknown key '{key}' ignored");
            }
        }
        var services = new List<string>();
        switch (obj["services"] ?? obj["service"])
        {
            case JsonArray arr:
                services.AddRange(arr.Select(KubeObject.Str).OfType<string>());
                break;
            case JsonValue v when KubeObject.Str(v) is { } s:
                services.AddRange(s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                break;
        }
        return new IncidentInfo
        {
            Title = KubeObject.Str(obj["title"]),
            Start = Time(obj, "start", file, line, context),
            End = Time(obj, "end", file, line, context),
            Services = services,
            Namespace = KubeObject.Str(obj["namespace"]),
            Notes = KubeObject.Str(obj["notes"]),
            CapturedAt = Time(obj, obj.ContainsKey("captured_at") ? "captured_at" : "capturedAt", file, line, context),
        };
    }

    private static DateTimeOffset? Time(JsonObject obj, string key, BundleFile file, int line, ReadContext context)
    {
        var s = KubeObject.Str(obj[key]);
        if (s is null)
        {
            return null;
        }
        if (!Timestamps.TryParse(s, out var t, out var hasZone))
        {
            context.Warn(file.Path, line, $"'{key}: {s}' is not a timestamp (ISO-8601 expected); ignored");
            return null;
        }
        if (!hasZone)
        {
            context.Warn(file.Path, line, $"'{key}: {s}' has no time zone; assumed UTC");
        }
        return t;
    }
}
