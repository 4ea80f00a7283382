using System.Text.Json.Nodes;
using Firefighter.SampleGen.Common;

namespace Firefighter.SampleGen.Scenarios;

/// <summary>Bundle (a): api v2.3.1 leaks memory (unbounded response cache), its pods are OOMKilled from 14:22 and crash-loop; v2.2.8 pod stays flat.</summary>
public sealed class OomAfterDeployScenario : IScenario
{
    private const string OldRs = "api-5c9f88d7b5";
    private const string NewRs = "api-6b7ddd89c6";
    private static readonly DateTimeOffset Start = Fmt.T("2024-01-15T11:45:00Z");
    private static readonly DateTimeOffset Deploy = Fmt.T("2024-01-15T12:05:02Z");
    private static readonly DateTimeOffset Capture = Fmt.T("2024-01-15T14:47:30Z");
    private static readonly DateTimeOffset WorkerBlip = Fmt.T("2024-01-15T11:52:06Z");
    private static readonly string OldDigest = ProductionEstate.Digest("api:v2.2.8");
    private static readonly string NewDigest = ProductionEstate.Digest("api:v2.3.1");

    private readonly Det _rng = new(20240115);
    private readonly ProductionEstate _estate;
    private readonly PodState _old;
    private readonly PodState[] _gone;
    private readonly PodState[] _new;

    /// <summary>Creates the scenario with its fixed seed.</summary>
    public OomAfterDeployScenario()
    {
        _estate = new ProductionEstate(Start, Capture, _rng, Fmt.T("2024-01-12T09:30:00Z"));
        _old = OldPod("api-5c9f88d7b5-2kl8n", "node-01", "10.1.1.23", Fmt.T("2024-01-08T12:05:40Z"));
        _gone = [OldPod("api-5c9f88d7b5-8xq4v", "node-02", "10.1.2.41", Fmt.T("2024-01-08T12:06:31Z")), OldPod("api-5c9f88d7b5-tq7wd", "node-04", "10.1.4.19", Fmt.T("2024-01-08T12:07:20Z"))];
        _new =
        [
            NewPod("api-6b7ddd89c6-4x9kl", "node-03", "10.1.3.45", Fmt.T("2024-01-15T12:05:03Z"), Fmt.T("2024-01-15T14:22:45Z"), [40, 35, 32, 30, 28, 27, 26, 25]),
            NewPod("api-6b7ddd89c6-7nm2q", "node-05", "10.1.5.51", Fmt.T("2024-01-15T12:05:51Z"), Fmt.T("2024-01-15T14:22:10Z"), [38, 36, 33, 30, 29, 27, 26, 24]),
        ];
    }

    /// <inheritdoc/>
    public string Name => "oom-after-deploy";

    private static readonly DateTimeOffset[] GoneAt = [Fmt.T("2024-01-15T12:05:45Z"), Fmt.T("2024-01-15T12:06:31Z")];

    private static PodState OldPod(string name, string node, string ip, DateTimeOffset created) => new()
    {
        Name = name,
        Node = node,
        Ip = ip,
        Created = created,
        OwnerKind = "ReplicaSet",
        OwnerName = OldRs,
        ExtraLabels = new Dictionary<string, string> { ["pod-template-hash"] = "5c9f88d7b5" },
    };

    private static PodState NewPod(string name, string node, string ip, DateTimeOffset created, DateTimeOffset firstKill, int[] runs) => new()
    {
        Name = name,
        Node = node,
        Ip = ip,
        Created = created,
        OwnerKind = "ReplicaSet",
        OwnerName = NewRs,
        ExtraLabels = new Dictionary<string, string> { ["pod-template-hash"] = "6b7ddd89c6" },
        Runs = new() { ["api"] = CrashLoop.Schedule(created.AddSeconds(6), firstKill, runs, 137, "OOMKilled") },
    };

    /// <inheritdoc/>
    public void Write(Bundle b)
    {
        WriteIncident(b);
        WriteChanges(b);
        WriteAlerts(b);
        WriteKubernetes(b);
        WriteLogs(b);
        WriteMetrics(b);
    }

