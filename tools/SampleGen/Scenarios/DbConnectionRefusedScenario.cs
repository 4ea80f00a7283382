using System.Text.Json.Nodes;
using Firefighter.SampleGen.Common;

namespace Firefighter.SampleGen.Scenarios;

/// <summary>Bundle (b): postgres-0's data volume fills up, postgres PANICs and crash-loops, orders and checkout get "connection refused".</summary>
public sealed class DbConnectionRefusedScenario : IScenario
{
    private const string Ns = "shop";
    private const string PgIp = "10.96.12.34";
    private const double Gi = 1024.0 * 1024 * 1024;
    private const long Capacity = 20_956_397_568;
    private static readonly DateTimeOffset Start = Fmt.T("2024-01-15T10:45:00Z");
    private static readonly DateTimeOffset FrontendDeploy = Fmt.T("2024-01-15T11:02:04Z");
    private static readonly DateTimeOffset DiskFull = Fmt.T("2024-01-15T13:58:40Z");
    private static readonly DateTimeOffset Capture = Fmt.T("2024-01-15T14:25:00Z");

    private readonly Det _rng = new(20240116);
    private readonly Kube _k = new(Ns, Capture);
    private readonly NodeSpec[] _nodes;
    private readonly PodState _pg;
    private readonly Dictionary<string, (PodTemplate Template, string Hash, PodState[] Pods)> _apps = [];

    /// <summary>Creates the scenario with its fixed seed.</summary>
    public DbConnectionRefusedScenario()
    {
        var day0 = Fmt.T("2023-12-04T08:20:00Z");
        _nodes =
        [
            new NodeSpec("ip-10-20-1-17", "10.20.1.17", "eu-central-1a", "m6i.xlarge", 4, 16, "10.21.1.0/24", day0),
            new NodeSpec("ip-10-20-2-41", "10.20.2.41", "eu-central-1b", "m6i.xlarge", 4, 16, "10.21.2.0/24", day0.AddMinutes(2)),
            new NodeSpec("ip-10-20-3-9", "10.20.3.9", "eu-central-1c", "r6i.xlarge", 4, 32, "10.21.3.0/24", day0.AddMinutes(3)),
        ];
        var firstKill = DiskFull.AddSeconds(1);
        _pg = new PodState
        {
            Name = "postgres-0",
            Node = "ip-10-20-3-9",
            Ip = "10.21.3.14",
            Created = Fmt.T("2024-01-10T03:11:47Z"),
            OwnerKind = "StatefulSet",
            OwnerName = "postgres",
            ExtraLabels = new Dictionary<string, string>
            {
                ["apps.kubernetes.io/pod-index"] = "0",
                ["controller-revision-hash"] = "postgres-7c9d4b8f6",
                ["statefulset.kubernetes.io/pod-name"] = "postgres-0",
            },
            Runs = new() { ["postgres"] = CrashLoop.Schedule(Fmt.T("2024-01-10T03:11:58Z"), firstKill, [2, 2, 2, 2, 2, 2, 2, 2, 2], 1, "Error") },
        };
        App("frontend", "v4.18.0", "6c8f7d9b4d", 3000, "node", [("2xkqp", 0, "10.21.1.33", FrontendDeploy.AddSeconds(1)), ("8wlmz", 1, "10.21.2.52", FrontendDeploy.AddSeconds(49))]);
        App("checkout", "v1.9.3", "5f6b8d9c7", 8080, "go", [("fq2ld", 0, "10.21.1.21", Fmt.T("2024-01-11T15:20:31Z")), ("w7k9s", 1, "10.21.2.18", Fmt.T("2024-01-11T15:21:14Z"))]);
        App("orders", "v3.2.0", "7b9c6d5f8", 8080, "go", [("hx4tn", 1, "10.21.2.27", Fmt.T("2024-01-09T10:02:40Z")), ("r2mbc", 2, "10.21.3.22", Fmt.T("2024-01-09T10:03:19Z"))]);
        App("catalog", "v2.6.1", "64d8f7b9c5", 8080, "go", [("9kzvq", 0, "10.21.1.40", Fmt.T("2024-01-13T16:21:02Z")), ("tt6pd", 2, "10.21.3.31", Fmt.T("2024-01-13T16:21:40Z"))]);
    }

    /// <inheritdoc/>
    public string Name => "db-connection-refused";

