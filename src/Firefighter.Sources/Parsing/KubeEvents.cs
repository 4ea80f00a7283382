using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Kubernetes;

namespace Firefighter.Sources.Parsing;

/// <summary>Converts Event objects (core/v1 and events.k8s.io/v1) to <see cref="KubeEvent"/>.</summary>
internal static class KubeEvents
{
    /// <summary>Whether the object is an Event of either API.</summary>
    public static bool IsEvent(JsonObject obj) => KubeObject.Str(obj["kind"]) == "Event";

    /// <summary>The event, or null when it names no involved object.</summary>
    public static KubeEvent? From(JsonObject obj, EvidenceRef reference)
    {
        var newApi = (KubeObject.Str(obj["apiVersion"]) ?? "").StartsWith("events.k8s.io", StringComparison.Ordinal);
        var involved = (newApi ? obj["regarding"] : obj["involvedObject"]) as JsonObject ?? obj["involvedObject"] as JsonObject ?? obj["regarding"] as JsonObject;
        if (involved is null)
        {
            return null;
        }
        var kind = KubeObject.Str(involved["kind"]) ?? "Unknown";
        var ns = KubeObject.Str(involved["namespace"]) ?? (KubeKinds.IsClusterScoped(kind) ? null : KubeObject.Str(obj["metadata"]?["namespace"]));
        var entity = new EntityRef(kind, ns, KubeObject.Str(involved["name"]) ?? "");
        var series = obj["series"] as JsonObject;
        var count = Int(obj["count"]) ?? Int(obj["deprecatedCount"]) ?? Int(series?["count"]) ?? 1;
        var eventTime = KubeObject.Time(obj["eventTime"]);
        var first = KubeObject.Time(obj["firstTimestamp"]) ?? KubeObject.Time(obj["deprecatedFirstTimestamp"]) ?? eventTime;
        var last = KubeObject.Time(series?["lastObservedTime"]) ?? KubeObject.Time(obj["lastTimestamp"]) ?? KubeObject.Time(obj["deprecatedLastTimestamp"]) ?? eventTime ?? first;
        var message = KubeObject.Str(obj["note"]) ?? KubeObject.Str(obj["message"]) ?? "";
        var component = KubeObject.Str(obj["reportingController"]) ?? KubeObject.Str(obj["source"]?["component"]) ?? KubeObject.Str(obj["reportingComponent"]) ?? KubeObject.Str(obj["deprecatedSource"]?["component"]);
        if (string.IsNullOrEmpty(component))
        {
            component = null;
        }
        var reason = KubeObject.Str(obj["reason"]) ?? "";
        return new KubeEvent(KubeObject.Str(obj["type"]) ?? "Normal", reason, message, entity, first, last, count, reference with { Excerpt = Excerpt(reason, message) })
        {
            Component = component,
        };
    }

    /// <summary>A short quote for citations: <c>Reason: message</c>, cut to 200 chars.</summary>
    public static string Excerpt(string reason, string message)
    {
        var text = reason.Length == 0 ? message : reason + ": " + message;
        return text.Length > 200 ? text[..200] : text;
    }

    private static int? Int(JsonNode? node) =>
        KubeObject.Str(node) is { } s && int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}