    private static void WriteIncident(Bundle b) => b.Text("incident.yaml", """
        title: "API 5xx errors and pods restarting in production"
        start: 2024-01-15T11:45:00Z
        end: 2024-01-15T14:47:30Z
        services: [api]
        namespace: production
        notes: |
          Paged by HighErrorRate (api) at 14:29 UTC. Customers report failed product pages and checkout
          errors in the mobile app. Evidence captured by the on-call engineer at 14:47 before any mitigation.
        captured_at: 2024-01-15T14:47:30Z

        """);

    private static void WriteChanges(Bundle b)
    {
        var deploys = new JsonArray(
            Change("2024-01-08T12:05:02Z", "deploy", "deployment/api", "v2.2.8", "v2.2.7", "ci-bot (merged by j.moreau)", "Release v2.2.8: pagination fix for /v1/orders, dependency bumps"),
            Change("2024-01-12T09:30:11Z", "deploy", "deployment/web", "v5.12.0", "v5.11.3", "ci-bot (merged by p.singh)", "Storefront v5.12.0: new product gallery"),
            Change("2024-01-15T10:31:40Z", "config", "configmap/worker-config", null, null, "m.okafor", "worker: raise BATCH_SIZE 200 -> 250 for the search-index queue"),
            Change("2024-01-15T12:05:02Z", "deploy", "deployment/api", "v2.3.1", "v2.2.8", "ci-bot (merged by a.kowalski)", "Release v2.3.1: response cache for catalog and product endpoints (CacheService with periodic refresh); pipeline pauses the rollout at 2/3 pods for a 4h bake"));
        b.Json("changes/deploys.json", deploys, 2);
    }

    private static JsonObject Change(string time, string kind, string target, string? version, string? previous, string author, string description) => new()
    {
        ["time"] = time,
        ["kind"] = kind,
        ["target"] = target,
        ["namespace"] = ProductionEstate.Ns,
        ["version"] = version,
        ["previous_version"] = previous,
        ["author"] = author,
        ["description"] = description,
    };

    private void WriteAlerts(Bundle b)
    {
        var highError = Alert("HighErrorRate", "critical", "2024-01-15T14:29:40Z",
            new() { ["namespace"] = "production", ["service"] = "api", ["prometheus"] = "monitoring/k8s" },
            "api 5xx ratio is 38.2% (threshold 5%) for 5 minutes", "High HTTP 5xx ratio on api",
            "http://prometheus.monitoring:9090/graph?g0.expr=sum+by+%28service%29+%28rate%28http_requests_total%7Bcode%3D~%225..%22%7D%5B5m%5D%29%29+%2F+sum+by+%28service%29+%28rate%28http_requests_total%5B5m%5D%29%29+%3E+0.05&g0.tab=1",
            "https://runbooks.company.com/api/high-error-rate");
        b.Json("alerts/2024-01-15T1429_HighErrorRate.json", Payload("HighErrorRate", "{}/{severity=\"critical\"}:{alertname=\"HighErrorRate\", namespace=\"production\"}", "pagerduty-critical", [highError]), 2);

        var crash = _new.Select(p => Alert("KubePodCrashLooping", "warning", p.Name.EndsWith("4x9kl", StringComparison.Ordinal) ? "2024-01-15T14:38:12Z" : "2024-01-15T14:37:42Z",
            new()
            {
                ["container"] = "api",
                ["endpoint"] = "http",
                ["instance"] = "10.1.1.5:8080",
                ["job"] = "kube-state-metrics",
                ["namespace"] = "production",
                ["pod"] = p.Name,
                ["prometheus"] = "monitoring/k8s",
                ["reason"] = "CrashLoopBackOff",
                ["service"] = "kube-state-metrics",
                ["uid"] = _estate.Kube.Uid("Pod", p.Name),
            },
            $"Pod production/{p.Name} (api) is in waiting state (reason: \"CrashLoopBackOff\").", "Pod is crash looping.",
            "http://prometheus.monitoring:9090/graph?g0.expr=max_over_time%28kube_pod_container_status_waiting_reason%7Breason%3D%22CrashLoopBackOff%22%2Cjob%3D%22kube-state-metrics%22%7D%5B5m%5D%29+%3E%3D+1&g0.tab=1",
            "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepodcrashlooping")).ToArray();
        b.Json("alerts/2024-01-15T1438_KubePodCrashLooping.json", Payload("KubePodCrashLooping", "{}/{severity=\"warning\"}:{alertname=\"KubePodCrashLooping\", namespace=\"production\"}", "slack-platform", crash), 2);
    }