    private void App(string name, string version, string hash, int port, string kind, (string Suffix, int Node, string Ip, DateTimeOffset Created)[] pods)
    {
        var env = new List<EnvVar> { new("PORT", Fmt.I(port)), new("LOG_FORMAT", "json") };
        if (name is "orders" or "checkout")
        {
            env.Add(new EnvVar("DATABASE_URL", Secret: name + "-db", Key: "dsn"));
        }
        if (name is "checkout")
        {
            env.Add(new EnvVar("ORDERS_URL", "http://orders.shop.svc.cluster.local:8080"));
        }
        if (name is "frontend")
        {
            env.Add(new EnvVar("CHECKOUT_URL", "http://checkout.shop.svc.cluster.local:8080"));
            env.Add(new EnvVar("CATALOG_URL", "http://catalog.shop.svc.cluster.local:8080"));
        }
        var t = new PodTemplate
        {
            Labels = new Dictionary<string, string> { ["app"] = name, ["app.kubernetes.io/part-of"] = "shop", ["version"] = version },
            ServiceAccount = name,
            Containers =
            [
                new ContainerSpec
                {
                    Name = name, Image = $"ghcr.io/acme-shop/{name}:{version}", Digest = new Det(Det.Fnv("d/" + name + version)).Hex(64), Port = port,
                    CpuRequest = "100m", MemoryRequest = kind == "node" ? "256Mi" : "128Mi", CpuLimit = "1", MemoryLimit = kind == "node" ? "512Mi" : "256Mi",
                    Liveness = new Probe("http", "/healthz", port, 10, 1, 10, 3),
                    Readiness = new Probe("http", "/readyz", port, 3, 1, 5, 3),
                    Env = env,
                    EnvFromConfigMaps = [name + "-config"],
                },
            ],
        };
        var states = pods.Select(p => new PodState
        {
            Name = $"{name}-{hash}-{p.Suffix}",
            Node = _nodes[p.Node].Name,
            Ip = p.Ip,
            Created = p.Created,
            OwnerKind = "ReplicaSet",
            OwnerName = $"{name}-{hash}",
            ExtraLabels = new Dictionary<string, string> { ["pod-template-hash"] = hash },
        }).ToArray();
        _apps[name] = (t, hash, states);
    }

    private static PodTemplate Postgres => new()
    {
        Labels = new Dictionary<string, string> { ["app"] = "postgres", ["app.kubernetes.io/part-of"] = "shop" },
        Annotations = new Dictionary<string, string> { ["prometheus.io/port"] = "9187", ["prometheus.io/scrape"] = "true" },
        ServiceAccount = "postgres",
        Grace = 120,
        Claims = [("data", "data-postgres-0")],
        Containers =
        [
            new ContainerSpec
            {
                Name = "postgres", Image = "docker.io/library/postgres:15.5", Digest = new Det(Det.Fnv("d/pg15.5")).Hex(64), Port = 5432, PortName = "postgresql",
                CpuRequest = "500m", MemoryRequest = "2Gi", CpuLimit = "2", MemoryLimit = "4Gi",
                Liveness = new Probe("exec", "pg_isready -U postgres -h 127.0.0.1 -p 5432", 5432, 30, 5, 10, 6),
                Readiness = new Probe("exec", "pg_isready -U postgres -h 127.0.0.1 -p 5432", 5432, 5, 5, 10, 6),
                Env = [new EnvVar("POSTGRES_PASSWORD", Secret: "postgres-auth", Key: "password"), new EnvVar("PGDATA", "/var/lib/postgresql/data/pgdata")],
                Mounts = [new Mount("/var/lib/postgresql/data", "data", false)],
            },
            new ContainerSpec
            {
                Name = "metrics", Image = "quay.io/prometheuscommunity/postgres-exporter:v0.15.0", Digest = new Det(Det.Fnv("d/pgexp")).Hex(64), Port = 9187, PortName = "metrics",
                CpuRequest = "50m", MemoryRequest = "64Mi", MemoryLimit = "128Mi",
                Env = [new EnvVar("DATA_SOURCE_NAME", Secret: "postgres-exporter", Key: "dsn")],
            },
        ],
    };

    /// <inheritdoc/>
    public void Write(Bundle b)
    {
        b.Text("incident.yaml", """
            title: "Checkout failing: orders and checkout return 5xx"
            start: 2024-01-15T10:45:00Z
            end: 2024-01-15T14:25:00Z
            services: [checkout, orders]
            namespace: shop
            notes: |
              Support escalated at 14:08 UTC: customers cannot place orders. Browsing the catalog still works.
            captured_at: 2024-01-15T14:25:00Z

            """);
        b.Json("changes/deploys.json", new JsonArray(
            Change("2024-01-09T10:02:31Z", "deploy", "deployment/orders", "v3.2.0", "v3.1.4", "ci (merged by l.fischer)", "orders v3.2.0: idempotency keys for POST /v1/orders"),
            Change("2024-01-11T15:20:22Z", "deploy", "deployment/checkout", "v1.9.3", "v1.9.2", "ci (merged by r.haddad)", "checkout v1.9.3: retry budget for payment provider"),
            Change("2024-01-13T16:20:48Z", "config", "configmap/catalog-config", null, null, "e.nakamura", "catalog: SEARCH_SYNONYMS=true, cache TTL 300s -> 600s"),
            Change("2024-01-15T11:02:04Z", "deploy", "deployment/frontend", "v4.18.0", "v4.17.2", "ci (merged by s.ivanova)", "frontend v4.18.0: new mini-cart, image CDN switch")), 2);
        WriteAlerts(b);
        WriteKubernetes(b);
        WriteLogs(b);
        WriteMetrics(b);
    }

