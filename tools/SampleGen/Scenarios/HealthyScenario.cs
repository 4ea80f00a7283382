using System.Text.Json.Nodes;
using Firefighter.SampleGen.Common;

namespace Firefighter.SampleGen.Scenarios;

/// <summary>Bundle (c): the same production estate a week earlier; api rolls v2.2.7 → v2.2.8 cleanly and nothing is wrong.</summary>
public sealed class HealthyScenario : IScenario
{
    private const string OldRs = "api-7f6d5c8b94";
    private const string NewRs = "api-5c9f88d7b5";
    private static readonly DateTimeOffset Start = Fmt.T("2024-01-08T11:45:00Z");
    private static readonly DateTimeOffset Deploy = Fmt.T("2024-01-08T12:05:02Z");
    private static readonly DateTimeOffset Capture = Fmt.T("2024-01-08T14:47:30Z");

    private readonly Det _rng = new(20240108);
    private readonly ProductionEstate _estate;
    private readonly PodState[] _old;
    private readonly PodState[] _new;
    private readonly DateTimeOffset[] _oldGone;

    /// <summary>Creates the scenario with its fixed seed.</summary>
    public HealthyScenario()
    {
        _estate = new ProductionEstate(Start, Capture, _rng, Fmt.T("2024-01-05T10:00:00Z"));
        _new =
        [
            Pod("api-5c9f88d7b5-2kl8n", NewRs, "node-01", "10.1.1.23", Fmt.T("2024-01-08T12:05:40Z")),
            Pod("api-5c9f88d7b5-8xq4v", NewRs, "node-02", "10.1.2.41", Fmt.T("2024-01-08T12:06:31Z")),
            Pod("api-5c9f88d7b5-tq7wd", NewRs, "node-04", "10.1.4.19", Fmt.T("2024-01-08T12:07:20Z")),
        ];
        _old =
        [
            Pod("api-7f6d5c8b94-m2x9r", OldRs, "node-03", "10.1.3.18", Fmt.T("2024-01-02T16:40:11Z")),
            Pod("api-7f6d5c8b94-p4kzt", OldRs, "node-05", "10.1.5.27", Fmt.T("2024-01-02T16:41:02Z")),
            Pod("api-7f6d5c8b94-wq8jd", OldRs, "node-01", "10.1.1.34", Fmt.T("2024-01-02T16:41:50Z")),
        ];
        _oldGone = [_new[0].Created.AddSeconds(48), _new[1].Created.AddSeconds(48), _new[2].Created.AddSeconds(48)];
    }

    /// <inheritdoc/>
    public string Name => "healthy";

    private static PodState Pod(string name, string rs, string node, string ip, DateTimeOffset created) => new()
    {
        Name = name,
        Node = node,
        Ip = ip,
        Created = created,
        OwnerKind = "ReplicaSet",
        OwnerName = rs,
        ExtraLabels = new Dictionary<string, string> { ["pod-template-hash"] = rs[4..] },
    };

