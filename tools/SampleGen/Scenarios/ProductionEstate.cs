using System.Text.Json.Nodes;
using Firefighter.SampleGen.Common;

namespace Firefighter.SampleGen.Scenarios;

/// <summary>The "production" namespace shared by the OOM and healthy bundles: nodes, the web/worker/gateway workloads and the api template.</summary>
public sealed class ProductionEstate
{
    /// <summary>Namespace name.</summary>
    public const string Ns = "production";

    /// <summary>Mebibyte.</summary>
    public const double Mi = 1024 * 1024;

    private static readonly string[] ApiPaths = ["/v1/products", "/v1/products/{id}", "/v1/catalog/search?q={q}", "/v1/cart", "/v1/users/me", "/v1/orders", "/v1/recommendations"];
    private static readonly string[] Queries = ["shoes", "jacket", "usb-c", "lamp", "coffee", "backpack", "desk", "headphones"];

    /// <summary>Creates the estate for a capture window.</summary>
    public ProductionEstate(DateTimeOffset start, DateTimeOffset capture, Det rng, DateTimeOffset steadySince)
    {
        Start = start;
        Capture = capture;
        Rng = rng;
        Kube = new Kube(Ns, capture);
        var day0 = Fmt.T("2023-11-20T09:14:00Z");
        Nodes =
        [
            new NodeSpec("node-01", "10.0.1.11", "eu-west-1a", "m6i.2xlarge", 8, 32, "10.1.1.0/24", day0),
            new NodeSpec("node-02", "10.0.1.12", "eu-west-1b", "m6i.2xlarge", 8, 32, "10.1.2.0/24", day0.AddMinutes(1))
            {
                // Benign: image garbage collection relieved disk pressure hours before the window.
                DiskPressureRecoveredAt = start.AddHours(-2).AddMinutes(-17),
            },
            new NodeSpec("node-03", "10.0.1.13", "eu-west-1c", "m6i.2xlarge", 8, 32, "10.1.3.0/24", day0.AddMinutes(1)),
            new NodeSpec("node-04", "10.0.1.14", "eu-west-1a", "m6i.2xlarge", 8, 32, "10.1.4.0/24", Fmt.T("2024-01-02T10:31:00Z"))
            {
                Extra =
                [
                    ("KernelDeadlock", "False", "KernelHasNoDeadlock", "kernel has no deadlock", Fmt.T("2024-01-02T10:32:10Z")),
                    ("ReadonlyFilesystem", "False", "FilesystemIsNotReadOnly", "Filesystem is not read-only", Fmt.T("2024-01-02T10:32:10Z")),
                    ("FrequentContainerdRestart", "False", "NoFrequentContainerdRestart", "containerd is functioning properly", Fmt.T("2024-01-02T10:32:10Z")),
                ],
            },
            new NodeSpec("node-05", "10.0.1.15", "eu-west-1b", "m6i.2xlarge", 8, 32, "10.1.5.0/24", Fmt.T("2024-01-02T10:33:00Z")),
        ];
        WebPods =
        [
            Steady("web-7d4b9c8f6d-abx2k", "web-7d4b9c8f6d", "node-02", "10.1.2.17", steadySince.AddMinutes(-3)),
            Steady("web-7d4b9c8f6d-h8zqw", "web-7d4b9c8f6d", "node-04", "10.1.4.22", steadySince.AddMinutes(-2)),
        ];
        WorkerPods =
        [
            Steady("worker-58f7b6c9d4-lmv6p", "worker-58f7b6c9d4", "node-03", "10.1.3.31", steadySince.AddHours(-26)),
            Steady("worker-58f7b6c9d4-s9tn4", "worker-58f7b6c9d4", "node-05", "10.1.5.12", steadySince.AddHours(-26)),
        ];
        GatewayPods =
        [
            Steady("gateway-6f9c8d7b5c-9wj4d", "gateway-6f9c8d7b5c", "node-01", "10.1.1.8", steadySince.AddDays(-6)),
            Steady("gateway-6f9c8d7b5c-qk2mz", "gateway-6f9c8d7b5c", "node-02", "10.1.2.9", steadySince.AddDays(-6)),
        ];
    }