    private static JsonObject Change(string time, string kind, string target, string? version, string? previous, string author, string description) => new()
    {
        ["time"] = time,
        ["kind"] = kind,
        ["target"] = target,
        ["namespace"] = Ns,
        ["version"] = version,
        ["previous_version"] = previous,
        ["author"] = author,
        ["description"] = description,
    };

    private static void WriteAlerts(Bundle b)
    {
        var pvcLabels = new Dictionary<string, string> { ["namespace"] = Ns, ["persistentvolumeclaim"] = "data-postgres-0", ["job"] = "kubelet", ["metrics_path"] = "/metrics", ["prometheus"] = "monitoring/k8s", ["service"] = "kubelet" };
        var warning = OomAfterDeployScenario.Alert("KubePersistentVolumeFillingUp", "warning", "2024-01-15T12:36:10Z", pvcLabels,
            "Based on recent sampling, the PersistentVolume claimed by data-postgres-0 in Namespace shop is expected to fill up within four days. Currently 14.02% is available.",
            "PersistentVolume is filling up.", "http://prometheus.monitoring:9090/graph?g0.expr=kubelet_volume_stats_available_bytes%7Bjob%3D%22kubelet%22%7D+%2F+kubelet_volume_stats_capacity_bytes+%3C+0.15&g0.tab=1",
            "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepersistentvolumefillingup");
        var critical = OomAfterDeployScenario.Alert("KubePersistentVolumeFillingUp", "critical", "2024-01-15T13:53:40Z", pvcLabels,
            "The PersistentVolume claimed by data-postgres-0 in Namespace shop is only 2.61% free.",
            "PersistentVolume is filling up.", "http://prometheus.monitoring:9090/graph?g0.expr=kubelet_volume_stats_available_bytes%7Bjob%3D%22kubelet%22%7D+%2F+kubelet_volume_stats_capacity_bytes+%3C+0.03&g0.tab=1",
            "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubepersistentvolumefillingup");
        b.Json("alerts/2024-01-15T1353_KubePersistentVolumeFillingUp.json", OomAfterDeployScenario.Payload("KubePersistentVolumeFillingUp",
            "{}/{}:{alertname=\"KubePersistentVolumeFillingUp\", namespace=\"shop\"}", "slack-platform", [warning, critical]), 2);
        var down = OomAfterDeployScenario.Alert("PostgresqlDown", "critical", "2024-01-15T13:59:25Z",
            new() { ["namespace"] = Ns, ["instance"] = "10.21.3.14:9187", ["job"] = "postgres-exporter", ["pod"] = "postgres-0", ["prometheus"] = "monitoring/k8s" },
            "Postgresql instance is down\n  VALUE = 0\n  LABELS = map[instance:10.21.3.14:9187 job:postgres-exporter namespace:shop pod:postgres-0]", "Postgresql down (instance 10.21.3.14:9187)",
            "http://prometheus.monitoring:9090/graph?g0.expr=pg_up+%3D%3D+0&g0.tab=1", "https://runbooks.company.com/postgres/down");
        b.Json("alerts/2024-01-15T1359_PostgresqlDown.json", OomAfterDeployScenario.Payload("PostgresqlDown", "{}/{severity=\"critical\"}:{alertname=\"PostgresqlDown\", namespace=\"shop\"}", "pagerduty-critical", [down]), 2);
        var err = OomAfterDeployScenario.Alert("HighErrorRate", "critical", "2024-01-15T14:04:10Z",
            new() { ["namespace"] = Ns, ["service"] = "checkout", ["prometheus"] = "monitoring/k8s" },
            "checkout 5xx ratio is 71.4% (threshold 5%) for 5 minutes", "High HTTP 5xx ratio on checkout",
            "http://prometheus.monitoring:9090/graph?g0.expr=sum+by+%28service%29+%28rate%28http_requests_total%7Bcode%3D~%225..%22%7D%5B5m%5D%29%29+%2F+sum+by+%28service%29+%28rate%28http_requests_total%5B5m%5D%29%29+%3E+0.05&g0.tab=1",
            "https://runbooks.company.com/shop/high-error-rate");
        b.Json("alerts/2024-01-15T1404_HighErrorRate.json", OomAfterDeployScenario.Payload("HighErrorRate", "{}/{severity=\"critical\"}:{alertname=\"HighErrorRate\", namespace=\"shop\"}", "pagerduty-critical", [err]), 2);
    }