    /// <inheritdoc/>
    public void Write(Bundle b)
    {
        b.Text("incident.yaml", """
            title: "Routine check after api v2.2.8 rollout"
            start: 2024-01-08T11:45:00Z
            end: 2024-01-08T14:47:30Z
            services: [api]
            namespace: production
            notes: |
              Post-deploy verification snapshot taken by the release captain; no page, no customer reports.
            captured_at: 2024-01-08T14:47:30Z

            """);
        b.Json("changes/deploys.json", new JsonArray(
            new JsonObject
            {
                ["time"] = "2024-01-02T16:40:05Z",
                ["kind"] = "deploy",
                ["target"] = "deployment/api",
                ["namespace"] = "production",
                ["version"] = "v2.2.7",
                ["previous_version"] = "v2.2.6",
                ["author"] = "ci-bot (merged by a.kowalski)",
                ["description"] = "Release v2.2.7: faster product search",
            },
            new JsonObject
            {
                ["time"] = "2024-01-08T12:05:02Z",
                ["kind"] = "deploy",
                ["target"] = "deployment/api",
                ["namespace"] = "production",
                ["version"] = "v2.2.8",
                ["previous_version"] = "v2.2.7",
                ["author"] = "ci-bot (merged by j.moreau)",
                ["description"] = "Release v2.2.8: pagination fix for /v1/orders, dependency bumps",
            }), 2);
        var throttle = OomAfterDeployScenario.Alert("CPUThrottlingHigh", "info", "2024-01-08T10:02:41Z",
            new() { ["container"] = "worker", ["namespace"] = "production", ["pod"] = _estate.WorkerPods[1].Name, ["prometheus"] = "monitoring/k8s" },
            $"27.4% throttling of CPU in namespace production for container worker in pod {_estate.WorkerPods[1].Name}.", "Processes experience elevated CPU throttling.",
            "http://prometheus.monitoring:9090/graph?g0.expr=sum+by+%28container%2C+pod%2C+namespace%29+%28increase%28container_cpu_cfs_throttled_periods_total%5B5m%5D%29%29+%3E+0.25&g0.tab=1",
            "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/cputhrottlinghigh", "2024-01-08T10:47:41Z");
        b.Json("alerts/2024-01-08T1047_CPUThrottlingHigh_resolved.json",
            OomAfterDeployScenario.Payload("CPUThrottlingHigh", "{}/{severity=\"info\"}:{alertname=\"CPUThrottlingHigh\", namespace=\"production\"}", "slack-platform-info", [throttle]), 2);
        WriteKubernetes(b);
        WriteLogs(b);
        WriteMetrics(b);
    }

    private List<KEvent> Events()
    {
        var ev = new List<KEvent>();
        var image = "registry.company.com/api:v2.2.8";
        for (var i = 0; i < 3; i++)
        {
            var p = _new[i];
            var up = i == 0 ? $"Scaled up replica set {NewRs} to 1" : $"Scaled up replica set {NewRs} to {i + 1} from {i}";
            ev.Add(new("Normal", "ScalingReplicaSet", up, "Deployment", "api", null, "deployment-controller", null, p.Created.AddSeconds(-1), p.Created.AddSeconds(-1)));
            ev.Add(new("Normal", "ScalingReplicaSet", $"Scaled down replica set {OldRs} to {2 - i} from {3 - i}", "Deployment", "api", null, "deployment-controller", null, _oldGone[i], _oldGone[i]));
            ev.Add(new("Normal", "SuccessfulCreate", $"Created pod: {p.Name}", "ReplicaSet", NewRs, null, "replicaset-controller", null, p.Created, p.Created));
            ev.Add(new("Normal", "SuccessfulDelete", $"Deleted pod: {_old[i].Name}", "ReplicaSet", OldRs, null, "replicaset-controller", null, _oldGone[i], _oldGone[i]));
            ev.Add(new("Normal", "Killing", "Stopping container api", "Pod", _old[i].Name, "spec.containers{api}", "kubelet", _old[i].Node, _oldGone[i], _oldGone[i]));
            var field = "spec.containers{api}";
            ev.Add(new("Normal", "Scheduled", $"Successfully assigned production/{p.Name} to {p.Node}", "Pod", p.Name, null, "default-scheduler", null, p.Created, p.Created));
            ev.Add(new("Normal", "Pulling", $"Pulling image \"{image}\"", "Pod", p.Name, field, "kubelet", p.Node, p.Created.AddSeconds(1), p.Created.AddSeconds(1)));
            ev.Add(new("Normal", "Pulled", $"Successfully pulled image \"{image}\" in 3.87{i}s (3.87{i}s including waiting)", "Pod", p.Name, field, "kubelet", p.Node, p.Created.AddSeconds(5), p.Created.AddSeconds(5)));
            ev.Add(new("Normal", "Created", "Created container api", "Pod", p.Name, field, "kubelet", p.Node, p.Created.AddSeconds(11), p.Created.AddSeconds(11)));
            ev.Add(new("Normal", "Started", "Started container api", "Pod", p.Name, field, "kubelet", p.Node, p.Created.AddSeconds(12), p.Created.AddSeconds(12)));
        }
        return ev;
    }