    /// <summary>Start of the evidence window.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Capture time.</summary>
    public DateTimeOffset Capture { get; }

    /// <summary>Root generator.</summary>
    public Det Rng { get; }

    /// <summary>Object builder for the namespace.</summary>
    public Kube Kube { get; }

    /// <summary>Cluster nodes.</summary>
    public IReadOnlyList<NodeSpec> Nodes { get; }

    /// <summary>web pods (healthy distractor).</summary>
    public IReadOnlyList<PodState> WebPods { get; }

    /// <summary>worker pods (healthy distractor).</summary>
    public IReadOnlyList<PodState> WorkerPods { get; }

    /// <summary>gateway (nginx) pods in front of api and web.</summary>
    public IReadOnlyList<PodState> GatewayPods { get; }

    private static PodState Steady(string name, string rs, string node, string ip, DateTimeOffset created) => new()
    {
        Name = name,
        Node = node,
        Ip = ip,
        Created = created,
        OwnerKind = "ReplicaSet",
        OwnerName = rs,
        ExtraLabels = new Dictionary<string, string> { ["pod-template-hash"] = rs[(rs.LastIndexOf('-') + 1)..] },
    };

    /// <summary>The host IP of a node.</summary>
    public string HostIp(string node) => Nodes.First(n => n.Name == node).Ip;

    /// <summary>The api pod template for a version.</summary>
    public static PodTemplate Api(string version, string digest) => new()
    {
        Labels = new Dictionary<string, string> { ["app"] = "api", ["app.kubernetes.io/part-of"] = "shop", ["version"] = version },
        Annotations = new Dictionary<string, string> { ["prometheus.io/port"] = "9464", ["prometheus.io/scrape"] = "true" },
        ServiceAccount = "api",
        Containers =
        [
            new ContainerSpec
            {
                Name = "api",
                Image = "registry.company.com/api:" + version,
                Digest = digest,
                Port = 8080,
                CpuRequest = "250m",
                MemoryRequest = "1Gi",
                CpuLimit = "1",
                MemoryLimit = "2Gi",
                Liveness = new Probe("http", "/healthz", 8080, 30, 2, 10, 3),
                Readiness = new Probe("http", "/ready", 8080, 5, 2, 5, 3),
                Env =
                [
                    new EnvVar("NODE_ENV", "production"),
                    new EnvVar("NODE_OPTIONS", "--max-old-space-size=2048"),
                    new EnvVar("PORT", "8080"),
                    new EnvVar("DATABASE_URL", Secret: "api-db", Key: "url"),
                    new EnvVar("REDIS_URL", Secret: "api-redis", Key: "url"),
                    new EnvVar("LOG_LEVEL", ConfigMap: "api-config", Key: "log_level"),
                ],
                EnvFromConfigMaps = ["api-config"],
            },
        ],
    };

    /// <summary>web (Next.js storefront) template.</summary>
    public static PodTemplate Web => new()
    {
        Labels = new Dictionary<string, string> { ["app"] = "web", ["app.kubernetes.io/part-of"] = "shop", ["version"] = "v5.12.0" },
        ServiceAccount = "web",
        Containers =
        [
            new ContainerSpec
            {
                Name = "web", Image = "registry.company.com/web:v5.12.0", Digest = Digest("web:v5.12.0"), Port = 3000,
                CpuRequest = "200m", MemoryRequest = "512Mi", CpuLimit = "1", MemoryLimit = "1Gi",
                Liveness = new Probe("http", "/api/health", 3000, 10, 2, 10, 3),
                Readiness = new Probe("http", "/api/health", 3000, 5, 2, 5, 3),
                Env = [new EnvVar("NODE_ENV", "production"), new EnvVar("NEXT_TELEMETRY_DISABLED", "1")],
            },
        ],
    };