    private List<KEvent> Events()
    {
        var ev = new List<KEvent>();
        var fe = _apps["frontend"];
        var oldRs = "frontend-79d8c5f6b7";
        string[] oldPods = ["frontend-79d8c5f6b7-kq5xn", "frontend-79d8c5f6b7-zr2vd"];
        for (var i = 0; i < 2; i++)
        {
            var p = fe.Pods[i];
            var gone = p.Created.AddSeconds(46);
            var field = "spec.containers{frontend}";
            var image = fe.Template.Containers[0].Image;
            ev.Add(new("Normal", "ScalingReplicaSet", i == 0 ? "Scaled up replica set frontend-6c8f7d9b4d to 1" : "Scaled up replica set frontend-6c8f7d9b4d to 2 from 1", "Deployment", "frontend", null, "deployment-controller", null, p.Created.AddSeconds(-1), p.Created.AddSeconds(-1)));
            ev.Add(new("Normal", "SuccessfulCreate", $"Created pod: {p.Name}", "ReplicaSet", "frontend-6c8f7d9b4d", null, "replicaset-controller", null, p.Created, p.Created));
            ev.Add(new("Normal", "Scheduled", $"Successfully assigned shop/{p.Name} to {p.Node}", "Pod", p.Name, null, "default-scheduler", null, p.Created, p.Created));
            ev.Add(new("Normal", "Pulling", $"Pulling image \"{image}\"", "Pod", p.Name, field, "kubelet", p.Node, p.Created.AddSeconds(1), p.Created.AddSeconds(1)));
            ev.Add(new("Normal", "Pulled", $"Successfully pulled image \"{image}\" in 6.31{i}s (6.31{i}s including waiting)", "Pod", p.Name, field, "kubelet", p.Node, p.Created.AddSeconds(8), p.Created.AddSeconds(8)));
            ev.Add(new("Normal", "Created", "Created container frontend", "Pod", p.Name, field, "kubelet", p.Node, p.Created.AddSeconds(8), p.Created.AddSeconds(8)));
            ev.Add(new("Normal", "Started", "Started container frontend", "Pod", p.Name, field, "kubelet", p.Node, p.Created.AddSeconds(9), p.Created.AddSeconds(9)));
            ev.Add(new("Normal", "ScalingReplicaSet", $"Scaled down replica set {oldRs} to {1 - i} from {2 - i}", "Deployment", "frontend", null, "deployment-controller", null, gone, gone));
            ev.Add(new("Normal", "SuccessfulDelete", $"Deleted pod: {oldPods[i]}", "ReplicaSet", oldRs, null, "replicaset-controller", null, gone, gone));
            ev.Add(new("Normal", "Killing", "Stopping container frontend", "Pod", oldPods[i], field, "kubelet", _nodes[i].Name, gone, gone));
        }
        var runs = _pg.RunsOf("postgres");
        var f = "spec.containers{postgres}";
        ev.Add(new("Normal", "Pulled", "Container image \"docker.io/library/postgres:15.5\" already present on machine", "Pod", "postgres-0", f, "kubelet", _pg.Node, runs[1].Started, runs[^1].Started, runs.Count - 1));
        ev.Add(new("Normal", "Created", "Created container postgres", "Pod", "postgres-0", f, "kubelet", _pg.Node, runs[1].Started, runs[^1].Started, runs.Count - 1));
        ev.Add(new("Normal", "Started", "Started container postgres", "Pod", "postgres-0", f, "kubelet", _pg.Node, runs[1].Started, runs[^1].Started, runs.Count - 1));
        ev.Add(new("Warning", "Unhealthy", "Readiness probe failed: 127.0.0.1:5432 - no response", "Pod", "postgres-0", f, "kubelet", _pg.Node, DiskFull.AddSeconds(4), runs[^1].Started.AddSeconds(2), 41));
        ev.Add(new("Warning", "BackOff", "Back-off restarting failed container postgres in pod postgres-0_shop(" + _k.Uid("Pod", "postgres-0") + ")", "Pod", "postgres-0", f, "kubelet", _pg.Node, runs[0].Finished!.Value.AddSeconds(1), Capture.AddSeconds(-11), 117));
        return ev;
    }