    private void WriteKubernetes(Bundle b)
    {
        var k = _estate.Kube;
        var oldT = ProductionEstate.Api("v2.2.7", ProductionEstate.Digest("api:v2.2.7"));
        var newT = ProductionEstate.Api("v2.2.8", ProductionEstate.Digest("api:v2.2.8"));
        var ready = _new[2].Created.AddSeconds(30);
        var api = k.Deployment("api", newT, 6, Fmt.T("2023-06-12T08:00:00Z"), 3, 3, 3, Deploy, ready, false, NewRs, Fmt.T("2024-01-02T16:42:30Z"), 12);
        var items = new List<JsonObject>();
        items.AddRange(_new.Select(p => k.Pod(newT, p, _estate.HostIp(p.Node))));
        var steady = _estate.SteadyObjects().ToList();
        items.AddRange(steady.Where(o => (string?)o["kind"] == "Pod"));
        items.Add(k.ReplicaSet("api", "7f6d5c8b94", oldT, 5, Fmt.T("2024-01-02T16:40:05Z"), 0, 0, 4));
        items.Add(k.ReplicaSet("api", "5c9f88d7b5", newT, 6, Deploy, 3, 3, 4));
        items.AddRange(steady.Where(o => (string?)o["kind"] == "ReplicaSet"));
        items.Add(api);
        items.AddRange(steady.Where(o => (string?)o["kind"] == "Deployment"));
        items.AddRange(_estate.Services());
        b.Kube("k8s/get-pods-rs-deploy-svc.json", Kube.List(items));
        b.Kube("k8s/nodes.json", Kube.List(_estate.Nodes.Select(k.Node)));
        b.KubeYaml("k8s/deployment-api.yaml", api);
        var events = Events();
        b.Kube("k8s/events.json", Kube.List(events.OrderBy(e => e.Last).Select(k.Event), "EventList"));
        b.Text("k8s/events.txt", KubectlText.EventsTable(events, Capture));
        var target = _new[0];
        b.Text($"k8s/describe-{target.Name}.txt", KubectlText.DescribePod(k.Pod(newT, target, _estate.HostIp(target.Node)), events.Where(e => e.Kind == "Pod" && e.Name == target.Name), Capture));
    }

    private void WriteLogs(Bundle b)
    {
        foreach (var p in _new)
        {
            var log = new LogBook(_rng.Fork("log/" + p.Name));
            var r = log.Rng;
            ProductionEstate.ApiStartup(log, p.Created.AddSeconds(12), "v2.2.8", "cache warmup: LRU cache max=10000 entries, starting cold");
            ProductionEstate.ApiNoise(log, p.Created.AddSeconds(15), Capture, "v2.2.8",
                t => $"cache stats entries={Math.Min(10000, (int)((t - p.Created).TotalSeconds * 9))} max=10000 hit_ratio={Fmt.F(0.85 + (r.NextDouble() * 0.04), 2)} evictions={r.Next(0, 1600)} heap_used_mb={r.Next(590, 640)}", 1.0);
            b.Lines($"logs/production_{p.Name}_api.log", log.Render());
        }
        foreach (var p in _estate.WebPods)
        {
            _estate.WebLog(b, p);
        }
        foreach (var p in _estate.WorkerPods)
        {
            _estate.WorkerLog(b, p, null);
        }
        var upstreams = _new.Select(p => p.Ip).ToArray();
        _estate.GatewayLog(b, _estate.GatewayPods[0], upstreams, _ => (0, 0, 0, Array.Empty<string>()));
    }