    /// <summary>worker (queue consumer) template.</summary>
    public static PodTemplate Worker => new()
    {
        Labels = new Dictionary<string, string> { ["app"] = "worker", ["app.kubernetes.io/part-of"] = "shop", ["version"] = "v3.4.2" },
        ServiceAccount = "worker",
        Containers =
        [
            new ContainerSpec
            {
                Name = "worker", Image = "registry.company.com/worker:v3.4.2", Digest = Digest("worker:v3.4.2"), Port = 8081, PortName = "metrics",
                CpuRequest = "500m", MemoryRequest = "768Mi", CpuLimit = "2", MemoryLimit = "1536Mi",
                Liveness = new Probe("http", "/live", 8081, 20, 2, 15, 3),
                Readiness = new Probe("http", "/ready", 8081, 5, 1, 10, 3),
                Env = [new EnvVar("QUEUE_URL", Secret: "worker-queue", Key: "url"), new EnvVar("REDIS_URL", Secret: "api-redis", Key: "url")],
                EnvFromConfigMaps = ["worker-config"],
            },
        ],
    };

    /// <summary>gateway (nginx) template.</summary>
    public static PodTemplate Gateway => new()
    {
        Labels = new Dictionary<string, string> { ["app"] = "gateway", ["app.kubernetes.io/part-of"] = "shop", ["version"] = "1.25.3" },
        ServiceAccount = "gateway",
        Containers =
        [
            new ContainerSpec
            {
                Name = "nginx", Image = "registry.company.com/gateway-nginx:1.25.3", Digest = Digest("gateway:1.25.3"), Port = 8080,
                CpuRequest = "100m", MemoryRequest = "128Mi", CpuLimit = "1", MemoryLimit = "256Mi",
                Liveness = new Probe("tcp", "", 8080, 5, 1, 10, 3),
                Readiness = new Probe("http", "/nginx-health", 8080, 2, 1, 5, 3),
            },
        ],
    };

    /// <summary>A stable fake image digest for a reference.</summary>
    public static string Digest(string reference) => new Det(Det.Fnv("digest/" + reference)).Hex(64);

    /// <summary>Deployments, ReplicaSets, pods and services of web, worker and gateway.</summary>
    public IEnumerable<JsonObject> SteadyObjects()
    {
        var k = Kube;
        var created = Fmt.T("2023-06-12T08:00:00Z");
        foreach (var (name, t, pods, hash, rev) in new[]
        {
            ("web", Web, WebPods, "7d4b9c8f6d", 41),
            ("worker", Worker, WorkerPods, "58f7b6c9d4", 18),
            ("gateway", Gateway, GatewayPods, "6f9c8d7b5c", 9),
        })
        {
            var since = pods.Max(p => p.Created).AddSeconds(20);
            yield return k.Deployment(name, t, rev, created, pods.Count, pods.Count, pods.Count, pods.Min(p => p.Created), since, false, name + "-" + hash, since, rev + 3);
            yield return k.ReplicaSet(name, hash, t, rev, pods.Min(p => p.Created).AddSeconds(-1), pods.Count, pods.Count, pods.Count + 1);
            foreach (var p in pods)
            {
                yield return k.Pod(t, p, HostIp(p.Node));
            }
        }
    }

    /// <summary>Services of the namespace.</summary>
    public IEnumerable<JsonObject> Services()
    {
        var created = Fmt.T("2023-06-12T08:00:00Z");
        yield return Kube.Service("api", "api", "10.96.44.120", 80, "http", created);
        yield return Kube.Service("web", "web", "10.96.51.7", 80, "http", created);
        yield return Kube.Service("gateway", "gateway", "10.96.0.80", 80, "http", created);
        yield return Kube.Service("worker-metrics", "worker", "10.96.73.214", 8081, "metrics", created, "metrics");
    }

    /// <summary>Daily-ish multiplicative wave (about ±4 % over a day) plus nothing else.</summary>
    public static double Daily(long unixSeconds) => 1.0 + (0.04 * Det.Sin(2 * Math.PI * ((unixSeconds % 86400) - 21600) / 86400.0));

    /// <summary>Flat memory series of the steady pods.</summary>
    public void SteadyMemory(Matrix m, IEnumerable<long> steps)
    {
        var ts = steps.ToList();
        foreach (var (pods, container, baseMi) in new[] { (WebPods, "web", 310.0), (WorkerPods, "worker", 520.0), (GatewayPods, "nginx", 88.0) })
        {
            foreach (var p in pods)
            {
                var r = Rng.Fork("mem/" + p.Name);
                var offset = r.Gaussian() * 6;
                m.Add(CadvisorLabels("container_memory_working_set_bytes", p, container),
                    ts.Select(t => (t, (string?)Fmt.I((long)(((baseMi + offset) * Daily(t)) + (r.Gaussian() * 3)) * (long)Mi / 1 + (long)(r.NextDouble() * 900_000)))));
            }
        }
    }