    private void WriteKubernetes(Bundle b)
    {
        var items = new List<JsonObject>();
        var rs = new List<JsonObject>();
        var deployments = new List<JsonObject>();
        foreach (var (name, (t, hash, pods)) in _apps)
        {
            items.AddRange(pods.Select(p => _k.Pod(t, p, _nodes.First(n => n.Name == p.Node).Ip)));
            var rev = name switch { "frontend" => 23, "checkout" => 11, "orders" => 17, _ => 8 };
            var created = pods.Min(p => p.Created).AddSeconds(-1);
            rs.Add(_k.ReplicaSet(name, hash, t, rev, created, 2, 2, 3));
            if (name == "frontend")
            {
                var prev = new PodTemplate
                {
                    Labels = new Dictionary<string, string>(t.Labels) { ["version"] = "v4.17.2" },
                    ServiceAccount = t.ServiceAccount,
                    Containers = [new ContainerSpec
                {
                    Name = "frontend", Image = "ghcr.io/acme-shop/frontend:v4.17.2", Digest = new Det(Det.Fnv("d/fe4172")).Hex(64), Port = 3000,
                    CpuRequest = "100m", MemoryRequest = "256Mi", CpuLimit = "1", MemoryLimit = "512Mi", Liveness = t.Containers[0].Liveness, Readiness = t.Containers[0].Readiness,
                    Env = t.Containers[0].Env, EnvFromConfigMaps = t.Containers[0].EnvFromConfigMaps,
                }]
                };
                rs.Add(_k.ReplicaSet(name, "79d8c5f6b7", prev, rev - 1, Fmt.T("2024-01-10T09:12:40Z"), 0, 0, 3));
            }
            var ready = pods.Max(p => p.Created).AddSeconds(25);
            deployments.Add(_k.Deployment(name, t, rev, Fmt.T("2023-09-04T12:00:00Z"), 2, 2, 2, created, ready, false, name + "-" + hash, ready, rev + 2));
        }
        var pg = Postgres;
        var pgPod = _k.Pod(pg, _pg, _nodes[2].Ip);
        items.Add(pgPod);
        var sts = _k.StatefulSet("postgres", pg, Fmt.T("2023-09-04T12:00:00Z"), 1, 0, "7c9d4b8f6", "data", "20Gi", "gp3");
        var services = new[]
        {
            _k.Service("frontend", "frontend", "10.96.88.10", 80, "http", Fmt.T("2023-09-04T12:00:00Z")),
            _k.Service("checkout", "checkout", "10.96.40.201", 8080, "http", Fmt.T("2023-09-04T12:00:00Z")),
            _k.Service("orders", "orders", "10.96.33.57", 8080, "http", Fmt.T("2023-09-04T12:00:00Z")),
            _k.Service("catalog", "catalog", "10.96.61.145", 8080, "http", Fmt.T("2023-09-04T12:00:00Z")),
            _k.Service("postgres", "postgres", PgIp, 5432, "postgresql", Fmt.T("2023-09-04T12:00:00Z"), "postgresql"),
            _k.Service("postgres-headless", "postgres", "None", 5432, "postgresql", Fmt.T("2023-09-04T12:00:00Z"), "postgresql"),
        };
        b.Kube("k8s/get-all.json", Kube.List(items.Concat(rs).Concat(deployments).Append(sts).Concat(services)));
        b.Kube("k8s/pvc.json", Kube.List([_k.Pvc("data-postgres-0", "postgres", "20Gi", "gp3", Fmt.T("2023-09-04T12:00:20Z"))]));
        b.Kube("k8s/nodes.json", Kube.List(_nodes.Select(_k.Node)));
        b.KubeYaml("k8s/statefulset-postgres.yaml", sts);
        var events = Events();
        b.Kube("k8s/events.json", Kube.List(events.OrderBy(e => e.Last).Select(_k.Event), "EventList"));
        b.Text("k8s/events.txt", KubectlText.EventsTable(events, Capture));
        b.Text("k8s/describe-postgres-0.txt", KubectlText.DescribePod(pgPod, events.Where(e => e.Kind == "Pod" && e.Name == "postgres-0"), Capture));
    }

    private void WriteLogs(Bundle b)
    {
        PostgresLog(b);
        foreach (var p in _apps["orders"].Pods)
        {
            OrdersLog(b, p);
        }
        foreach (var p in _apps["checkout"].Pods)
        {
            CheckoutLog(b, p);
        }
        foreach (var p in _apps["frontend"].Pods)
        {
            FrontendLog(b, p);
        }
        var cat = _apps["catalog"].Pods;
        CatalogLog(b, cat[0], gz: true);
        CatalogLog(b, cat[1], gz: false);
    }

