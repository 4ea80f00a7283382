using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;
using Firefighter.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Reads <c>kubectl get -o json|yaml</c> output under k8s/: single objects, Lists and multi-document YAML; Events become <see cref="KubeEvent"/>s.</summary>
public sealed class KubeManifestReader : StructuredReader
{
    /// <inheritdoc />
    public override string Kind => "k8s";

    /// <inheritdoc />
    public override bool CanRead(BundleFile file) => file.Folder == "k8s" && StructuredFile.IsStructured(file);

    /// <inheritdoc />
    private protected override int ReadItem(JsonNode? node, int line, BundleFile file, StructuredDocument doc, ReadContext context) =>
        ReadValue(node, line, file, doc, context);

    /// <summary>Reads one parsed item (an object, a List, an Event) into the evidence; shared with the readers of YAML pasted into text files.</summary>
    internal static int ReadValue(JsonNode? node, int line, BundleFile file, StructuredDocument doc, ReadContext context)
    {
        if (node is not JsonObject obj)
        {
            context.Warn(file.Path, line, "not a Kubernetes object (expected a mapping with kind and metadata)");
            return 0;
        }
        var kind = KubeObject.Str(obj["kind"]);
        if (obj["items"] is JsonArray items && (kind is null || kind.EndsWith("List", StringComparison.Ordinal)))
        {
            var count = 0;
            foreach (var item in items)
            {
                // Typed lists (PodList) omit the kind on their items.
                if (item is JsonObject o && o["kind"] is null && kind is { Length: > 4 } && kind != "List")
                {
                    o["kind"] = kind[..^4];
                }
                count += ReadValue(item, doc.LineOf(item, line), file, doc, context);
            }
            return count;
        }
        if (kind is null)
        {
            context.Drop(file.Path, line, 1, "not a Kubernetes object (no kind); skipped");
            return 0;
        }
        KubeShape.Sanitize(obj, file.Path, line, context.Evidence.Warnings);
        var reference = new EvidenceRef(file.Path, line);
        if (kind == "Event")
        {
            if (KubeYaml.ToEvent(obj, reference) is { } ev)
            {
                context.Evidence.Events.Add(ev);
                return 1;
            }
            context.Drop(file.Path, line, 1, "Event without involvedObject/regarding; skipped");
            return 0;
        }
        var name = KubeObject.Str(obj["metadata"]?["name"]);
        if (name is null)
        {
            context.Drop(file.Path, line, 1, $"{kind} without metadata.name; skipped");
            return 0;
        }
        var ns = KubeObject.Str(obj["metadata"]?["namespace"]);
        if (ns is null && !KubeKinds.IsClusterScoped(kind))
        {
            ns = context.Incident.Namespace;
        }
        KubeYaml.DropManagedFields(obj);
        context.Evidence.Objects.Add(new KubeObject(kind, ns, name, obj, reference));
        return 1;
    }
}
