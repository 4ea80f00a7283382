using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Sources.Kubernetes;
using k8s;
using k8s.Autorest;

namespace Firefighter.Sources.Collect;

public sealed partial class BundleCollector
{
    private async Task CollectKubeAsync(KubeApiOptions kube, DateTimeOffset start, DateTimeOffset end, HashSet<string> podsWithLogs, CancellationToken ct)
    {
        var options = kube with { Namespace = Namespace ?? kube.Namespace };
        _progress($"kubernetes: listing {options.Resources.Count} resources {(options.Namespace is null ? "in all namespaces" : "in namespace " + options.Namespace)}");
        var listing = await KubeApiSource.ListAsync(options, ct).ConfigureAwait(false);
        if (listing.Error is not null)
        {
            Record("kubernetes", "list objects", null, "failed", 0, listing.Error);
            return;
        }
        JsonObject? pods = null;
        JsonObject? replicaSets = null;
        foreach (var l in listing.Lists)
        {
            var what = $"list {l.Resource.Qualified} ({listing.Host}{l.Resource.PathFor(options.Namespace)})";
            if (l.List is not { } list)
            {
                Record("kubernetes", what, null, "failed", 0, l.Error);
                continue;
            }
            var items = (JsonArray)list["items"]!;
            var (kept, cut) = Cap(items);
            if (kept.Count == 0)
            {
                Record("kubernetes", what, null, "empty", 0, null);
                continue;
            }
            list["items"] = kept;
            WriteText($"k8s/{l.Resource.Plural}.json", list.ToJsonString(), "kubernetes", what, kept.Count,
                cut > 0 ? "truncated" : "ok", cut > 0 ? $"{cut} objects beyond the cap of {_options.MaxObjectsPerList} left out (objects named by the alert kept first)" : null);
            if (l.Resource.Kind == "Pod")
            {
                pods = list;
            }
            else if (l.Resource.Kind == "ReplicaSet")
            {
                replicaSets = list;
            }
        }
        if (replicaSets is not null)
        {
            WriteRollouts(replicaSets);
        }
        var (client, error) = KubeApiSource.Connect(options);
        if (client is null)
        {
            Record("kubernetes", "container logs", null, "failed", 0, error);
            return;
        }
        using (client)
        {
            await CollectNodeEventsAsync(client, options.Namespace, ct).ConfigureAwait(false);
            if (pods is not null)
            {
                await CollectLogsAsync(client, pods, start, end, podsWithLogs, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Keeps at most the cap of objects: those named by the alert first, then in list order.</summary>
    private (JsonArray Kept, int Cut) Cap(JsonArray items)
    {
        if (items.Count <= _options.MaxObjectsPerList)
        {
            return (items, 0);
        }
        var ordered = items.OfType<JsonObject>().OrderBy(o => InScope(KubeObject.Str(o["metadata"]?["name"]) ?? "") ? 0 : 1).ToList();
        var kept = new JsonArray();
        foreach (var o in ordered.Take(_options.MaxObjectsPerList))
        {
            kept.Add(o.DeepClone());
        }
        return (kept, items.Count - kept.Count);
    }

    /// <summary>Whether an object name belongs to a workload the alert names (<c>api</c> covers <c>api-6b7ddd89c6-4x9kl</c>).</summary>
    private bool InScope(string name) => Workloads.Any(w => name == w || name.StartsWith(w + "-", StringComparison.Ordinal));

    /// <summary>Rollout history from the Deployments' ReplicaSets: each revision's creation is a deploy of its pod template's images.</summary>
    /// <remarks>A rollback reuses an old ReplicaSet, whose creation time is then the first rollout of that template, not the rollback.</remarks>
    private void WriteRollouts(JsonObject replicaSets)
    {
        var revisions = new List<(string Ns, string Deployment, long Revision, string Created, string Images)>();
        foreach (var rs in ((JsonArray)replicaSets["items"]!).OfType<JsonObject>())
        {
            var meta = rs["metadata"] as JsonObject;
            var owner = (meta?["ownerReferences"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(o => KubeObject.Str(o["kind"]) == "Deployment");
            var created = KubeObject.Str(meta?["creationTimestamp"]);
            if (owner is null || created is null)
            {
                continue;
            }
            var revisionText = KubeObject.Str(meta?["annotations"]?["deployment.kubernetes.io/revision"]);
            var revision = long.TryParse(revisionText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? r : 0;
            var images = (rs["spec"]?["template"]?["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>()
                .Select(c => KubeObject.Str(c["image"])).Where(i => i is not null).ToList() ?? [];
            revisions.Add((KubeObject.Str(meta?["namespace"]) ?? "", KubeObject.Str(owner["name"]) ?? "", revision, created, string.Join(",", images)));
        }
        var changes = new JsonArray();
        foreach (var group in revisions.GroupBy(x => (x.Ns, x.Deployment)))
        {
            string? previous = null;
            foreach (var rev in group.OrderBy(x => x.Revision).ThenBy(x => x.Created, StringComparer.Ordinal))
            {
                var change = new JsonObject
                {
                    ["time"] = rev.Created,
                    ["kind"] = "deploy",
                    ["target"] = "deployment/" + rev.Deployment,
                    ["namespace"] = rev.Ns,
                    ["version"] = Version(rev.Images),
                    ["description"] = $"rollout revision {rev.Revision} of deployment/{rev.Deployment}: {rev.Images} (from its ReplicaSet's creation time)",
                };
                if (previous is not null)
                {
                    change["previous_version"] = previous;
                }
                changes.Add(change);
                previous = Version(rev.Images);
            }
        }
        if (changes.Count > 0)
        {
            WriteText("changes/rollouts.json", changes.ToJsonString(), "kubernetes", "rollout history (ReplicaSet revisions of each Deployment)", changes.Count);
        }
    }

    // The image tag names a release best (api:v2.3.1 -> v2.3.1); several containers keep every image.
    private static string Version(string images) =>
        images.Contains(',', StringComparison.Ordinal) ? images
        : images.LastIndexOf(':') is var c and > 0 && c > images.LastIndexOf('/') ? images[(c + 1)..] : images;

    private async Task CollectNodeEventsAsync(k8s.Kubernetes client, string? ns, CancellationToken ct)
    {
        if (ns is null)
        {
            return; // all namespaces were listed, node events with them
        }
        const string what = "list events at cluster scope with fieldSelector involvedObject.kind=Node";
        try
        {
            var list = await client.CoreV1.ListEventForAllNamespacesAsync(fieldSelector: "involvedObject.kind=Node", cancellationToken: ct).ConfigureAwait(false);
            var parsed = JsonNode.Parse(KubernetesJson.Serialize(list)) as JsonObject;
            var items = new JsonArray();
            foreach (var e in (parsed?["items"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                // Servers that ignore the selector (or a proxy that drops it) must not add other namespaces' events.
                if (KubeObject.Str(e["involvedObject"]?["kind"]) == "Node")
                {
                    e["kind"] ??= "Event";
                    e["apiVersion"] ??= "v1";
                    items.Add(e.DeepClone());
                }
            }
            if (items.Count == 0)
            {
                Record("kubernetes", what, null, "empty", 0, null);
                return;
            }
            var doc = new JsonObject { ["kind"] = "EventList", ["apiVersion"] = "v1", ["items"] = items };
            WriteText("k8s/events-nodes.json", doc.ToJsonString(), "kubernetes", what, items.Count);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or k8s.Exceptions.KubernetesClientException or System.Text.Json.JsonException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            Record("kubernetes", what, null, "failed", 0, Describe(e));
        }
    }

    private async Task CollectLogsAsync(k8s.Kubernetes client, JsonObject podList, DateTimeOffset start, DateTimeOffset end, HashSet<string> podsWithLogs, CancellationToken ct)
    {
        var pods = ((JsonArray)podList["items"]!).OfType<JsonObject>()
            .Select(p => (Pod: p, Name: KubeObject.Str(p["metadata"]?["name"]) ?? "", Ns: KubeObject.Str(p["metadata"]?["namespace"]) ?? Namespace ?? "default"))
            .Where(p => p.Name.Length > 0)
            // Pods the alert names first, then the troubled ones (restarts, not ready), then the rest: the cap drops the least telling.
            .OrderBy(p => InScope(p.Name) ? 0 : Troubled(p.Pod) ? 1 : 2).ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToList();
        if (pods.Count > _options.MaxPods)
        {
            Record("kubernetes", "container logs", null, "truncated", pods.Count, $"logs of {pods.Count - _options.MaxPods} pods beyond the cap of {_options.MaxPods} not read");
        }
        var since = (int)Math.Clamp(Math.Ceiling((_time.GetUtcNow() - start).TotalSeconds), 1, int.MaxValue);
        foreach (var p in pods.Take(_options.MaxPods))
        {
            var (pod, name, ns) = (p.Pod, p.Name, p.Ns);
            foreach (var c in (pod["spec"]?["containers"] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                var container = KubeObject.Str(c["name"]);
                if (container is null)
                {
                    continue;
                }
                var restarts = (pod["status"]?["containerStatuses"] as JsonArray)?.OfType<JsonObject>()
                    .Where(s => KubeObject.Str(s["name"]) == container).Select(s => Int(s["restartCount"])).FirstOrDefault() ?? 0;
                if (await ReadLogAsync(client, ns, name, container, false, since, ct).ConfigureAwait(false))
                {
                    podsWithLogs.Add($"{ns}/{name}/{container}");
                }
                if (restarts > 0)
                {
                    await ReadLogAsync(client, ns, name, container, true, null, ct).ConfigureAwait(false);
                }
            }
        }
    }

    private static long Int(JsonNode? n) => n is JsonValue v && v.TryGetValue<long>(out var l) ? l : 0;

    private static bool Troubled(JsonObject pod)
    {
        foreach (var s in (pod["status"]?["containerStatuses"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            if (Int(s["restartCount"]) > 0 || (s["ready"] is JsonValue r && r.TryGetValue<bool>(out var ready) && !ready))
            {
                return true;
            }
        }
        return KubeObject.Str(pod["status"]?["phase"]) is not ("Running" or "Succeeded");
    }

    private async Task<bool> ReadLogAsync(k8s.Kubernetes client, string ns, string pod, string container, bool previous, int? sinceSeconds, CancellationToken ct)
    {
        var what = $"logs {ns}/{pod} -c {container}{(previous ? " --previous" : "")}";
        try
        {
            // The server stops at limitBytes from the window's start; the same cap guards against a server that ignores it.
            await using var stream = await client.CoreV1.ReadNamespacedPodLogAsync(pod, ns, container: container, previous: previous,
                sinceSeconds: previous ? null : sinceSeconds, limitBytes: (int)Math.Min(_options.MaxLogBytes, int.MaxValue), cancellationToken: ct).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
            var sb = new StringBuilder();
            var lines = 0;
            var truncated = false;
            while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
            {
                var (clean, n) = LogRedaction.Scrub(line);
                _manifest.Redactions += n;
                sb.Append(clean).Append('\n');
                lines++;
                if (sb.Length > _options.MaxLogBytes)
                {
                    truncated = true;
                    break;
                }
            }
            if (lines == 0)
            {
                Record("kubernetes", what, null, "empty", 0, null);
                return false;
            }
            return WriteText($"logs/{ns}_{pod}_{container}{(previous ? ".previous" : "")}.log", sb.ToString(), "kubernetes", what, lines,
                truncated ? "truncated" : "ok", truncated ? $"cut at {_options.MaxLogBytes >> 10} KiB" : null);
        }
        catch (HttpOperationException e) when (previous && e.Response.StatusCode == HttpStatusCode.BadRequest)
        {
            // "previous terminated container not found": nothing to read, not a failure.
            Record("kubernetes", what, null, "empty", 0, null);
            return false;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or k8s.Exceptions.KubernetesClientException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            Record("kubernetes", what, null, "failed", 0, Describe(e));
            return false;
        }
    }

    private static string Describe(Exception e) => e switch
    {
        HttpOperationException h => $"HTTP {(int)h.Response.StatusCode} {h.Response.ReasonPhrase}",
        OperationCanceledException => "timed out",
        _ => e.InnerException?.Message ?? e.Message,
    };
}