    /// <summary>Flat CPU (cores) of the steady pods.</summary>
    public void SteadyCpu(Matrix m, IEnumerable<long> steps)
    {
        var ts = steps.ToList();
        foreach (var (pods, container, cores) in new[] { (WebPods, "web", 0.18), (WorkerPods, "worker", 0.62), (GatewayPods, "nginx", 0.05) })
        {
            foreach (var p in pods)
            {
                var r = Rng.Fork("cpu/" + p.Name);
                m.Add(ExprLabels(p, container), ts.Select(t => (t, (string?)Fmt.F(Math.Max(0.001, (cores * Daily(t)) + (r.Gaussian() * cores * 0.06)), 6))));
            }
        }
    }

    /// <summary>Restart counters (flat) of the steady pods.</summary>
    public void SteadyRestarts(Matrix m, IEnumerable<long> steps)
    {
        var ts = steps.ToList();
        foreach (var (pods, container) in new[] { (WebPods, "web"), (WorkerPods, "worker"), (GatewayPods, "nginx") })
        {
            foreach (var p in pods)
            {
                m.Add(KsmLabels(p, container), ts.Select(t => (t, (string?)"0")));
            }
        }
    }

    /// <summary>Labels of a cAdvisor series scraped by the kubelet.</summary>
    public static Dictionary<string, string> CadvisorLabels(string metric, PodState p, string container) => new()
    {
        ["__name__"] = metric,
        ["container"] = container,
        ["instance"] = p.Node,
        ["job"] = "kubelet",
        ["metrics_path"] = "/metrics/cadvisor",
        ["namespace"] = Ns,
        ["node"] = p.Node,
        ["pod"] = p.Name,
    };

    /// <summary>Labels of an aggregated expression per pod (no metric name).</summary>
    public static Dictionary<string, string> ExprLabels(PodState p, string container) => new()
    {
        ["container"] = container,
        ["namespace"] = Ns,
        ["pod"] = p.Name,
    };

    /// <summary>Labels of a kube-state-metrics container series.</summary>
    public Dictionary<string, string> KsmLabels(PodState p, string container) => new()
    {
        ["__name__"] = "kube_pod_container_status_restarts_total",
        ["container"] = container,
        ["instance"] = "10.1.1.5:8080",
        ["job"] = "kube-state-metrics",
        ["namespace"] = Ns,
        ["pod"] = p.Name,
        ["uid"] = Kube.Uid("Pod", p.Name),
    };

    /// <summary>web storefront JSON-lines log (healthy).</summary>
    public void WebLog(Bundle b, PodState p)
    {
        var log = new LogBook(Rng.Fork("log/" + p.Name));
        var r = log.Rng;
        var pages = new[] { "/", "/products", "/products/[slug]", "/cart", "/account", "/search", "/_next/data/build-5.12.0/products.json" };
        foreach (var t in log.Ticks(Start, Capture, 38))
        {
            var page = r.Pick(pages);
            var status = r.Chance(0.02) ? 404 : (r.Chance(0.15) ? 304 : 200);
            log.Json(t, "info", "request completed", ("method", "GET"), ("path", page), ("status", status), ("duration_ms", r.Next(8, 140)), ("req_id", r.Hex(16)));
        }
        foreach (var t in log.Ticks(Start, Capture, 300))
        {
            log.Json(t, "info", "isr revalidated", ("path", "/products/[slug]"), ("pages", r.Next(40, 90)), ("duration_ms", r.Next(300, 1200)));
        }
        foreach (var t in log.Ticks(Start, Capture, 900))
        {
            log.Json(t, "warn", "image optimizer cache miss storm", ("misses", r.Next(20, 60)), ("window_s", 60));
        }
        b.Lines($"logs/{Ns}_{p.Name}_web.log", log.Render());
    }

