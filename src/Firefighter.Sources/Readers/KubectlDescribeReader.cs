using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;
using Firefighter.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Reads <c>kubectl describe pod</c> text under k8s/ into a Pod object (containers, states, restarts, limits, images)
/// and its Events section into events; other kinds contribute their Events section only.</summary>
public sealed class KubectlDescribeReader : IEvidenceReader
{
    /// <inheritdoc />
    public string Kind => "k8s";

    /// <inheritdoc />
    public int Priority => 10; // sniffs "Name:"

    /// <inheritdoc />
    public bool CanRead(BundleFile file) =>
        file.Folder == "k8s" && !StructuredFile.IsStructured(file) && !file.LooksBinary && file.FirstLine.StartsWith("Name:", StringComparison.Ordinal);

    /// <inheritdoc />
    public int Read(BundleFile file, ReadContext context)
    {
        var count = 0;
        var block = new List<(int Line, string Text)>();
        foreach (var entry in TextLines.Read(file, context))
        {
            if (entry.Text.StartsWith("Name:", StringComparison.Ordinal) && block.Count > 0)
            {
                count += ReadBlock(block, file, context);
                block.Clear();
            }
            block.Add(entry);
        }
        if (block.Count > 0)
        {
            count += ReadBlock(block, file, context);
        }
        return count;
    }

    private static int ReadBlock(List<(int Line, string Text)> lines, BundleFile file, ReadContext context)
    {
        var top = new Dictionary<string, string>(StringComparer.Ordinal);
        var labels = new JsonObject();
        var containers = new List<Container>();
        var initContainers = new List<Container>();
        List<Container>? currentList = null;
        Container? current = null;
        string? section = null;
        string? sub = null;
        var eventRows = new List<(int Line, string Text)>();
        foreach (var (line, text) in lines)
        {
            if (text.Trim().Length == 0)
            {
                continue;
            }
            var indent = text.Length - text.TrimStart(' ').Length;
            var (key, value) = SplitKey(text.Trim());
            if (indent == 0)
            {
                section = key;
                sub = null;
                current = null;
                currentList = key switch { "Containers" => containers, "Init Containers" => initContainers, _ => null };
                if (key is not null && value.Length > 0 && !top.ContainsKey(key))
                {
                    top[key] = value;
                }
                if (key == "Labels" && value.Length > 0 && value != "<none>")
                {
                    AddLabel(labels, value);
                }
                continue;
            }
            switch (section)
            {
                case "Labels":
                    AddLabel(labels, text.Trim());
                    break;
                case "Events":
                    eventRows.Add((line, text));
                    break;
                case "Containers" or "Init Containers" when currentList is not null:
                    if (indent == 2 && key is not null && value.Length == 0)
                    {
                        current = new Container(key);
                        currentList.Add(current);
                        sub = null;
                    }
                    else if (current is not null && indent == 4 && key is not null)
                    {
                        sub = key;
                        current.Fields[key] = value;
                    }
                    else if (current is not null && indent >= 6 && key is not null && sub is not null)
                    {
                        current.Sub(sub)[key] = value;
                    }
                    break;
            }
        }

        var name = top.GetValueOrDefault("Name", "");
        var ns = top.GetValueOrDefault("Namespace");
        var headLine = lines[0].Line;
        var isPod = top.ContainsKey("Node") || containers.Count > 0 || top.ContainsKey("IP");
        var kind = isPod ? "Pod" : GuessKind(top);
        var entity = new EntityRef(kind, KubeKinds.IsClusterScoped(kind) ? null : ns ?? context.Incident.Namespace, name);
        var count = 0;
        if (isPod && name.Length > 0)
        {
            var json = BuildPod(top, labels, containers, initContainers);
            context.Evidence.Objects.Add(new KubeObject("Pod", entity.Namespace, name, json, new EvidenceRef(file.Path, headLine)));
            count++;
        }
        count += ReadEvents(eventRows, entity, file, context);
        return count;
    }