    /// <summary>One alert of an Alertmanager v4 payload.</summary>
    public static JsonObject Alert(string name, string severity, string startsAt, Dictionary<string, string> labels, string description, string summary, string generatorUrl, string runbook, string? endsAt = null)
    {
        var all = new Dictionary<string, string>(labels) { ["alertname"] = name, ["severity"] = severity };
        return new JsonObject
        {
            ["status"] = endsAt is null ? "firing" : "resolved",
            ["labels"] = Kube.Map(all.OrderBy(kv => kv.Key, StringComparer.Ordinal)),
            ["annotations"] = new JsonObject { ["description"] = description, ["runbook_url"] = runbook, ["summary"] = summary },
            ["startsAt"] = startsAt,
            ["endsAt"] = endsAt ?? "0001-01-01T00:00:00Z",
            ["generatorURL"] = generatorUrl,
            ["fingerprint"] = new Det(Det.Fnv("fp/" + name + string.Join(",", labels.Values))).Hex(16),
        };
    }

    /// <summary>An Alertmanager webhook v4 payload grouping the given alerts.</summary>
    public static JsonObject Payload(string alertname, string groupKey, string receiver, JsonObject[] alerts)
    {
        var common = alerts.Select(a => a["labels"]!.AsObject().Select(kv => (kv.Key, kv.Value!.GetValue<string>())).ToHashSet())
            .Aggregate((x, y) => { x.IntersectWith(y); return x; });
        var commonAnnotations = alerts.Select(a => a["annotations"]!.AsObject().Select(kv => (kv.Key, kv.Value!.GetValue<string>())).ToHashSet())
            .Aggregate((x, y) => { x.IntersectWith(y); return x; });
        var firing = alerts.Any(a => a["status"]!.GetValue<string>() == "firing");
        return new JsonObject
        {
            ["version"] = "4",
            ["groupKey"] = groupKey,
            ["truncatedAlerts"] = 0,
            ["status"] = firing ? "firing" : "resolved",
            ["receiver"] = receiver,
            ["groupLabels"] = new JsonObject { ["alertname"] = alertname, ["namespace"] = common.First(c => c.Key == "namespace").Item2 },
            ["commonLabels"] = Kube.Map(common.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new KeyValuePair<string, string>(c.Key, c.Item2))),
            ["commonAnnotations"] = Kube.Map(commonAnnotations.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new KeyValuePair<string, string>(c.Key, c.Item2))),
            ["externalURL"] = "http://alertmanager.monitoring:9093",
            ["alerts"] = new JsonArray(alerts.Select(a => (JsonNode)a).ToArray()),
        };
    }

    private List<KEvent> Events()
    {
        var ev = new List<KEvent>
        {
            new("Normal", "ScalingReplicaSet", $"Scaled up replica set {NewRs} to 1", "Deployment", "api", null, "deployment-controller", null, Deploy, Deploy),
            new("Normal", "ScalingReplicaSet", $"Scaled down replica set {OldRs} to 2 from 3", "Deployment", "api", null, "deployment-controller", null, GoneAt[0], GoneAt[0]),
            new("Normal", "ScalingReplicaSet", $"Scaled up replica set {NewRs} to 2 from 1", "Deployment", "api", null, "deployment-controller", null, GoneAt[0].AddSeconds(5), GoneAt[0].AddSeconds(5)),
            new("Normal", "ScalingReplicaSet", $"Scaled down replica set {OldRs} to 1 from 2", "Deployment", "api", null, "deployment-controller", null, GoneAt[1], GoneAt[1]),
            new("Normal", "SuccessfulDelete", $"Deleted pod: {_gone[0].Name}", "ReplicaSet", OldRs, null, "replicaset-controller", null, GoneAt[0], GoneAt[0]),
            new("Normal", "SuccessfulDelete", $"Deleted pod: {_gone[1].Name}", "ReplicaSet", OldRs, null, "replicaset-controller", null, GoneAt[1], GoneAt[1]),
            new("Warning", "Unhealthy", $"Readiness probe failed: Get \"http://{_estate.WorkerPods[0].Ip}:8081/ready\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
                "Pod", _estate.WorkerPods[0].Name, "spec.containers{worker}", "kubelet", _estate.WorkerPods[0].Node, WorkerBlip.AddSeconds(8), WorkerBlip.AddSeconds(28), 3),
        };
        for (var i = 0; i < _gone.Length; i++)
        {
            ev.Add(new("Normal", "Killing", "Stopping container api", "Pod", _gone[i].Name, "spec.containers{api}", "kubelet", _gone[i].Node, GoneAt[i], GoneAt[i]));
        }
        foreach (var p in _new)
        {
            ev.AddRange(NewPodEvents(p));
        }
        return ev;
    }

    private IEnumerable<KEvent> NewPodEvents(PodState p)
    {
        var runs = p.RunsOf("api");
        var image = "registry.company.com/api:v2.3.1";
        var field = "spec.containers{api}";
        yield return new("Normal", "SuccessfulCreate", $"Created pod: {p.Name}", "ReplicaSet", NewRs, null, "replicaset-controller", null, p.Created, p.Created);
        yield return new("Normal", "Scheduled", $"Successfully assigned production/{p.Name} to {p.Node}", "Pod", p.Name, null, "default-scheduler", null, p.Created, p.Created);
        yield return new("Normal", "Pulling", $"Pulling image \"{image}\"", "Pod", p.Name, field, "kubelet", p.Node, p.Created.AddSeconds(1), p.Created.AddSeconds(1));
        yield return new("Normal", "Pulled", $"Successfully pulled image \"{image}\" in {4 + (Det.Fnv(p.Name) % 900) / 1000.0:0.000}s ({4 + (Det.Fnv(p.Name) % 900) / 1000.0:0.000}s including waiting)", "Pod", p.Name, field, "kubelet", p.Node, p.Created.AddSeconds(5), p.Created.AddSeconds(5));
        yield return new("Normal", "Created", "Created container api", "Pod", p.Name, field, "kubelet", p.Node, runs[0].Started, runs[^1].Started, runs.Count);
        yield return new("Normal", "Started", "Started container api", "Pod", p.Name, field, "kubelet", p.Node, runs[0].Started, runs[^1].Started, runs.Count);
        yield return new("Normal", "Pulled", $"Container image \"{image}\" already present on machine", "Pod", p.Name, field, "kubelet", p.Node, runs[1].Started, runs[^1].Started, runs.Count - 1);
        var firstUnready = runs[0].Finished!.Value.AddMinutes(-9).AddSeconds(-(int)(Det.Fnv(p.Name) % 20));
        yield return new("Warning", "Unhealthy", $"Readiness probe failed: Get \"http://{p.Ip}:8080/ready\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)",
            "Pod", p.Name, field, "kubelet", p.Node, firstUnready, runs[^2].Finished!.Value.AddSeconds(-4), 23);
        var backoffs = 0;
        for (var i = 1; i < runs.Count; i++)
        {
            backoffs += 1 + ((int)(runs[i].Started - runs[i - 1].Finished!.Value).TotalSeconds / 12);
        }
        backoffs += (int)(Capture - runs[^1].Finished!.Value).TotalSeconds / 12;
        yield return new("Warning", "BackOff", $"Back-off restarting failed container api in pod {p.Name}_production({_estate.Kube.Uid("Pod", p.Name)})",
            "Pod", p.Name, field, "kubelet", p.Node, runs[0].Finished!.Value.AddSeconds(1), Capture.AddSeconds(-7), backoffs);
    }

    private void WriteKubernetes(Bundle b)
    {
        var k = _estate.Kube;
        var oldT = ProductionEstate.Api("v2.2.8", OldDigest);
        var newT = ProductionEstate.Api("v2.3.1", NewDigest);
        var api = k.Deployment("api", newT, 7, Fmt.T("2023-06-12T08:00:00Z"), 3, 2, 1, Deploy, _new[1].RunsOf("api")[0].Started.AddSeconds(40), true, NewRs,
            _new[1].RunsOf("api")[0].Finished!.Value, 14);
        var items = new List<JsonObject>
        {
            api,
            k.ReplicaSet("api", "5c9f88d7b5", oldT, 6, Fmt.T("2024-01-08T12:05:02Z"), 1, 1, 4),
            k.ReplicaSet("api", "6b7ddd89c6", newT, 7, Deploy, 2, 0, 4),
            k.Pod(oldT, _old, _estate.HostIp(_old.Node)),
        };
        items.AddRange(_new.Select(p => k.Pod(newT, p, _estate.HostIp(p.Node))));
        items.AddRange(_estate.SteadyObjects());
        items.AddRange(_estate.Services());
        var pods = items.Where(i => (string?)i["kind"] == "Pod").ToList();
        var rest = items.Where(i => (string?)i["kind"] != "Pod").ToList();
        b.Kube("k8s/get-pods-rs-deploy-svc.json", Kube.List(pods.Concat(rest.Where(i => (string?)i["kind"] == "ReplicaSet")).Concat(rest.Where(i => (string?)i["kind"] == "Deployment")).Concat(rest.Where(i => (string?)i["kind"] == "Service"))));
        b.Kube("k8s/nodes.json", Kube.List(_estate.Nodes.Select(k.Node)));
        b.KubeYaml("k8s/deployment-api.yaml", api);

        var events = Events();
        b.Kube("k8s/events.json", Kube.List(events.OrderBy(e => e.Last).Select(k.Event), "EventList"));
        b.Text("k8s/events.txt", KubectlText.EventsTable(events, Capture));
        var nodeEvents = _new.Select(p => new KEvent("Warning", "OOMKilling",
            $"Memory cgroup out of memory: Killed process {28531 + (int)(Det.Fnv(p.Name) % 900)} (node) total-vm:23147564kB, anon-rss:2091848kB, file-rss:38212kB, shmem-rss:0kB, UID:1000 pgtables:4424kB oom_score_adj:969",
            "Node", p.Node, null, "kernel-monitor", p.Node, p.RunsOf("api")[0].Finished!.Value, p.RunsOf("api")[^1].Finished!.Value, p.RunsOf("api").Count)).ToList();
        b.Kube("k8s/events-nodes.json", Kube.List(nodeEvents.Select(k.Event), "EventList"));

        var target = _new[0];
        var podJson = k.Pod(newT, target, _estate.HostIp(target.Node));
        b.Text($"k8s/describe-{target.Name}.txt", KubectlText.DescribePod(podJson, events.Where(e => e.Kind == "Pod" && e.Name == target.Name), Capture));
    }

    private void WriteLogs(Bundle b)
    {
        OldApiLog(b);
        foreach (var p in _new)
        {
            NewApiLog(b, p);
        }
        foreach (var p in _estate.WebPods)
        {
            _estate.WebLog(b, p);
        }
        _estate.WorkerLog(b, _estate.WorkerPods[0], WorkerBlip);
        _estate.WorkerLog(b, _estate.WorkerPods[1], null);
        var upstreams = new[] { _old.Ip, _new[0].Ip, _new[1].Ip };
        _estate.GatewayLog(b, _estate.GatewayPods[0], upstreams, t =>
        {
            var down = _new.Where(p => !Ready(p, t)).Select(p => p.Ip).ToList();
            if (t < _new[1].RunsOf("api")[0].Finished)
            {
                var stress = t < Fmt.T("2024-01-15T14:08:00Z") ? 0 : 0.01;
                return (0, 0, stress, down);
            }
            return (0.12 + (0.15 * down.Count), 0.05 * down.Count, 0.04, down);
        });
    }

    private static bool Ready(PodState p, DateTimeOffset t)
    {
        var run = CrashLoop.RunAt(p.RunsOf("api"), t);
        return run is not null && t >= run.Started.AddSeconds(10);
    }

    private void OldApiLog(Bundle b)
    {
        var log = new LogBook(_rng.Fork("log/" + _old.Name));
        var r = log.Rng;
        ProductionEstate.ApiNoise(log, Start, Capture, "v2.2.8",
            t => $"cache stats entries=10000 max=10000 hit_ratio={Fmt.F(0.85 + (r.NextDouble() * 0.04), 2)} evictions={r.Next(900, 1700)} heap_used_mb={r.Next(590, 640)}", 1.0);
        // After the new pods fall over, the surviving v2.2.8 pod takes all traffic.
        ProductionEstate.ApiNoise(log, Fmt.T("2024-01-15T14:22:30Z"), Capture, "v2.2.8", _ => $"event loop lag {r.Next(80, 240)}ms under load rps={r.Next(150, 190)}", 3.0);
        b.Lines($"logs/production_{_old.Name}_api.log", log.Render());
    }

    private void NewApiLog(Bundle b, PodState p)
    {
        var log = new LogBook(_rng.Fork("log/" + p.Name));
        var r = log.Rng;
        var runs = p.RunsOf("api");
        var first = runs[0];
        var leakPerSecond = 1_843_221.0 / (first.Finished!.Value - first.Started).TotalSeconds;
        ProductionEstate.ApiStartup(log, first.Started, "v2.3.1", "cache warmup: snapshot cache:snapshot:v2 empty, starting cold");
        ProductionEstate.ApiNoise(log, first.Started.AddSeconds(3), first.Finished.Value.AddSeconds(-40), "v2.3.1", t =>
        {
            var entries = (long)((t - first.Started).TotalSeconds * leakPerSecond);
            var heap = 380 + (int)(1650 * (t - first.Started).TotalSeconds / (first.Finished.Value - first.Started).TotalSeconds);
            return $"cache stats entries={entries} hit_ratio={Fmt.F(0.9 + (r.NextDouble() * 0.05), 2)} evictions=0 refresh_timers={entries} heap_used_mb={heap}";
        }, 1.0);
        // GC pressure before the first kill: slow requests and event-loop lag.
        foreach (var t in log.Ticks(first.Finished.Value.AddMinutes(-14), first.Finished.Value.AddSeconds(-3), 40))
        {
            log.Plain(t, "WARN", $"event loop lag {r.Next(400, 2600)}ms (gc: mark-sweep {r.Next(300, 1900)}ms)");
        }
        foreach (var t in log.Ticks(first.Finished.Value.AddMinutes(-40), first.Finished.Value.AddMinutes(-14), 120))
        {
            log.Plain(t, "INFO", $"cache snapshot saved key=cache:snapshot:v2 entries={(long)((t - first.Started).TotalSeconds * leakPerSecond)}");
        }
        HeapDeath(log, first.Finished.Value, r);
        for (var i = 1; i < runs.Count; i++)
        {
            var run = runs[i];
            ProductionEstate.ApiStartup(log, run.Started, "v2.3.1", $"cache warmup: loading {1_843_221 + (i * r.Next(900, 4000))} entries from snapshot cache:snapshot:v2");
            foreach (var t in log.Ticks(run.Started.AddSeconds(4), run.Finished!.Value.AddSeconds(-6), 4))
            {
                log.Plain(t, "INFO", $"GET {ProductionEstate.ApiPath(r)} 200 {r.Next(300, 2900)}ms req_id={r.Hex(12)}");
            }
            log.Plain(run.Finished.Value.AddSeconds(-5), "WARN", $"event loop lag {r.Next(1800, 4200)}ms (gc: mark-sweep {r.Next(1200, 2400)}ms)");
            HeapDeath(log, run.Finished.Value, r);
        }
        b.Lines($"logs/production_{p.Name}_api.log", log.Render());
    }

    private static void HeapDeath(LogBook log, DateTimeOffset killedAt, Det r)
    {
        var at = killedAt.AddMilliseconds(-r.Next(900, 2200));
        var pid = 1;
        var ms = r.Next(7_000_000, 9_000_000);
        log.Plain(at, "ERROR", $"JavaScript heap out of memory: heap_used_mb={r.Next(2028, 2046)} heap_limit_mb=2048",
            "",
            "<--- Last few GCs --->",
            "",
            $"[{pid}:0x5d4f9a0] {ms} ms: Mark-sweep (reduce) 2040.6 (2083.2) -> 2039.9 (2083.7) MB, {r.Next(1500, 2300)}.2 / 0.0 ms  (average mu = 0.112, current mu = 0.004) allocation failure; scavenge might not succeed",
            $"[{pid}:0x5d4f9a0] {ms + 2100} ms: Mark-sweep (reduce) 2041.0 (2083.7) -> 2040.3 (2084.2) MB, {r.Next(1500, 2300)}.7 / 0.0 ms  (average mu = 0.071, current mu = 0.002) allocation failure; scavenge might not succeed",
            "",
            "",
            "<--- JS stacktrace --->",
            "",
            "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
            " 1: 0xb09c10 node::Abort() [node]",
            " 2: 0xa1c193 node::FatalError(char const*, char const*) [node]",
            " 3: 0xcf8dbe v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, bool) [node]",
            " 4: 0xcf9137 v8::internal::V8::FatalProcessOutOfMemory(v8::internal::Isolate*, char const*, bool) [node]",
            " 5: 0xeb09d5  [node]",
            " 6: 0xec0420 v8::internal::Heap::CollectGarbage(v8::internal::AllocationSpace, v8::internal::GarbageCollectionReason, v8::GCCallbackFlags) [node]",
            " 7: 0xec339e v8::internal::Heap::AllocateRawWithRetryOrFailSlowPath(int, v8::internal::AllocationType, v8::internal::AllocationOrigin, v8::internal::AllocationAlignment) [node]",
            " 8: 0xe848da v8::internal::Factory::NewFillerObject(int, bool, v8::internal::AllocationType, v8::internal::AllocationOrigin) [node]",
            " 9: 0x11fd626 v8::internal::Runtime_AllocateInTargetSpace(int, unsigned long*, v8::internal::Isolate*) [node]",
            "10: 0x15f2099  [node]");
    }

    private void WriteMetrics(Bundle b)
    {
        var s15 = Matrix.Steps(Start, Capture, 15).ToList();
        var s30 = Matrix.Steps(Start, Capture, 30).ToList();

        var mem = new Matrix();
        _estate.SteadyMemory(mem, s15);
        var mr = _rng.Fork("mem/api-old");
        mem.Add(ProductionEstate.CadvisorLabels("container_memory_working_set_bytes", _old, "api"),
            s15.Select(t => (t, (string?)Fmt.I((long)(((743 + (mr.Gaussian() * 4) + (t >= 1705328550 ? 38 : 0)) * ProductionEstate.Mi) + mr.Next(0, 1 << 20))))));
        for (var i = 0; i < _gone.Length; i++)
        {
            var gone = DateTimeOffset.FromUnixTimeSeconds(GoneAt[i].ToUnixTimeSeconds() + 20);
            mem.Add(ProductionEstate.CadvisorLabels("container_memory_working_set_bytes", _gone[i], "api"),
                s15.Select(t => (t, t < gone.ToUnixTimeSeconds() ? (string?)Fmt.I((long)((748 + (mr.Gaussian() * 5)) * ProductionEstate.Mi)) : null)));
        }
        foreach (var p in _new)
        {
            var runs = p.RunsOf("api");
            var r = _rng.Fork("mem/" + p.Name);
            mem.Add(ProductionEstate.CadvisorLabels("container_memory_working_set_bytes", p, "api"), s15.Select(t =>
            {
                var at = DateTimeOffset.FromUnixTimeSeconds(t);
                var run = CrashLoop.RunAt(runs, at);
                if (run is null)
                {
                    return (t, (string?)null);
                }
                var frac = (at - run.Started).TotalSeconds / (run.Finished!.Value - run.Started).TotalSeconds;
                var startMi = run == runs[0] ? 402.0 : 455.0;
                var mi = startMi + ((2046 - startMi) * frac) + (r.Gaussian() * 9) - (r.Chance(0.1) ? r.Next(20, 60) : 0);
                return (t, (string?)Fmt.I((long)(Math.Min(2047.5, Math.Max(300, mi)) * ProductionEstate.Mi)));
            }));
        }
        b.Json("metrics/container_memory_working_set_bytes.json", mem.ToQueryRange(), 0);

        var cpu = new Matrix();
        _estate.SteadyCpu(cpu, s30);
        var cr = _rng.Fork("cpu/api");
        cpu.Add(ProductionEstate.ExprLabels(_old, "api"), s30.Select(t => (t, (string?)Fmt.F(0.11 + (cr.Gaussian() * 0.008), 6))));
        foreach (var p in _new)
        {
            cpu.Add(ProductionEstate.ExprLabels(p, "api"), s30.Select(t =>
                (t, CrashLoop.RunAt(p.RunsOf("api"), DateTimeOffset.FromUnixTimeSeconds(t)) is null ? null : (string?)Fmt.F(0.1 + (cr.Gaussian() * 0.009), 6))));
        }
        b.Json("metrics/container_cpu_usage_cores.json", cpu.ToQueryRange(), 0);

        var restarts = new Matrix();
        _estate.SteadyRestarts(restarts, s30);
        restarts.Add(_estate.KsmLabels(_old, "api"), s30.Select(t => (t, (string?)"0")));
        foreach (var p in _new)
        {
            var runs = p.RunsOf("api");
            restarts.Add(_estate.KsmLabels(p, "api"), s30.Select(t => (t, t < p.Created.ToUnixTimeSeconds() + 10 ? null : (string?)Fmt.I(Math.Max(0, runs.Count(r => r.Started.ToUnixTimeSeconds() <= t) - 1)))));
        }
        b.Json("metrics/kube_pod_container_status_restarts_total.json", restarts.ToQueryRange(), 0);

        var onset = _new.Min(p => p.RunsOf("api")[0].Finished!.Value);
        var hr = _rng.Fork("http");
        var requests = new Matrix();
        var ratio = new Matrix();
        var errShare = new List<(long, double)>();
        foreach (var t in s30)
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(t);
            var down = _new.Count(p => !Ready(p, at));
            var share = at < onset ? (at > Fmt.T("2024-01-15T14:08:00Z") ? 0.006 : 0.0015) : 0.12 + (0.14 * down) + (hr.Gaussian() * 0.015);
            errShare.Add((t, Math.Clamp(share + (hr.Gaussian() * 0.0006), 0.0003, 0.95)));
        }
        var apiRate = s30.Select(t => 182 * ProductionEstate.Daily(t)).ToList();
        foreach (var code in new[] { "200", "201", "404", "500", "502", "503", "504" })
        {
            var weights = code switch { "200" => 0.9, "201" => 0.07, "404" => 0.03, _ => 0.0 };
            requests.Add(new Dictionary<string, string> { ["code"] = code, ["namespace"] = "production", ["service"] = "api" }, errShare.Select((e, i) =>
            {
                var ok = 1 - e.Item2;
                var v = code switch
                {
                    "500" => apiRate[i] * Math.Min(e.Item2, 0.0012),
                    "502" => apiRate[i] * Math.Max(0, e.Item2 - 0.0012) * 0.62,
                    "503" => apiRate[i] * Math.Max(0, e.Item2 - 0.0012) * 0.28,
                    "504" => apiRate[i] * Math.Max(0, e.Item2 - 0.0012) * 0.10,
                    _ => apiRate[i] * ok * weights,
                };
                return (e.Item1, (string?)Fmt.F(Math.Max(0, v * (1 + (hr.Gaussian() * 0.02))), 6));
            }));
        }
        foreach (var code in new[] { "200", "304", "404", "500" })
        {
            var share = code switch { "200" => 0.84, "304" => 0.14, "404" => 0.019, _ => 0.001 };
            requests.Add(new Dictionary<string, string> { ["code"] = code, ["namespace"] = "production", ["service"] = "web" },
                s30.Select(t => (t, (string?)Fmt.F(96 * ProductionEstate.Daily(t) * share * (1 + (hr.Gaussian() * 0.03)), 6))));
        }
        b.Json("metrics/http_requests_rate_by_code.json", requests.ToQueryRange(), 0);

        var smooth = 0.0015;
        ratio.Add(new Dictionary<string, string> { ["namespace"] = "production", ["service"] = "api" }, errShare.Select(e =>
        {
            smooth += (e.Item2 - smooth) * 0.1;
            return (e.Item1, (string?)Fmt.F(smooth, 6));
        }));
        ratio.Add(new Dictionary<string, string> { ["namespace"] = "production", ["service"] = "web" }, s30.Select(t => (t, (string?)Fmt.F(0.001 + (Math.Abs(hr.Gaussian()) * 0.0003), 6))));
        b.Json("metrics/http_5xx_ratio.json", ratio.ToQueryRange(), 0);

        var lat = new Matrix();
        var lr = _rng.Fork("latency");
        lat.Add(new Dictionary<string, string> { ["service"] = "api" }, s30.Select(t =>
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(t);
            var p99 = at < Fmt.T("2024-01-15T14:05:00Z") ? 0.16 : (at < onset ? 0.16 + (0.9 * (at - Fmt.T("2024-01-15T14:05:00Z")).TotalMinutes / 17) : 2.4 + (lr.NextDouble() * 2.2));
            return (t, (string?)Fmt.F(p99 * (1 + (lr.Gaussian() * 0.05)), 4));
        }));
        lat.Add(new Dictionary<string, string> { ["service"] = "web" }, s30.Select(t => (t, (string?)Fmt.F(0.21 * (1 + (lr.Gaussian() * 0.05)), 4))));
        b.Text("metrics/http_request_duration_p99_seconds.csv", lat.ToCsv("http_request_duration_seconds:p99"));
    }
}