    private void PostgresLog(Bundle b)
    {
        var log = new LogBook(_rng.Fork("log/postgres-0"));
        var r = log.Rng;
        void Pg(DateTimeOffset t, int pid, string level, string msg) => log.Cri(t, "stderr", $"{Fmt.Pg(t)} [{pid}] {level}:  {msg}");
        foreach (var t in log.Ticks(Start, DiskFull, 300))
        {
            var pid = 64;
            Pg(t, pid, "LOG", "checkpoint starting: time");
            var wrote = r.Next(1200, 3400);
            Pg(t.AddSeconds(r.Next(150, 240)), pid, "LOG", $"checkpoint complete: wrote {wrote} buffers ({Fmt.F(wrote / 163.84, 1)}%); 0 WAL file(s) added, 0 removed, {r.Next(0, 2)} recycled; write={Fmt.F(150 + (r.NextDouble() * 80), 3)} s, sync=0.00{r.Next(1, 9)} s, total={Fmt.F(150 + (r.NextDouble() * 80), 3)} s; sync files={r.Next(30, 60)}, longest=0.002 s, average=0.001 s; distance={r.Next(38000, 52000)} kB, estimate={r.Next(41000, 50000)} kB");
        }
        foreach (var t in log.Ticks(Start, DiskFull, 420))
        {
            Pg(t, r.Next(20000, 30000), "LOG", $"automatic vacuum of table \"shop.public.{r.Pick(["orders", "order_items", "carts", "payments"])}\": index scans: 1");
        }
        foreach (var t in log.Ticks(Start, DiskFull, 240))
        {
            Pg(t, r.Next(20000, 30000), "LOG", $"duration: {Fmt.F(1000 + (r.NextDouble() * 900), 3)} ms  statement: SELECT o.id, o.status, o.total_cents FROM orders o WHERE o.customer_id = $1 ORDER BY o.created_at DESC LIMIT 50");
        }
        foreach (var t in log.Ticks(Start, DiskFull, 900))
        {
            Pg(t, r.Next(20000, 30000), "LOG", "could not receive data from client: Connection reset by peer");
        }
        var walPid = 67;
        Pg(DiskFull, walPid, "PANIC", $"could not write to file \"pg_wal/xlogtemp.{walPid}\": No space left on device");
        Pg(DiskFull.AddMilliseconds(12), 1, "LOG", $"WAL writer process (PID {walPid}) was terminated by signal 6: Aborted");
        Pg(DiskFull.AddMilliseconds(12), 1, "LOG", "terminating any other active server processes");
        Pg(DiskFull.AddMilliseconds(31), 1, "LOG", "all server processes terminated; reinitializing");
        Startup(DiskFull.AddMilliseconds(120), 1, true);
        var runs = _pg.RunsOf("postgres");
        for (var i = 1; i < runs.Count; i++)
        {
            Startup(runs[i].Started, i + 1, false);
        }
        b.Lines("logs/shop_postgres-0_postgres.log", log.Render());

        void Startup(DateTimeOffset t, int n, bool reinit)
        {
            var pid = 20 + (n * 7);
            if (!reinit)
            {
                log.Cri(t, "stdout", "");
                log.Cri(t, "stdout", "PostgreSQL Database directory appears to contain a database; Skipping initialization");
                log.Cri(t, "stdout", "");
                Pg(t.AddMilliseconds(90), 1, "LOG", "starting PostgreSQL 15.5 (Debian 15.5-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit");
                Pg(t.AddMilliseconds(91), 1, "LOG", "listening on IPv4 address \"0.0.0.0\", port 5432");
                Pg(t.AddMilliseconds(91), 1, "LOG", "listening on IPv6 address \"::\", port 5432");
                Pg(t.AddMilliseconds(95), 1, "LOG", "listening on Unix socket \"/var/run/postgresql/.s.PGSQL.5432\"");
            }
            Pg(t.AddMilliseconds(110), pid, "LOG", "database system was interrupted; last known up at 2024-01-15 13:55:12 UTC");
            Pg(t.AddMilliseconds(240), pid, "LOG", "database system was not properly shut down; automatic recovery in progress");
            Pg(t.AddMilliseconds(251), pid, "LOG", "redo starts at 4/A1000028");
            Pg(t.AddMilliseconds(880), pid, "LOG", "redo done at 4/AFFFFF38 system usage: CPU: user: 0.41 s, system: 0.19 s, elapsed: 0.62 s");
            Pg(t.AddMilliseconds(903), pid, "PANIC", $"could not write to file \"pg_wal/xlogtemp.{pid}\": No space left on device");
            Pg(t.AddMilliseconds(1100), 1, "LOG", $"startup process (PID {pid}) was terminated by signal 6: Aborted");
            Pg(t.AddMilliseconds(1100), 1, "LOG", "aborting startup due to startup process failure");
            Pg(t.AddMilliseconds(1130), 1, "LOG", "database system is shut down");
        }
    }

    private static bool DbUp(DateTimeOffset t) => t < DiskFull;

    private void OrdersLog(Bundle b, PodState p)
    {
        var log = new LogBook(_rng.Fork("log/" + p.Name));
        var r = log.Rng;
        foreach (var t in log.Ticks(Start, Capture, 26))
        {
            var create = r.Chance(0.35);
            var route = create ? "/v1/orders" : $"/v1/orders/{r.Next(100000, 999999)}";
            if (DbUp(t))
            {
                log.Json(t, "info", "request", ("method", create ? "POST" : "GET"), ("path", route), ("status", create ? 201 : 200), ("duration_ms", r.Next(3, 60)), ("trace_id", r.Hex(32)));
            }
            else
            {
                log.Json(t, "error", "query failed", ("op", create ? "orders.Create" : "orders.Get"), ("error", $"dial tcp {PgIp}:5432: connect: connection refused"), ("db", "postgres.shop.svc.cluster.local:5432"));
                log.Json(t.AddMilliseconds(2), "info", "request", ("method", create ? "POST" : "GET"), ("path", route), ("status", 503), ("duration_ms", r.Next(1, 4)), ("trace_id", r.Hex(32)));
            }
        }
        foreach (var t in log.Ticks(Start, Capture, 180))
        {
            log.Json(t, DbUp(t) ? "info" : "warn", "db pool stats", ("open", DbUp(t) ? 10 : 0), ("in_use", DbUp(t) ? r.Next(0, 4) : 0), ("idle", DbUp(t) ? r.Next(6, 10) : 0), ("wait_count", DbUp(t) ? 0 : r.Next(40, 200)));
        }
        foreach (var t in log.Ticks(DiskFull.AddSeconds(1), Capture, 30))
        {
            log.Json(t, "error", "failed to ping database", ("error", $"dial tcp {PgIp}:5432: connect: connection refused"), ("retry_in", "5s"));
        }
        b.Lines($"logs/shop_{p.Name}_orders.log", log.Render());
    }