    /// <summary>worker JSON-lines log; optionally with the transient slow-redis blip that failed a readiness probe.</summary>
    public void WorkerLog(Bundle b, PodState p, DateTimeOffset? redisBlip)
    {
        var log = new LogBook(Rng.Fork("log/" + p.Name));
        var r = log.Rng;
        foreach (var t in log.Ticks(Start, Capture, 30))
        {
            log.Json(t, "info", "batch processed", ("queue", r.Pick(["emails", "thumbnails", "search-index"])), ("size", 250), ("duration_ms", r.Next(420, 1300)), ("lag", r.Next(0, 40)));
        }
        foreach (var t in log.Ticks(Start, Capture, 600))
        {
            log.Json(t, "info", "heartbeat", ("consumers", 8), ("rss_mb", r.Next(500, 540)));
        }
        if (redisBlip is { } blip)
        {
            for (var i = 0; i < 5; i++)
            {
                log.Json(blip.AddSeconds(i * 9 + r.Next(0, 4)), "warn", "redis ping slow", ("latency_ms", r.Next(1500, 2600)), ("addr", "shop-redis.abc123.euw1.cache.amazonaws.com:6379"));
            }
            log.Json(blip.AddSeconds(47), "info", "redis latency back to normal", ("latency_ms", r.Next(1, 4)));
        }
        b.Lines($"logs/{Ns}_{p.Name}_worker.log", log.Render());
    }

