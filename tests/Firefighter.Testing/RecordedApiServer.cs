using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Firefighter.Testing;

/// <summary>A Kubernetes API server on loopback that answers list calls from recorded objects, wrapped as the API wraps them
/// (<c>kind: PodList</c>, <c>apiVersion</c>, <c>metadata.resourceVersion</c>, items without kind), with per-resource failures to inject.</summary>
public sealed class RecordedApiServer : IDisposable
{
    // What a real API server serves at each plural (independent of the production resource table, so a wrong path there fails here).
    private static readonly Dictionary<string, (string Kind, string ApiVersion)> Served = new(StringComparer.Ordinal)
    {
        ["pods"] = ("Pod", "v1"),
        ["events"] = ("Event", "v1"),
        ["services"] = ("Service", "v1"),
        ["endpoints"] = ("Endpoints", "v1"),
        ["persistentvolumeclaims"] = ("PersistentVolumeClaim", "v1"),
        ["resourcequotas"] = ("ResourceQuota", "v1"),
        ["serviceaccounts"] = ("ServiceAccount", "v1"),
        ["configmaps"] = ("ConfigMap", "v1"),
        ["secrets"] = ("Secret", "v1"),
        ["nodes"] = ("Node", "v1"),
        ["persistentvolumes"] = ("PersistentVolume", "v1"),
        ["deployments"] = ("Deployment", "apps/v1"),
        ["replicasets"] = ("ReplicaSet", "apps/v1"),
        ["statefulsets"] = ("StatefulSet", "apps/v1"),
        ["daemonsets"] = ("DaemonSet", "apps/v1"),
        ["jobs"] = ("Job", "batch/v1"),
        ["cronjobs"] = ("CronJob", "batch/v1"),
        ["ingresses"] = ("Ingress", "networking.k8s.io/v1"),
        ["networkpolicies"] = ("NetworkPolicy", "networking.k8s.io/v1"),
        ["horizontalpodautoscalers"] = ("HorizontalPodAutoscaler", "autoscaling/v2"),
        ["poddisruptionbudgets"] = ("PodDisruptionBudget", "policy/v1"),
        ["storageclasses"] = ("StorageClass", "storage.k8s.io/v1"),
    };

    private readonly List<JsonObject> _objects;
    private readonly LoopbackListener _http;

    public RecordedApiServer(IEnumerable<JsonObject> objects)
    {
        _objects = objects.ToList();
        _http = new LoopbackListener(Answer);
    }

    public int Port => _http.Port;

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Replaces the answer for one plural (<c>pods</c>) with a status and body, optionally after a delay.</summary>
    public ConcurrentDictionary<string, (int Status, string Body, TimeSpan Delay)> Overrides { get; } = new(StringComparer.Ordinal);

    /// <summary>Container logs served at <c>pods/NAME/log</c>, keyed <c>ns/pod/container</c> (add <c>/previous</c> for <c>?previous=true</c>).</summary>
    public ConcurrentDictionary<string, string> Logs { get; } = new(StringComparer.Ordinal);

    /// <summary>Every request as <c>METHOD path?query</c>.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Authorization headers received.</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>Writes a kubeconfig whose only context points at this server with a bearer token.</summary>
    public string WriteKubeconfig(string dir, string token = "test-token")
    {
        var path = Path.Combine(dir, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: loopback
              cluster:
                server: {Url}
            contexts:
            - name: recorded
              context:
                cluster: loopback
                user: tester
            current-context: recorded
            users:
            - name: tester
              user:
                token: {token}
            """);
        return path;
    }

    /// <summary>A Status body as the API server sends with a refusal.</summary>
    public static string Status(int code, string reason, string message) =>
        new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure", ["message"] = message, ["reason"] = reason, ["code"] = code }.ToJsonString();

    public void Dispose() => _http.Dispose();

    private async Task Answer(HttpListenerContext ctx)
    {
        try
        {
            var path = ctx.Request.Url!.AbsolutePath;
            Requests.Enqueue($"{ctx.Request.HttpMethod} {ctx.Request.Url.PathAndQuery}");
            Authorizations.Enqueue(ctx.Request.Headers["Authorization"] ?? "");
            var segments = path.Trim('/').Split('/');
            var plural = segments[^1];
            string? ns = null;
            var nsAt = Array.IndexOf(segments, "namespaces");
            if (nsAt >= 0 && nsAt + 2 < segments.Length)
            {
                ns = segments[nsAt + 1];
            }
            if (plural == "log" && ns is not null && segments.Length >= 2)
            {
                await AnswerLog(ctx, ns, segments[^2]);
                return;
            }
            if (Overrides.TryGetValue(plural, out var o))
            {
                if (o.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(o.Delay, _http.Stopping);
                }
                await Write(ctx, o.Status, o.Body);
                return;
            }
            if (ctx.Request.HttpMethod != "GET" || !Served.TryGetValue(plural, out var served))
            {
                await Write(ctx, 404, Status(404, "NotFound", $"the server could not find the requested resource ({path})"));
                return;
            }
            var items = new JsonArray();
            foreach (var obj in _objects)
            {
                if (KubeStr(obj["kind"]) != served.Kind || (ns is not null && KubeStr(obj["metadata"]?["namespace"]) != ns))
                {
                    continue;
                }
                var item = (JsonObject)obj.DeepClone();
                item.Remove("kind");
                item.Remove("apiVersion");
                items.Add(item);
            }
            var list = new JsonObject
            {
                ["kind"] = served.Kind + "List",
                ["apiVersion"] = served.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = "123456" },
                ["items"] = items,
            };
            await Write(ctx, 200, list.ToJsonString());
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
        }
    }

    private async Task AnswerLog(HttpListenerContext ctx, string ns, string pod)
    {
        var container = ctx.Request.QueryString["container"] ?? "";
        var previous = ctx.Request.QueryString["previous"] == "true";
        if (Logs.TryGetValue($"{ns}/{pod}/{container}{(previous ? "/previous" : "")}", out var text))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "text/plain";
            ctx.Response.ContentLength64 = bytes.Length;
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
            return;
        }
        if (!previous)
        {
            await Write(ctx, 200, ""); // a container that wrote nothing
            return;
        }
        // What the API server answers when a container never restarted.
        await Write(ctx, 400, Status(400, "BadRequest", $"previous terminated container \"{container}\" in pod \"{pod}\" not found"));
    }

    private static async Task Write(HttpListenerContext ctx, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength64 = bytes.Length;
        await ctx.Response.OutputStream.WriteAsync(bytes);
        ctx.Response.Close();
    }

    private static string? KubeStr(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