    private void CheckoutLog(Bundle b, PodState p)
    {
        var log = new LogBook(_rng.Fork("log/" + p.Name));
        var r = log.Rng;
        foreach (var t in log.Ticks(Start, Capture, 20))
        {
            var cart = r.Hex(10);
            if (DbUp(t))
            {
                log.Plain(t, "INFO", $"POST /api/checkout 200 {r.Next(180, 620)}ms cart={cart} order_id={r.Next(100000, 999999)}");
            }
            else if (r.Chance(0.55))
            {
                log.Plain(t, "ERROR", $"reserve cart {cart} failed: pq: dial tcp {PgIp}:5432: connect: connection refused");
                log.Plain(t.AddMilliseconds(1), "INFO", $"POST /api/checkout 500 {r.Next(2, 9)}ms cart={cart}");
            }
            else
            {
                log.Plain(t, "ERROR", $"create order failed: POST http://orders.shop.svc.cluster.local:8080/v1/orders: 503 Service Unavailable (body: {{\"error\":\"database unavailable\"}})");
                log.Plain(t.AddMilliseconds(1), "INFO", $"POST /api/checkout 502 {r.Next(5, 20)}ms cart={cart}");
            }
        }
        foreach (var t in log.Ticks(Start, Capture, 45))
        {
            log.Plain(t, "INFO", $"GET /api/cart 200 {r.Next(2, 30)}ms");
        }
        foreach (var t in log.Ticks(Start, Capture, 600))
        {
            log.Plain(t, "WARN", $"payment provider latency {r.Next(900, 1900)}ms (budget 2000ms)");
        }
        b.Lines($"logs/shop_{p.Name}_checkout.log", log.Render());
    }

    private void FrontendLog(Bundle b, PodState p)
    {
        var log = new LogBook(_rng.Fork("log/" + p.Name));
        var r = log.Rng;
        log.Json(p.Created.AddSeconds(10), "info", "ready - started server on 0.0.0.0:3000", ("version", "v4.18.0"));
        foreach (var t in log.Ticks(p.Created.AddSeconds(12), Capture, 18))
        {
            var path = r.Pick(["/", "/c/shoes", "/p/trail-runner-2", "/cart", "/checkout", "/search?q=jacket"]);
            var status = path == "/checkout" && !DbUp(t) ? (r.Chance(0.7) ? 502 : 200) : (r.Chance(0.1) ? 304 : 200);
            if (status == 502)
            {
                log.Json(t, "warn", "upstream error", ("path", path), ("upstream", "checkout"), ("status", 502));
            }
            log.Json(t, "info", "request completed", ("path", path), ("status", status), ("duration_ms", r.Next(20, 240)));
        }
        foreach (var t in log.Ticks(p.Created.AddSeconds(30), Capture, 1200))
        {
            log.Json(t, "warn", "image CDN slow response", ("host", "img.acme-cdn.net"), ("duration_ms", r.Next(800, 1600)));
        }
        b.Lines($"logs/shop_{p.Name}_frontend.log", log.Render());
    }

    private void CatalogLog(Bundle b, PodState p, bool gz)
    {
        var log = new LogBook(_rng.Fork("log/" + p.Name));
        var r = log.Rng;
        foreach (var t in log.Ticks(Start, Capture, gz ? 40 : 25))
        {
            log.Json(t, "info", "request", ("method", "GET"), ("path", r.Pick(["/v1/products", "/v1/search", "/v1/categories", "/v1/products/sku"])), ("status", 200), ("duration_ms", r.Next(2, 45)), ("cache", r.Chance(0.8) ? "hit" : "miss"));
        }
        foreach (var t in log.Ticks(Start, Capture, 600))
        {
            log.Json(t, "info", "search index refreshed", ("docs", r.Next(48000, 49000)), ("synonyms", true));
        }
        var path = $"logs/shop_{p.Name}_catalog.log";
        if (gz)
        {
            b.GzipLines(path + ".gz", log.Render());
        }
        else
        {
            b.Lines(path, log.Render());
        }
    }