    /// <summary>gateway nginx log in CRI format: access lines, and error lines whose rate follows <paramref name="upstreamFailure"/>.</summary>
    public void GatewayLog(Bundle b, PodState p, IReadOnlyList<string> apiUpstreams, Func<DateTimeOffset, (double P502, double P503, double P504, IReadOnlyList<string> Down)> upstreamFailure)
    {
        var log = new LogBook(Rng.Fork("log/" + p.Name));
        var r = log.Rng;
        var webUpstreams = WebPods.Select(w => w.Ip + ":3000").ToArray();
        foreach (var t in log.Ticks(Start, Capture, 17))
        {
            var client = $"10.0.{r.Next(0, 3)}.{r.Next(2, 250)}";
            var (p502, p503, p504, down) = upstreamFailure(t);
            var toApi = r.Chance(0.7);
            string path;
            string upstream;
            int status;
            double rt;
            if (toApi)
            {
                path = ApiPath(r);
                var roll = r.NextDouble();
                if (roll < p502 && down.Count > 0)
                {
                    status = 502;
                    upstream = r.Pick(down) + ":8080";
                    rt = 0.001 + (r.NextDouble() * 0.004);
                    log.Cri(t, "stderr", $"{t.UtcDateTime:yyyy/MM/dd HH:mm:ss} [error] 31#31: *{r.Next(100000, 999999)} connect() failed (111: Connection refused) while connecting to upstream, client: {client}, server: api.company.com, request: \"GET {path} HTTP/1.1\", upstream: \"http://{upstream}{path}\", host: \"api.company.com\"");
                }
                else if (roll < p502 + p503)
                {
                    status = 503;
                    upstream = "-";
                    rt = 0.000;
                    log.Cri(t, "stderr", $"{t.UtcDateTime:yyyy/MM/dd HH:mm:ss} [error] 31#31: *{r.Next(100000, 999999)} no live upstreams while connecting to upstream, client: {client}, server: api.company.com, request: \"GET {path} HTTP/1.1\", upstream: \"http://production-api-80{path}\", host: \"api.company.com\"");
                }
                else if (roll < p502 + p503 + p504)
                {
                    status = 504;
                    upstream = r.Pick(apiUpstreams) + ":8080";
                    rt = 30.0 + (r.NextDouble() * 0.01);
                    log.Cri(t, "stderr", $"{t.UtcDateTime:yyyy/MM/dd HH:mm:ss} [error] 31#31: *{r.Next(100000, 999999)} upstream timed out (110: Connection timed out) while reading response header from upstream, client: {client}, server: api.company.com, request: \"GET {path} HTTP/1.1\", upstream: \"http://{upstream}{path}\", host: \"api.company.com\"");
                }
                else
                {
                    status = r.Chance(0.03) ? 404 : 200;
                    var alive = apiUpstreams.Where(u => !down.Contains(u)).ToList();
                    upstream = r.Pick(alive.Count > 0 ? alive : apiUpstreams) + ":8080";
                    rt = 0.008 + (r.NextDouble() * 0.09);
                }
            }
            else
            {
                path = r.Pick(new[] { "/", "/products", "/cart", "/search?q=" + r.Pick(Queries), "/_next/static/chunks/main-5c1d.js" });
                status = r.Chance(0.12) ? 304 : 200;
                upstream = r.Pick(webUpstreams);
                rt = 0.005 + (r.NextDouble() * 0.12);
            }
            var host = toApi ? "api.company.com" : "www.company.com";
            var bytes = status == 200 ? r.Next(400, 24000) : (status == 304 ? 0 : r.Next(150, 600));
            var ua = r.Pick(["Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0.0", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) Mobile/15E148", "shop-ios/4.9.1 (iPhone14,2; iOS 17.2)", "okhttp/4.12.0"]);
            log.Cri(t, "stdout", $"{client} - - [{Fmt.NginxLocal(t)}] \"GET {path} HTTP/1.1\" {status} {bytes} \"-\" \"{ua}\" {r.Next(200, 900)} {Fmt.F(rt, 3)} [{Ns}-{(toApi ? "api" : "web")}-80] [] {upstream} {bytes} {Fmt.F(rt, 3)} {(upstream == "-" ? "-" : Fmt.I(status))} {r.Hex(32)} host={host}");
        }
        b.Lines($"logs/{Ns}_{p.Name}_nginx.log", log.Render());
    }

    /// <summary>A concrete api request path.</summary>
    public static string ApiPath(Det r)
    {
        var path = r.Pick(ApiPaths);
        return path.Replace("{id}", Fmt.I(r.Next(1000, 99999)), StringComparison.Ordinal).Replace("{q}", r.Pick(Queries), StringComparison.Ordinal);
    }

    /// <summary>Normal api request/health/cache lines of one container run (plain format).</summary>
    public static void ApiNoise(LogBook log, DateTimeOffset from, DateTimeOffset to, string version, Func<DateTimeOffset, string> cacheStats, double slowFactor)
    {
        var r = log.Rng;
        foreach (var t in log.Ticks(from, to, 24))
        {
            var path = ApiPath(r);
            var method = path.StartsWith("/v1/orders", StringComparison.Ordinal) && r.Chance(0.4) ? "POST" : "GET";
            var status = r.Chance(0.03) ? 404 : (method == "POST" ? 201 : 200);
            var ms = (int)(r.Next(4, 90) * slowFactor);
            log.Plain(t, "INFO", $"{method} {path} {status} {ms}ms req_id={r.Hex(12)}");
            if (ms > 1500)
            {
                log.Plain(t.AddMilliseconds(3), "WARN", $"slow request {method} {path} took {ms}ms");
            }
        }
        foreach (var t in log.Ticks(from, to, 120))
        {
            log.Plain(t, "INFO", "GET /healthz 200 1ms");
        }
        foreach (var t in log.Ticks(from.AddSeconds(30), to, 60))
        {
            log.Plain(t, "INFO", cacheStats(t));
        }
        foreach (var t in log.Ticks(from, to, 1800))
        {
            log.Plain(t, "INFO", $"db pool stats total=20 idle={r.Next(12, 19)} waiting=0 version={version}");
        }
    }

    /// <summary>api start-up banner lines.</summary>
    public static void ApiStartup(LogBook log, DateTimeOffset at, string version, string warmup)
    {
        log.Plain(at, "INFO", $"api {version} starting (node v18.19.0, pid 1, NODE_ENV=production)");
        log.Plain(at.AddMilliseconds(412), "INFO", "connected to postgres host=pg-main.internal.company.com db=api pool=20");
        log.Plain(at.AddMilliseconds(530), "INFO", "connected to redis shop-redis.abc123.euw1.cache.amazonaws.com:6379");
        log.Plain(at.AddMilliseconds(611), "INFO", warmup);
        log.Plain(at.AddMilliseconds(1890), "INFO", "server listening on :8080 (metrics on :9464)");
    }
}