    private static int ReadEvents(List<(int Line, string Text)> rows, EntityRef entity, BundleFile file, ReadContext context)
    {
        List<(string Name, int Start)>? columns = null;
        var count = 0;
        foreach (var (line, text) in rows)
        {
            if (columns is null)
            {
                columns = KubectlTable.Columns(text);
                continue;
            }
            if (text.Trim().StartsWith("----", StringComparison.Ordinal))
            {
                continue;
            }
            var ev = KubectlTable.ToEvent(KubectlTable.Cells(text, columns), entity, entity.Namespace, new EvidenceRef(file.Path, line), context, file.Path);
            if (ev is not null)
            {
                context.Evidence.Events.Add(ev);
                count++;
            }
        }
        return count;
    }

    private static JsonObject BuildPod(Dictionary<string, string> top, JsonObject labels, List<Container> containers, List<Container> initContainers)
    {
        var metadata = new JsonObject { ["name"] = top.GetValueOrDefault("Name") };
        if (top.TryGetValue("Namespace", out var ns))
        {
            metadata["namespace"] = ns;
        }
        if (labels.Count > 0)
        {
            metadata["labels"] = labels;
        }
        if (top.TryGetValue("Controlled By", out var owner) && owner.Contains('/', StringComparison.Ordinal))
        {
            var slash = owner.IndexOf('/', StringComparison.Ordinal);
            metadata["ownerReferences"] = new JsonArray(new JsonObject { ["kind"] = owner[..slash], ["name"] = owner[(slash + 1)..], ["controller"] = true });
        }
        var spec = new JsonObject();
        if (top.TryGetValue("Node", out var node) && node != "<none>")
        {
            var slash = node.IndexOf('/', StringComparison.Ordinal);
            spec["nodeName"] = slash > 0 ? node[..slash] : node;
        }
        spec["containers"] = new JsonArray([.. containers.Select(c => (JsonNode)c.Spec())]);
        if (initContainers.Count > 0)
        {
            spec["initContainers"] = new JsonArray([.. initContainers.Select(c => (JsonNode)c.Spec())]);
        }
        var status = new JsonObject();
        if (top.TryGetValue("Status", out var phase))
        {
            var sp = phase.IndexOf(' ', StringComparison.Ordinal);
            status["phase"] = sp > 0 ? phase[..sp] : phase;
        }
        if (top.TryGetValue("Reason", out var reason))
        {
            status["reason"] = reason;
        }
        if (top.TryGetValue("Message", out var message))
        {
            status["message"] = message;
        }
        if (top.TryGetValue("IP", out var ip) && ip.Length > 0)
        {
            status["podIP"] = ip;
        }
        if (top.TryGetValue("QoS Class", out var qos))
        {
            status["qosClass"] = qos;
        }
        if (top.TryGetValue("Start Time", out var start) && Iso(start) is { } startIso)
        {
            status["startTime"] = startIso;
        }
        status["containerStatuses"] = new JsonArray([.. containers.Select(c => (JsonNode)c.Status())]);
        if (initContainers.Count > 0)
        {
            status["initContainerStatuses"] = new JsonArray([.. initContainers.Select(c => (JsonNode)c.Status())]);
        }
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["metadata"] = metadata, ["spec"] = spec, ["status"] = status };
    }

    private static string GuessKind(Dictionary<string, string> top) =>
        top.ContainsKey("StrategyType") ? "Deployment"
        : top.ContainsKey("Taints") || top.ContainsKey("Roles") ? "Node"
        : top.TryGetValue("Controlled By", out var by) && by.StartsWith("Deployment/", StringComparison.Ordinal) ? "ReplicaSet"
        : top.ContainsKey("Completions") ? "Job"
        : top.ContainsKey("StorageClass") && top.ContainsKey("Capacity") ? "PersistentVolumeClaim"
        : "Unknown";

    private static void AddLabel(JsonObject labels, string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            labels[text[..eq]] = text[(eq + 1)..];
        }
    }

    private static (string? Key, string Value) SplitKey(string text)
    {
        // "Restart Count:  8", "Last State:     Terminated", "api:"; a colon inside a value (image refs, URLs) is not a key.
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return (null, text);
        }
        var key = text[..colon];
        if (key.Contains("  ", StringComparison.Ordinal) || key.Contains('/', StringComparison.Ordinal) || key.Contains('=', StringComparison.Ordinal))
        {
            return (null, text);
        }
        var rest = text[(colon + 1)..];
        if (rest.Length > 0 && rest[0] != ' ' && rest[0] != '\t')
        {
            return (null, text);
        }
        return (key, rest.Trim());
    }

    /// <summary>kubectl describe prints RFC 1123 times ("Mon, 15 Jan 2024 14:22:45 +0000"); the Pod JSON wants RFC 3339.</summary>
    private static string? Iso(string text) =>
        Timestamps.TryParse(text, out var t, out _) ? t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : null;

    private sealed class Container(string name)
    {
        private readonly Dictionary<string, Dictionary<string, string>> _subs = new(StringComparer.Ordinal);

        public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Sub(string key)
        {
            if (!_subs.TryGetValue(key, out var d))
            {
                d = new Dictionary<string, string>(StringComparer.Ordinal);
                _subs[key] = d;
            }
            return d;
        }

        public JsonObject Spec()
        {
            var spec = new JsonObject { ["name"] = name };
            if (Fields.TryGetValue("Image", out var image))
            {
                spec["image"] = image;
            }
            var resources = new JsonObject();
            foreach (var part in new[] { "Limits", "Requests" })
            {
                if (_subs.TryGetValue(part, out var values) && values.Count > 0)
                {
                    var obj = new JsonObject();
                    foreach (var (k, v) in values)
                    {
                        obj[k] = v;
                    }
                    resources[part.ToLowerInvariant()] = obj;
                }
            }
            spec["resources"] = resources;
            return spec;
        }

        public JsonObject Status()
        {
            var status = new JsonObject { ["name"] = name };
            if (Fields.TryGetValue("Image", out var image))
            {
                status["image"] = image;
            }
            if (Fields.TryGetValue("Image ID", out var imageId) && imageId.Length > 0)
            {
                status["imageID"] = imageId;
            }
            if (Fields.TryGetValue("Container ID", out var id) && id.Length > 0)
            {
                status["containerID"] = id;
            }
            if (Fields.TryGetValue("Ready", out var ready))
            {
                status["ready"] = ready.Equals("True", StringComparison.OrdinalIgnoreCase);
            }
            if (Fields.TryGetValue("Restart Count", out var rc) && int.TryParse(rc, NumberStyles.None, CultureInfo.InvariantCulture, out var restarts))
            {
                status["restartCount"] = restarts;
            }
            if (State("State") is { } state)
            {
                status["state"] = state;
            }
            if (State("Last State") is { } last)
            {
                status["lastState"] = last;
            }
            return status;
        }

        private JsonObject? State(string key)
        {
            if (!Fields.TryGetValue(key, out var word) || word.Length == 0)
            {
                return null;
            }
            var details = _subs.GetValueOrDefault(key) ?? [];
            var inner = new JsonObject();
            foreach (var (k, v) in details)
            {
                switch (k)
                {
                    case "Reason":
                        inner["reason"] = v;
                        break;
                    case "Message":
                        inner["message"] = v;
                        break;
                    case "Exit Code" when int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code):
                        inner["exitCode"] = code;
                        break;
                    case "Signal" when int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var signal):
                        inner["signal"] = signal;
                        break;
                    case "Started" when Iso(v) is { } s:
                        inner["startedAt"] = s;
                        break;
                    case "Finished" when Iso(v) is { } f:
                        inner["finishedAt"] = f;
                        break;
                }
            }
            return word switch
            {
                "Running" => new JsonObject { ["running"] = inner },
                "Waiting" => new JsonObject { ["waiting"] = inner },
                "Terminated" => new JsonObject { ["terminated"] = inner },
                _ => null,
            };
        }
    }
}
