using System.Text.Json;
using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Reads RabbitMQ cluster status JSON — <c>rabbitmq-diagnostics cluster_status --formatter json</c> (running_nodes, disk_nodes, partitions,
/// alarms), the management API's <c>/api/nodes</c> array (running, partitions, mem_alarm, disk_free_alarm), and the same data wrapped by
/// tool-call recorders (<c>data.nodes</c>, <c>partition_details</c>, <c>raw_node_data</c>) — as one <c>ClusterMembership</c> object
/// (firefighter/v1: <c>spec.product</c>, <c>status.members[]</c> with running and alarms, <c>status.partitions[]</c> with member and unreachable).</summary>
/// <remarks>Recognised in any folder by its keys, whatever the file's extension (recorded tool outputs are often saved as .txt).</remarks>
public sealed class RabbitMqStatusReader : IEvidenceReader
{
    /// <inheritdoc />
    public string Kind => "k8s";

    /// <inheritdoc />
    public int Priority => 10; // sniffs its header

    /// <inheritdoc />
    public bool CanRead(BundleFile file)
    {
        if (file.LooksBinary || file.Folder is "logs" or "traces" or "metrics")
        {
            return false;
        }
        var head = file.HeadText.TrimStart();
        return head.Length > 0 && head[0] is '{' or '[' && head.Contains("rabbit@", StringComparison.Ordinal)
            && (head.Contains("\"partitions\"", StringComparison.Ordinal) || head.Contains("network_partitions_detected", StringComparison.Ordinal) || head.Contains("\"running_nodes\"", StringComparison.Ordinal));
    }

    /// <inheritdoc />
    public int Read(BundleFile file, ReadContext context)
    {
        var text = TextLines.ReadAll(file, context);
        if (text is null)
        {
            return 0;
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            context.Warn(file.Path, (int?)e.LineNumber + 1, "RabbitMQ status: invalid JSON: " + e.Message);
            return 0;
        }
        // Recorders wrap the payload in {"data": ...}.
        var data = root is JsonObject wrapper && wrapper["data"] is JsonObject or JsonArray ? wrapper["data"] : root;
        var members = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var partitions = new List<(string Member, List<string> Unreachable)>();
        var detected = false;

        JsonObject Member(string name)
        {
            if (!members.TryGetValue(name, out var m))
            {
                members[name] = m = new JsonObject { ["name"] = name, ["alarms"] = new JsonArray() };
            }
            return m;
        }

        if (data is JsonArray apiNodes)
        {
            foreach (var n in apiNodes.OfType<JsonObject>())
            {
                ReadNode(n, Member, partitions);
            }
        }
        else if (data is JsonObject obj)
        {
            foreach (var n in obj["nodes"] as JsonArray ?? [])
            {
                if (Str(n?["node"] ?? n?["name"]) is { } name)
                {
                    Member(name)["running"] = Str(n?["running"]) ?? "unknown";
                }
            }
            foreach (var n in obj["raw_node_data"] as JsonArray ?? [])
            {
                if (n is JsonObject o)
                {
                    ReadNode(o, Member, partitions);
                }
            }
            foreach (var p in obj["partition_details"] as JsonArray ?? [])
            {
                if (Str(p?["node"]) is { } reporter)
                {
                    partitions.Add((reporter, Strings(p?["unreachable_nodes"])));
                }
            }
            detected = Str(obj["network_partitions_detected"]) == "true";
            // rabbitmq-diagnostics cluster_status --formatter json
            var running = Strings(obj["running_nodes"]).ToHashSet(StringComparer.Ordinal);
            foreach (var n in Strings(obj["disk_nodes"]).Concat(Strings(obj["ram_nodes"])))
            {
                Member(n)["running"] = running.Contains(n) ? "true" : "false";
            }
            foreach (var n in running)
            {
                Member(n)["running"] = "true";
            }
            if (obj["partitions"] is JsonObject parts)
            {
                foreach (var (reporter, unreachable) in parts)
                {
                    partitions.Add((reporter, Strings(unreachable)));
                }
            }
            foreach (var a in obj["alarms"] as JsonArray ?? [])
            {
                if (Str(a?["node"]) is { } node && Str(a?["resource"] ?? a?["type"]) is { } res)
                {
                    ((JsonArray)Member(node)["alarms"]!).Add(res.Contains("disk", StringComparison.OrdinalIgnoreCase) ? "disk" : "memory");
                }
            }
        }
        if (members.Count == 0)
        {
            context.Warn(file.Path, 1, "RabbitMQ status without nodes; skipped");
            return 0;
        }
        var cluster = Cluster(members.Keys.First());
        var json = new JsonObject
        {
            ["apiVersion"] = "firefighter/v1",
            ["kind"] = "ClusterMembership",
            ["metadata"] = new JsonObject { ["name"] = cluster.Name, ["namespace"] = cluster.Namespace },
            ["spec"] = new JsonObject { ["product"] = "rabbitmq" },
            ["status"] = new JsonObject
            {
                ["members"] = new JsonArray(members.Values.Select(m => (JsonNode)m.DeepClone()).ToArray()),
                ["partitions"] = new JsonArray(partitions.Where(p => p.Unreachable.Count > 0).DistinctBy(p => p.Member)
                    .Select(p => (JsonNode)new JsonObject { ["member"] = p.Member, ["unreachable"] = new JsonArray(p.Unreachable.Select(u => (JsonNode)JsonValue.Create(u)!).ToArray()) }).ToArray()),
                ["partitionDetected"] = detected || partitions.Any(p => p.Unreachable.Count > 0) ? "true" : "false",
            },
        };
        context.Evidence.Objects.Add(new KubeObject("ClusterMembership", cluster.Namespace, cluster.Name, json, new EvidenceRef(file.Path, 1)));
        return 1;
    }

    private static void ReadNode(JsonObject n, Func<string, JsonObject> member, List<(string, List<string>)> partitions)
    {
        if (Str(n["name"] ?? n["node"]) is not { } name)
        {
            return;
        }
        var m = member(name);
        m["running"] = Str(n["running"]) ?? (m["running"] is null ? "unknown" : Str(m["running"]));
        var alarms = (JsonArray)m["alarms"]!;
        if (Str(n["mem_alarm"]) == "true")
        {
            alarms.Add("memory");
            m["memoryUsed"] = Str(n["mem_used"]);
            m["memoryLimit"] = Str(n["mem_limit"]);
        }
        if (Str(n["disk_free_alarm"]) == "true")
        {
            alarms.Add("disk");
            m["diskUsed"] = Str(n["disk_free"]);
            m["diskLimit"] = Str(n["disk_free_limit"]);
        }
        var parts = Strings(n["partitions"]);
        if (parts.Count > 0)
        {
            partitions.Add((name, parts));
        }
    }

    /// <summary>The cluster's name and namespace from a member's host (<c>rabbit@rabbitmq-0.rabbitmq-headless.ns.svc.cluster.local</c> → rabbitmq in ns).</summary>
    private static (string Name, string? Namespace) Cluster(string member)
    {
        var at = member.IndexOf('@', StringComparison.Ordinal);
        var host = at >= 0 ? member[(at + 1)..] : member;
        var labels = host.Split('.');
        var pod = labels[0];
        var dash = pod.LastIndexOf('-');
        var name = dash > 0 && pod[(dash + 1)..].All(char.IsAsciiDigit) ? pod[..dash] : pod;
        var ns = labels.Length >= 3 && (labels.Length == 3 || labels[3] == "svc") ? labels[2] : null;
        return (name, ns);
    }

    private static List<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(Str).OfType<string>().Where(s => s.Length > 0).ToList();

    private static string? Str(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v => v.ToJsonString(),
        _ => null,
    };
}
