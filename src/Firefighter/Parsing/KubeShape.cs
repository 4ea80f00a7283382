using System.Text.Json.Nodes;
using Firefighter.Evidence;

namespace Firefighter.Parsing;

/// <summary>Removes fields of a Kubernetes object whose JSON type is impossible for Kubernetes (<c>metadata</c> as a string,
/// <c>containers</c> as an object), so one bad field costs that field, with a warning, not the object, the file or an analyzer.</summary>
/// <remarks>Never throws. O(nodes) in the object, breadth-first (no recursion; the shallowest bad field is the one named), so a deep object cannot exhaust the stack.</remarks>
public static class KubeShape
{
    private static readonly HashSet<string> ObjectsAnywhere = new(StringComparer.Ordinal)
    {
        "metadata", "labels", "annotations", "matchLabels", "resources", "limits", "requests", "involvedObject", "regarding",
        "securityContext", "livenessProbe", "readinessProbe", "startupProbe", "template", "jobTemplate", "strategy", "rollingUpdate",
        "nodeSelector", "affinity", "scaleTargetRef", "loadBalancer", "running", "waiting", "terminated", "valueFrom",
        "configMapKeyRef", "secretKeyRef", "fieldRef", "capacity", "allocatable", "nodeInfo", "httpGet", "tcpSocket", "claimRef",
    };

    private static readonly HashSet<string> ArraysAnywhere = new(StringComparer.Ordinal)
    {
        "items", "containers", "initContainers", "ephemeralContainers", "containerStatuses", "initContainerStatuses",
        "ephemeralContainerStatuses", "conditions", "ports", "env", "envFrom", "volumes", "volumeMounts", "ownerReferences", "subsets",
        "addresses", "notReadyAddresses", "tolerations", "taints", "imagePullSecrets",
    };

    /// <summary>Free-form maps (user keys, not Kubernetes fields): their keys are never checked, nor is anything below them.</summary>
    private static readonly HashSet<string> FreeMaps = new(StringComparer.Ordinal)
    {
        "labels", "annotations", "data", "stringData", "binaryData", "matchLabels", "nodeSelector", "selector", "limits", "requests",
        "capacity", "allocatable", "hard", "used", "parameters", "values", "valuesObject", "helm", "kustomize",
    };

    /// <summary>Fields that are objects at the top of an object (a condition's <c>status</c> is a string, a Pod's is not).</summary>
    private static readonly HashSet<string> ObjectsAtRoot = new(StringComparer.Ordinal) { "spec", "status", "source", "deprecatedSource", "series" };

    /// <summary>Removes impossible fields from <paramref name="root"/> in place; adds one warning naming the object, the line and the first field.</summary>
    /// <returns>How many fields were removed.</returns>
    public static int Sanitize(JsonObject root, string source, int line, ICollection<EvidenceWarning> warnings)
    {
        var removed = 0;
        string? first = null;
        var queue = new Queue<(JsonObject Node, string? ParentKey, bool IsRoot)>();
        queue.Enqueue((root, null, true));
        List<string>? bad = null;
        while (queue.Count > 0)
        {
            var (node, parentKey, isRoot) = queue.Dequeue();
            bad?.Clear();
            foreach (var (key, value) in node)
            {
                if (value is null)
                {
                    continue;
                }
                var expectObject = ObjectsAnywhere.Contains(key)
                                   || (ObjectsAtRoot.Contains(key) && isRoot)
                                   || (key == "spec" && parentKey is "template" or "jobTemplate")
                                   || (key is "state" or "lastState" && parentKey is not null && parentKey.EndsWith("ContainerStatuses", StringComparison.Ordinal))
                                   || (key is "state" or "lastState" && parentKey == "containerStatuses")
                                   || (key == "selector" && parentKey != "status");
                var expectArray = !expectObject && ArraysAnywhere.Contains(key);
                if ((expectObject && value is not JsonObject) || (expectArray && value is not JsonArray))
                {
                    (bad ??= []).Add(key);
                    first ??= $"{key}: expected {(expectObject ? "an object" : "a list")}, found {Describe(value)}";
                    continue;
                }
                if (FreeMaps.Contains(key))
                {
                    continue;
                }
                switch (value)
                {
                    case JsonObject o:
                        queue.Enqueue((o, key, false));
                        break;
                    case JsonArray a:
                        foreach (var item in a)
                        {
                            if (item is JsonObject io)
                            {
                                queue.Enqueue((io, key, false));
                            }
                        }
                        break;
                }
            }
            if (bad is { Count: > 0 })
            {
                foreach (var key in bad)
                {
                    node.Remove(key);
                    removed++;
                }
            }
        }
        if (removed > 0)
        {
            warnings.Add(new EvidenceWarning(source, line, $"{removed} field(s) of the wrong type ignored ({first})"));
        }
        return removed;
    }

    private static string Describe(JsonNode node) => node switch
    {
        JsonArray => "a list",
        JsonObject => "an object",
        JsonValue v when v.TryGetValue<string>(out _) => "a string",
        JsonValue v when v.TryGetValue<bool>(out _) => "a boolean",
        _ => "a number",
    };
}