    private void WriteMetrics(Bundle b)
    {
        var s30 = Matrix.Steps(Start, Capture, 30).ToList();
        var full = DiskFull.ToUnixTimeSeconds();
        var start = Start.ToUnixTimeSeconds();
        var vol = new Matrix();
        var labels = new Dictionary<string, string>
        {
            ["instance"] = _pg.Node,
            ["job"] = "kubelet",
            ["metrics_path"] = "/metrics",
            ["namespace"] = Ns,
            ["node"] = _pg.Node,
            ["persistentvolumeclaim"] = "data-postgres-0",
        };
        const long wal = 16L * 1024 * 1024;
        var used0 = 15.55 * Gi;
        long Used(long t) => t >= full ? Capacity - 4096 : (long)(used0 + ((Capacity - used0) * (t - start) / (double)(full - start))) / wal * wal;
        vol.Add(new Dictionary<string, string>(labels) { ["__name__"] = "kubelet_volume_stats_used_bytes" }, s30.Select(t => (t, (string?)Fmt.I(Used(t)))));
        vol.Add(new Dictionary<string, string>(labels) { ["__name__"] = "kubelet_volume_stats_capacity_bytes" }, s30.Select(t => (t, (string?)Fmt.I(Capacity))));
        vol.Add(new Dictionary<string, string>(labels) { ["__name__"] = "kubelet_volume_stats_available_bytes" }, s30.Select(t => (t, (string?)Fmt.I(Math.Max(0, Capacity - Used(t) - 4096)))));
        b.Json("metrics/kubelet_volume_stats_bytes.json", vol.ToQueryRange(), 0);

        var pgUp = new Matrix();
        pgUp.Add(new Dictionary<string, string> { ["__name__"] = "pg_up", ["instance"] = "10.21.3.14:9187", ["job"] = "postgres-exporter", ["namespace"] = Ns, ["pod"] = "postgres-0" },
            s30.Select(t => (t, (string?)(t < full ? "1" : "0"))));
        b.Json("metrics/pg_up.json", pgUp.ToQueryRange(), 0);

        var restarts = new Matrix();
        var runs = _pg.RunsOf("postgres");
        Dictionary<string, string> Ksm(string pod, string container) => new()
        {
            ["__name__"] = "kube_pod_container_status_restarts_total",
            ["container"] = container,
            ["job"] = "kube-state-metrics",
            ["namespace"] = Ns,
            ["pod"] = pod,
            ["uid"] = _k.Uid("Pod", pod),
        };
        restarts.Add(Ksm("postgres-0", "postgres"), s30.Select(t => (t, (string?)Fmt.I(Math.Max(0, runs.Count(x => x.Started.ToUnixTimeSeconds() <= t) - 1)))));
        restarts.Add(Ksm("postgres-0", "metrics"), s30.Select(t => (t, (string?)"0")));
        foreach (var (name, (_, _, pods)) in _apps)
        {
            foreach (var p in pods)
            {
                restarts.Add(Ksm(p.Name, name), s30.Select(t => (t, t < p.Created.ToUnixTimeSeconds() + 10 ? null : (string?)"0")));
            }
        }
        b.Json("metrics/kube_pod_container_status_restarts_total.json", restarts.ToQueryRange(), 0);

        var hr = _rng.Fork("http");
        var reqs = new Matrix();
        var ratio = new Matrix();
        foreach (var (service, rate, errAfter) in new[] { ("frontend", 64.0, 0.031), ("checkout", 3.1, 0.72), ("orders", 7.4, 0.97), ("catalog", 41.0, 0.0) })
        {
            var shares = s30.Select(t => t < full + 15 ? 0.0015 + (Math.Abs(hr.Gaussian()) * 0.0004) : Math.Clamp(errAfter + (hr.Gaussian() * errAfter * 0.03), 0.0004, 0.999)).ToList();
            var ok = service == "orders" ? "201" : "200";
            var bad = service switch { "checkout" => "502", "orders" => "503", "frontend" => "502", _ => "500" };
            reqs.Add(new Dictionary<string, string> { ["code"] = ok, ["namespace"] = Ns, ["service"] = service }, s30.Select((t, i) => (t, (string?)Fmt.F(rate * (1 - shares[i]) * (1 + (hr.Gaussian() * 0.03)), 6))));
            reqs.Add(new Dictionary<string, string> { ["code"] = bad, ["namespace"] = Ns, ["service"] = service }, s30.Select((t, i) => (t, (string?)Fmt.F(rate * shares[i] * (1 + (hr.Gaussian() * 0.03)), 6))));
            var smooth = shares[0];
            ratio.Add(new Dictionary<string, string> { ["namespace"] = Ns, ["service"] = service }, s30.Select((t, i) =>
            {
                smooth += (shares[i] - smooth) * 0.1;
                return (t, (string?)Fmt.F(smooth, 6));
            }));
        }
        b.Json("metrics/http_requests_rate_by_code.json", reqs.ToQueryRange(), 0);
        b.Json("metrics/http_5xx_ratio.json", ratio.ToQueryRange(), 0);

        var lat = new Matrix();
        var lr = _rng.Fork("latency");
        foreach (var (service, before, after) in new[] { ("checkout", 0.71, 0.02), ("orders", 0.09, 0.004) })
        {
            lat.Add(new Dictionary<string, string> { ["service"] = service }, s30.Select(t => (t, (string?)Fmt.F((t < full ? before : after) * (1 + (lr.Gaussian() * 0.06)), 4))));
        }
        b.Text("metrics/http_request_duration_p99_seconds.csv", lat.ToCsv("http_request_duration_seconds:p99"));
    }
}
