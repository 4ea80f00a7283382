using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Firefighter.Sources.Readers;

/// <summary><c>kubectl describe</c> of nodes, HPAs, PVCs and deployments: the fields the analyzers read, as the API object would hold them.</summary>
public sealed partial class KubectlDescribeReader
{
    private static JsonObject? BuildObject(string kind, Dictionary<string, string> top, JsonObject labels, JsonArray conditions,
        Dictionary<string, Dictionary<string, string>> resources)
    {
        var metadata = new JsonObject { ["name"] = top.GetValueOrDefault("Name") };
        if (top.TryGetValue("Namespace", out var ns))
        {
            metadata["namespace"] = ns;
        }
        if (labels.Count > 0)
        {
            metadata["labels"] = labels.DeepClone();
        }
        JsonObject spec = [], status = [];
        string apiVersion;
        switch (kind)
        {
            case "Node":
                apiVersion = "v1";
                if (top.TryGetValue("Unschedulable", out var u) && u == "true")
                {
                    spec["unschedulable"] = true;
                }
                if (top.TryGetValue("Taints", out var taint) && taint != "<none>" && Taint(taint) is { } t)
                {
                    spec["taints"] = new JsonArray(t);
                }
                foreach (var (section, field) in new[] { ("Capacity", "capacity"), ("Allocatable", "allocatable") })
                {
                    if (resources.TryGetValue(section, out var r))
                    {
                        status[field] = new JsonObject(r.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
                    }
                }
                break;
            case "HorizontalPodAutoscaler":
                apiVersion = "autoscaling/v2";
                if (top.GetValueOrDefault("Reference") is { } reference && reference.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash)
                {
                    spec["scaleTargetRef"] = new JsonObject { ["kind"] = reference[..slash], ["name"] = reference[(slash + 1)..] };
                }
                SetInt(spec, "minReplicas", top.GetValueOrDefault("Min replicas"));
                SetInt(spec, "maxReplicas", top.GetValueOrDefault("Max replicas"));
                var pods = top.Where(kv => kv.Key.EndsWith(" pods", StringComparison.Ordinal)).Select(kv => PodsLine().Match(kv.Value)).FirstOrDefault(m => m.Success);
                if (pods is not null)
                {
                    SetInt(status, "currentReplicas", pods.Groups["current"].Value);
                    SetInt(status, "desiredReplicas", pods.Groups["desired"].Value);
                }
                break;
            case "PersistentVolumeClaim":
                apiVersion = "v1";
                if (top.GetValueOrDefault("StorageClass") is { Length: > 0 } sc && sc != "<none>")
                {
                    spec["storageClassName"] = sc;
                }
                if (top.GetValueOrDefault("Volume") is { Length: > 0 } volume)
                {
                    spec["volumeName"] = volume;
                }
                if (top.GetValueOrDefault("Status") is { Length: > 0 } phase)
                {
                    status["phase"] = phase;
                }
                if (top.GetValueOrDefault("Capacity") is { Length: > 0 } capacity)
                {
                    status["capacity"] = new JsonObject { ["storage"] = capacity };
                }
                break;
            case "Deployment":
                apiVersion = "apps/v1";
                var replicas = ReplicasLine().Match(top.GetValueOrDefault("Replicas") ?? "");
                if (!replicas.Success)
                {
                    return null;
                }
                SetInt(spec, "replicas", replicas.Groups["desired"].Value);
                SetInt(status, "replicas", replicas.Groups["total"].Value);
                SetInt(status, "updatedReplicas", replicas.Groups["updated"].Value);
                SetInt(status, "availableReplicas", replicas.Groups["available"].Value);
                SetInt(status, "unavailableReplicas", replicas.Groups["unavailable"].Value);
                if (top.GetValueOrDefault("Selector") is { Length: > 0 } selector && selector != "<none>")
                {
                    var match = new JsonObject();
                    AddLabel(match, selector);
                    spec["selector"] = new JsonObject { ["matchLabels"] = match };
                }
                break;
            default:
                return null;
        }
        if (conditions.Count > 0)
        {
            status["conditions"] = conditions;
        }
        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind, ["metadata"] = metadata, ["spec"] = spec, ["status"] = status };
    }

    /// <summary>The rows of a Conditions table (<c>Type  Status  [LastHeartbeatTime  LastTransitionTime]  Reason  Message</c>), cut at the
    /// header's column starts; rows without a Type and Status are skipped.</summary>
    private static JsonArray Conditions(List<string> rows)
    {
        var result = new JsonArray();
        List<(string Name, int Start)>? columns = null;
        foreach (var row in rows)
        {
            var trimmed = row.Trim();
            if (columns is null)
            {
                if (trimmed.StartsWith("Type", StringComparison.Ordinal) && trimmed.Contains("Status", StringComparison.Ordinal))
                {
                    columns = [.. HeaderWord().Matches(row).Select(m => (m.Value, m.Index))];
                }
                continue;
            }
            if (trimmed.StartsWith("----", StringComparison.Ordinal))
            {
                continue;
            }
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var c = 0; c < columns.Count; c++)
            {
                var start = columns[c].Start;
                var end = c + 1 < columns.Count ? Math.Min(columns[c + 1].Start, row.Length) : row.Length;
                cells[columns[c].Name] = start < row.Length && end > start ? row[start..end].Trim() : "";
            }
            if (cells.GetValueOrDefault("Type") is not { Length: > 0 } type || cells.GetValueOrDefault("Status") is not { Length: > 0 } st)
            {
                continue;
            }
            var condition = new JsonObject { ["type"] = type, ["status"] = st };
            if (cells.GetValueOrDefault("Reason") is { Length: > 0 } reason)
            {
                condition["reason"] = reason;
            }
            if (cells.GetValueOrDefault("Message") is { Length: > 0 } message)
            {
                condition["message"] = message;
            }
            result.Add(condition);
        }
        return result;
    }

    private static JsonObject? Taint(string text)
    {
        // "node.kubernetes.io/unreachable:NoSchedule", "dedicated=gpu:NoSchedule"
        var colon = text.LastIndexOf(':');
        if (colon <= 0)
        {
            return null;
        }
        var kv = text[..colon];
        var eq = kv.IndexOf('=', StringComparison.Ordinal);
        var taint = new JsonObject { ["key"] = eq > 0 ? kv[..eq] : kv, ["effect"] = text[(colon + 1)..] };
        if (eq > 0)
        {
            taint["value"] = kv[(eq + 1)..];
        }
        return taint;
    }

    private static void SetInt(JsonObject target, string field, string? text)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
        {
            target[field] = v;
        }
    }

    // A header word of a Conditions table: "Type", "LastHeartbeatTime"... (single words separated by spaces).
    [GeneratedRegex(@"\S+")]
    private static partial Regex HeaderWord();

    // HPA "Deployment pods:  6 current / 6 desired"
    [GeneratedRegex(@"^(?<current>\d+) current / (?<desired>\d+) desired")]
    private static partial Regex PodsLine();

    // Deployment "Replicas:  3 desired | 3 updated | 3 total | 0 available | 3 unavailable"
    [GeneratedRegex(@"^(?<desired>\d+) desired \| (?<updated>\d+) updated \| (?<total>\d+) total \| (?<available>\d+) available \| (?<unavailable>\d+) unavailable")]
    private static partial Regex ReplicasLine();
}