    private void WriteMetrics(Bundle b)
    {
        var s15 = Matrix.Steps(Start, Capture, 15).ToList();
        var s30 = Matrix.Steps(Start, Capture, 30).ToList();
        var mem = new Matrix();
        _estate.SteadyMemory(mem, s15);
        var mr = _rng.Fork("mem/api");
        for (var i = 0; i < 3; i++)
        {
            var gone = _oldGone[i].ToUnixTimeSeconds() + 20;
            mem.Add(ProductionEstate.CadvisorLabels("container_memory_working_set_bytes", _old[i], "api"),
                s15.Select(t => (t, t < gone ? (string?)Fmt.I((long)((739 + (mr.Gaussian() * 5)) * ProductionEstate.Mi)) : null)));
            var p = _new[i];
            var born = p.Created.ToUnixTimeSeconds() + 15;
            mem.Add(ProductionEstate.CadvisorLabels("container_memory_working_set_bytes", p, "api"), s15.Select(t =>
            {
                if (t < born)
                {
                    return (t, (string?)null);
                }
                var warm = Math.Min(1.0, (t - born) / 900.0);
                return (t, (string?)Fmt.I((long)((420 + (320 * warm) + (mr.Gaussian() * 5)) * ProductionEstate.Daily(t) * ProductionEstate.Mi)));
            }));
        }
        b.Json("metrics/container_memory_working_set_bytes.json", mem.ToQueryRange(), 0);

        var cpu = new Matrix();
        _estate.SteadyCpu(cpu, s30);
        var cr = _rng.Fork("cpu/api");
        foreach (var p in _new)
        {
            cpu.Add(ProductionEstate.ExprLabels(p, "api"), s30.Select(t => (t, t < p.Created.ToUnixTimeSeconds() + 15 ? null : (string?)Fmt.F(0.11 * ProductionEstate.Daily(t) + (cr.Gaussian() * 0.008), 6))));
        }
        b.Json("metrics/container_cpu_usage_cores.json", cpu.ToQueryRange(), 0);

        var restarts = new Matrix();
        _estate.SteadyRestarts(restarts, s30);
        foreach (var p in _new)
        {
            restarts.Add(_estate.KsmLabels(p, "api"), s30.Select(t => (t, t < p.Created.ToUnixTimeSeconds() + 10 ? null : (string?)"0")));
        }
        b.Json("metrics/kube_pod_container_status_restarts_total.json", restarts.ToQueryRange(), 0);

        var hr = _rng.Fork("http");
        var requests = new Matrix();
        foreach (var (service, rate, codes) in new[]
        {
            ("api", 182.0, new[] { ("200", 0.898), ("201", 0.07), ("404", 0.03), ("500", 0.0015), ("502", 0.0003), ("504", 0.0002) }),
            ("web", 96.0, new[] { ("200", 0.84), ("304", 0.14), ("404", 0.019), ("500", 0.001) }),
        })
        {
            foreach (var (code, share) in codes)
            {
                requests.Add(new Dictionary<string, string> { ["code"] = code, ["namespace"] = "production", ["service"] = service },
                    s30.Select(t => (t, (string?)Fmt.F(rate * ProductionEstate.Daily(t) * share * (1 + (hr.Gaussian() * 0.04)), 6))));
            }
        }
        b.Json("metrics/http_requests_rate_by_code.json", requests.ToQueryRange(), 0);
        var ratio = new Matrix();
        foreach (var (service, baseRatio) in new[] { ("api", 0.002), ("web", 0.001) })
        {
            ratio.Add(new Dictionary<string, string> { ["namespace"] = "production", ["service"] = service },
                s30.Select(t => (t, (string?)Fmt.F(baseRatio + (Math.Abs(hr.Gaussian()) * baseRatio * 0.25), 6))));
        }
        b.Json("metrics/http_5xx_ratio.json", ratio.ToQueryRange(), 0);
        var lat = new Matrix();
        var lr = _rng.Fork("latency");
        foreach (var (service, p99) in new[] { ("api", 0.16), ("web", 0.21) })
        {
            lat.Add(new Dictionary<string, string> { ["service"] = service }, s30.Select(t => (t, (string?)Fmt.F(p99 * ProductionEstate.Daily(t) * (1 + (lr.Gaussian() * 0.05)), 4))));
        }
        b.Text("metrics/http_request_duration_p99_seconds.csv", lat.ToCsv("http_request_duration_seconds:p99"));
    }
}
