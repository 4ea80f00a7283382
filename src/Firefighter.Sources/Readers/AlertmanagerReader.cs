using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;
using Firefighter.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Reads Alertmanager webhook payloads under alerts/ (one payload, an array of payloads, or an array of API v2 alerts).</summary>
public sealed class AlertmanagerReader : StructuredReader
{
    /// <inheritdoc />
    public override string Kind => "alerts";

    /// <inheritdoc />
    public override bool CanRead(BundleFile file) => file.Folder == "alerts" && file.Extension is ".json" or ".jsonl" or ".ndjson";

    /// <inheritdoc />
    private protected override int ReadItem(JsonNode? node, int line, BundleFile file, StructuredDocument doc, ReadContext context)
    {
        var count = 0;
        if (node is not JsonObject obj)
        {
            context.Warn(file.Path, line, "not an Alertmanager payload (expected an object with \"alerts\")");
            return count;
        }
        if (obj["alerts"] is JsonArray alerts)
        {
            var groupStatus = KubeObject.Str(obj["status"]);
            foreach (var alert in alerts)
            {
                count += Add(alert as JsonObject, groupStatus, file, doc.LineOf(alert, line), context);
            }
        }
        else if (obj["labels"] is JsonObject)
        {
            count += Add(obj, null, file, line, context);
        }
        else
        {
            context.Warn(file.Path, line, "not an Alertmanager payload (no \"alerts\" array and no \"labels\")");
        }
        return count;
    }

    private static int Add(JsonObject? alert, string? groupStatus, BundleFile file, int line, ReadContext context)
    {
        if (alert is null)
        {
            context.Drop(file.Path, line, 1, "alert is not an object; skipped");
            return 0;
        }
        var labels = Map(alert["labels"]);
        var annotations = Map(alert["annotations"]);
        // API v2 alerts carry status as {"state": "active"|"suppressed"|"unprocessed"}; webhooks as "firing"|"resolved".
        var status = alert["status"] is JsonObject s ? (KubeObject.Str(s["state"]) == "active" ? "firing" : KubeObject.Str(s["state"])) : KubeObject.Str(alert["status"]);
        status ??= groupStatus ?? "firing";
        var startsAt = Time(alert["startsAt"], file, line, context);
        var endsAt = Time(alert["endsAt"], file, line, context);
        if (endsAt is { Year: <= 1 } || (status == "firing" && endsAt is not null && startsAt is not null && endsAt < startsAt))
        {
            endsAt = null;
        }
        if (status == "firing")
        {
            // Alertmanager sets endsAt to now+resolve_timeout while firing: it is not an end.
            endsAt = null;
        }
        var name = labels.TryGetValue("alertname", out var n) ? n : "unnamed";
        var excerpt = annotations.TryGetValue("summary", out var summary) ? summary : null;
        context.Evidence.Alerts.Add(new AlertEvent(name, status, labels, annotations, startsAt, endsAt, new EvidenceRef(file.Path, line, null, excerpt)));
        return 1;
    }

    private static DateTimeOffset? Time(JsonNode? node, BundleFile file, int line, ReadContext context)
    {
        var s = KubeObject.Str(node);
        if (s is null || s.StartsWith("0001-01-01", StringComparison.Ordinal))
        {
            return null;
        }
        if (!Timestamps.TryParse(s, out var t, out var zone))
        {
            context.Warn(file.Path, line, $"unreadable time '{s}' ignored");
            return null;
        }
        if (!zone)
        {
            context.WarnOnce("zone:" + file.Path, file.Path, line, "timestamps have no time zone; assumed UTC");
        }
        return t;
    }

    private static Dictionary<string, string> Map(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject obj)
        {
            foreach (var (k, v) in obj)
            {
                if (KubeObject.Str(v) is { } s)
                {
                    map[k] = s;
                }
            }
        }
        return map;
    }
}
