using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Evidence;

namespace Firefighter.Parsing;

/// <summary>Turns <c>kubectl get -o yaml|json</c> text (single objects, Lists, multi-document YAML, events) into <see cref="KubeObject"/>s and <see cref="KubeEvent"/>s.</summary>
/// <remarks>Pure parsing, never throws: what cannot be read becomes an <see cref="EvidenceWarning"/> naming the source and line.</remarks>
public static class KubeYaml
{
    /// <summary>Parses YAML (one or more documents) or JSON text into JSON objects, each with the 1-based line where it starts.</summary>
    /// <remarks>JSON goes through <see cref="JsonTree"/> and YAML through <see cref="YamlTree"/>, the parsers the bundle readers use. JSON is
    /// all or nothing here (a file with a JSON error yields no object unless it reads as YAML); a broken YAML document costs only itself.</remarks>
    public static IReadOnlyList<(JsonObject Json, int Line)> ParseDocuments(string text, string source, ICollection<EvidenceWarning> warnings) =>
        Parse(text, source, warnings, out _);

    private static List<(JsonObject Json, int Line)> Parse(string text, string source, ICollection<EvidenceWarning> warnings, out StructuredDocument? parsed)
    {
        var result = new List<(JsonObject, int)>();
        parsed = null;
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            warnings.Add(new EvidenceWarning(source, 1, "binary data (NUL bytes), not kubectl YAML or JSON; not read"));
            return result;
        }
        var trimmed = text.AsSpan().TrimStart();
        var doc = trimmed.Length > 0 && (trimmed[0] == '{' || trimmed[0] == '[') ? JsonTree.Parse(text) : YamlTree.Parse(text);
        if (doc.Error is { } jsonError && jsonError.Message.StartsWith("malformed JSON", StringComparison.Ordinal))
        {
            // JSON is YAML, and the YAML parser may be more forgiving; keep the JSON error if it also fails.
            var yaml = YamlTree.Parse(text);
            if (yaml.Errors.Count > 0)
            {
                warnings.Add(new EvidenceWarning(source, jsonError.Line, jsonError.Message));
                return result;
            }
            doc = yaml;
        }
        parsed = doc;
        foreach (var error in doc.Errors)
        {
            warnings.Add(new EvidenceWarning(source, error.Line, error.Message));
        }
        foreach (var (node, line) in doc.Documents)
        {
            switch (node)
            {
                case JsonObject obj:
                    result.Add((obj, line));
                    break;
                case JsonArray arr:
                    foreach (var item in arr)
                    {
                        if (item is JsonObject o)
                        {
                            result.Add((o, doc.LineOf(o, line)));
                        }
                    }
                    break;
                case JsonValue v when KubeObject.Str(v) is { Length: > 0 }:
                    warnings.Add(new EvidenceWarning(source, line, "a plain value, not a Kubernetes object; skipped"));
                    break;
            }
        }
        return result;
    }

    /// <summary>Reads every Kubernetes object in the text, expanding <c>kind: List</c> (and <c>*List</c>) items; events are returned as objects of kind Event.</summary>
    public static IReadOnlyList<KubeObject> ReadObjects(string text, string source, ICollection<EvidenceWarning> warnings)
    {
        var objects = new List<KubeObject>();
        foreach (var (json, line) in Parse(text, source, warnings, out var doc))
        {
            AddObject(json, source, line, doc, objects, warnings);
        }
        return objects;
    }

    /// <summary>Reads the text into an evidence set: Event objects become <see cref="EvidenceSet.Events"/>, the rest <see cref="EvidenceSet.Objects"/>.</summary>
    public static void ReadInto(EvidenceSet evidence, string text, string source)
    {
        var count = 0;
        foreach (var o in ReadObjects(text, source, evidence.Warnings))
        {
            count++;
            if (o.Kind == "Event" && ToEvent(o.Json, o.Ref) is { } ev)
            {
                evidence.Events.Add(ev);
            }
            else
            {
                evidence.Objects.Add(o);
            }
        }
        evidence.Files.Add(new SourceFile(source, "k8s", count));
    }

    /// <summary>Reads one already-parsed document (an object or a List, as the API returns it) into an evidence set, like <see cref="ReadInto(EvidenceSet, string, string)"/>.</summary>
    /// <remarks>The live API path serializes KubernetesClient's typed lists to JSON and comes here, so API objects and dumped objects take one road.</remarks>
    public static int ReadInto(EvidenceSet evidence, JsonObject document, string source)
    {
        var objects = new List<KubeObject>();
        AddObject(document, source, 1, null, objects, evidence.Warnings);
        foreach (var o in objects)
        {
            Materialize(o.Json);
        }
        foreach (var o in objects)
        {
            if (o.Kind == "Event")
            {
                if (ToEvent(o.Json, o.Ref) is { } ev)
                {
                    evidence.Events.Add(ev);
                }
            }
            else
            {
                evidence.Objects.Add(o);
            }
        }
        evidence.Files.Add(new SourceFile(source, "k8s", objects.Count));
        return objects.Count;
    }

    /// <summary>Converts a core/v1 or events.k8s.io/v1 Event object into a <see cref="KubeEvent"/>; null when it names no object.</summary>
    /// <remarks>The one Event conversion: the bundle reader and <c>ff k8s scan</c> both use it.</remarks>
    public static KubeEvent? ToEvent(JsonObject json, EvidenceRef source)
    {
        var newApi = (KubeObject.Str(json["apiVersion"]) ?? "").StartsWith("events.k8s.io", StringComparison.Ordinal);
        var involved = (newApi ? json["regarding"] : json["involvedObject"]) as JsonObject ?? json["involvedObject"] as JsonObject ?? json["regarding"] as JsonObject;
        var kind = KubeObject.Str(involved?["kind"]);
        var name = KubeObject.Str(involved?["name"]);
        if (kind is null || name is null)
        {
            return null;
        }
        var ns = KubeObject.Str(involved?["namespace"]) ?? (KubeKinds.IsClusterScoped(kind) ? null : KubeObject.Str(json["metadata"]?["namespace"]));
        var series = json["series"] as JsonObject;
        var eventTime = KubeObject.Time(json["eventTime"]);
        var first = KubeObject.Time(json["firstTimestamp"]) ?? KubeObject.Time(json["deprecatedFirstTimestamp"]) ?? eventTime;
        var last = KubeObject.Time(series?["lastObservedTime"]) ?? KubeObject.Time(json["lastTimestamp"]) ?? KubeObject.Time(json["deprecatedLastTimestamp"]) ?? eventTime ?? first;
        var countText = KubeObject.Str(json["count"]) ?? KubeObject.Str(json["deprecatedCount"]) ?? KubeObject.Str(series?["count"]);
        var count = int.TryParse(countText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) && c > 0 ? c : 1;
        var message = (KubeObject.Str(json["note"]) ?? KubeObject.Str(json["message"]) ?? "").Trim();
        var reason = KubeObject.Str(json["reason"]) ?? "";
        var type = KubeObject.Str(json["type"]) ?? "Normal";
        var component = KubeObject.Str(json["reportingController"]) ?? KubeObject.Str(json["source"]?["component"])
                        ?? KubeObject.Str(json["reportingComponent"]) ?? KubeObject.Str(json["deprecatedSource"]?["component"]);
        var evName = KubeObject.Str(json["metadata"]?["name"]) ?? name;
        var evRef = source with { Field = $"Event/{(ns is null ? "" : ns + "/")}{evName}", Excerpt = Excerpt(reason, message) };
        return new KubeEvent(type, reason, message, new EntityRef(kind, ns, name), first, last, count, evRef)
        {
            Component = string.IsNullOrEmpty(component) ? null : component,
            FieldPath = KubeObject.Str(involved?["fieldPath"]),
        };
    }

    /// <summary>A short quote of an event for citations: <c>Reason: message</c>, cut to 200 characters.</summary>
    public static string Excerpt(string reason, string message)
    {
        var text = reason.Length == 0 ? message : reason + ": " + message;
        return text.Length > 200 ? text[..200] : text;
    }

    private static void AddObject(JsonObject json, string source, int line, StructuredDocument? doc, List<KubeObject> objects, ICollection<EvidenceWarning> warnings)
    {
        var kind = KubeObject.Str(json["kind"]);
        if (json["items"] is JsonArray items && (kind is null || kind.EndsWith("List", StringComparison.Ordinal)))
        {
            foreach (var item in items)
            {
                if (item is JsonObject o)
                {
                    // Typed lists (PodList) omit the kind on their items.
                    if (o["kind"] is null && kind is { Length: > 4 } && kind != "List")
                    {
                        o["kind"] = kind[..^4];
                    }
                    AddObject(o, source, doc?.LineOf(o, line) ?? line, doc, objects, warnings);
                }
            }
            return;
        }
        KubeShape.Sanitize(json, source, line, warnings);
        var name = KubeObject.Str(json["metadata"]?["name"]);
        if (kind is null || name is null)
        {
            if (json.Count > 0)
            {
                warnings.Add(new EvidenceWarning(source, line, kind is null ? "document has no kind; not a Kubernetes object" : $"{kind} has no metadata.name"));
            }
            return;
        }
        var ns = KubeObject.Str(json["metadata"]?["namespace"]);
        DropManagedFields(json);
        objects.Add(new KubeObject(kind, ns, name, json, new EvidenceRef(source, line)));
    }

    /// <summary>Drops <c>metadata.managedFields</c> (server-side apply bookkeeping, read by no analyzer); <see cref="JsonTree"/> never reads it,
    /// YAML still carries it.</summary>
    public static void DropManagedFields(JsonObject json) => (json["metadata"] as JsonObject)?.Remove("managedFields");

    /// <summary>Readies an object built elsewhere (perhaps lazily, by <c>JsonNode.Parse</c>) for the analyzers: drops <c>metadata.managedFields</c> (server-side apply bookkeeping, often a third of a
    /// dump, read by no analyzer) and builds the rest of the tree now.</summary>
    public static void Prepare(JsonObject json)
    {
        (json["metadata"] as JsonObject)?.Remove("managedFields");
        Materialize(json);
    }

    /// <summary>Builds every lazily-parsed child now: analyzers read the same objects from several threads, and a JsonNode's
    /// first read initializes it without a lock.</summary>
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o)
                {
                    Materialize(child);
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Materialize(child);
                }
                break;
        }
    }
}
