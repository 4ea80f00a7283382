using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;
using Firefighter.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Reads deploy/config change events under changes/ from JSON (array, <c>{"changes": [...]}</c>, JSON lines) or YAML (list or document stream).</summary>
public sealed class ChangeFileReader : StructuredReader
{
    /// <inheritdoc />
    public override string Kind => "changes";

    /// <inheritdoc />
    public override bool CanRead(BundleFile file) => file.Folder == "changes" && StructuredFile.IsStructured(file);

    /// <inheritdoc />
    private protected override int ReadItem(JsonNode? node, int line, BundleFile file, StructuredDocument doc, ReadContext context)
    {
        var count = 0;
        if (node is JsonObject { } wrapper && wrapper["changes"] is JsonArray changes)
        {
            foreach (var change in changes)
            {
                count += Add(change, doc.LineOf(change, line), file, context);
            }
            return count;
        }
        count += Add(node, line, file, context);
        return count;
    }

    private static int Add(JsonNode? node, int line, BundleFile file, ReadContext context)
    {
        if (node is not JsonObject obj)
        {
            context.Drop(file.Path, line, 1, "change is not a mapping (time, kind, target, version...); skipped");
            return 0;
        }
        var timeText = Str(obj, "time", "timestamp", "at", "date");
        if (timeText is null)
        {
            context.Drop(file.Path, line, 1, "change without a time; skipped");
            return 0;
        }
        if (!Timestamps.TryParse(timeText, out var time, out var zone))
        {
            context.Drop(file.Path, line, 1, $"change time '{timeText}' is not a timestamp; skipped");
            return 0;
        }
        if (!zone)
        {
            context.WarnOnce("zone:" + file.Path, file.Path, line, "timestamps have no time zone; assumed UTC");
        }
        var ns = Str(obj, "namespace") ?? context.Incident.Namespace;
        EntityRef target;
        switch (obj["target"])
        {
            case JsonObject t:
                var kind = KubeKinds.FromResource(KubeObject.Str(t["kind"]) ?? "Service");
                var tns = KubeObject.Str(t["namespace"]) ?? ns;
                target = new EntityRef(kind, KubeKinds.IsClusterScoped(kind) ? null : tns, KubeObject.Str(t["name"]) ?? "unknown");
                break;
            case JsonValue v when KubeObject.Str(v) is { Length: > 0 } s:
                target = KubeKinds.ParseTarget(s, ns);
                break;
            default:
                target = Str(obj, "service", "deployment") is { } svc ? KubeKinds.ParseTarget(svc, ns) : new EntityRef("Unknown", ns, "unknown");
                break;
        }
        var description = Str(obj, "description", "message", "summary");
        context.Evidence.Changes.Add(new ChangeEvent(
            time,
            Str(obj, "kind", "type") ?? "change",
            target,
            Str(obj, "version", "revision", "to"),
            Str(obj, "previous_version", "previousVersion", "from"),
            Str(obj, "author", "user", "by"),
            description,
            new EvidenceRef(file.Path, line, null, description is { Length: > 200 } ? description[..200] : description)));
        return 1;
    }

    private static string? Str(JsonObject obj, params string[] keys)
    {
        foreach (var k in keys)
        {
            if (KubeObject.Str(obj[k]) is { Length: > 0 } s)
            {
                return s;
            }
        }
        return null;
    }
}
