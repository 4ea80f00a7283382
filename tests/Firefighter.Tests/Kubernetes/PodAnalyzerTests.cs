using Firefighter.Analysis;
using Firefighter.Testing;
namespace Firefighter.Tests.Kubernetes;

public sealed class PodAnalyzerTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: checkout, namespace: shop}
        spec: {replicas: 2, selector: {matchLabels: {app: checkout}}}
        status: {availableReplicas: 0, replicas: 2}
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: checkout-5d8f7c9b6
          namespace: shop
          ownerReferences: [{kind: Deployment, name: checkout}]
        """;

    private static string Pod(string name, string containerStatus, string containerSpec = "", string extraMeta = "", string phase = "Running", string conditions = "") => $$"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {{name}}
          namespace: shop
          labels: {app: checkout, pod-template-hash: 5d8f7c9b6}
          ownerReferences: [{kind: ReplicaSet, name: checkout-5d8f7c9b6}]
          creationTimestamp: "@now-2h"
        {{extraMeta}}
        spec:
          nodeName: node-a
          containers:
          - name: api
            image: registry.example.com/checkout:2.4.1
        {{containerSpec}}
        status:
          phase: {{phase}}
          startTime: "@now-2h"
        {{conditions}}
          containerStatuses:
          - name: api
            image: registry.example.com/checkout:2.4.1
        {{containerStatus}}
        """;

    private static string Ind(string s, int n) => string.Join('\n', s.Split('\n').Select(l => new string(' ', n) + l));

    [Theory]
    [InlineData(1, "Error", "k8s.container.crashloop", "application error")]
    [InlineData(137, "Error", "k8s.container.crashloop", "SIGKILL")]
    [InlineData(143, "Error", "k8s.container.crashloop", "SIGTERM")]
    [InlineData(127, "ContainerCannotRun", "k8s.container.start_error", "command not found")]
    [InlineData(137, "OOMKilled", "k8s.container.oomkilled", "OOM")]
    public void Crashloop_explains_the_last_exit(int exit, string reason, string kind, string meaning)
    {
        var status = Ind($"""
            ready: false
            restartCount: 7
            state: {"{"}waiting: {"{"}reason: CrashLoopBackOff, message: "back-off 5m0s restarting failed container=api"{"}"}{"}"}
            lastState:
              terminated: {"{"}exitCode: {exit}, reason: {reason}, startedAt: "@now-6m", finishedAt: "@now-5m"{"}"}
            """, 4);
        var findings = KubeTestKit.Run(Deployment, Pod("checkout-5d8f7c9b6-x7k2p", status));

        var f = findings.Single(x => x.Entity.Kind == "Pod");
        f.Kind.ShouldBe(kind);
        f.Severity.ShouldBe(FindingSeverity.Critical);
        f.Attr("container").ShouldBe("api");
        f.Attr("deployment").ShouldBe("checkout");
        f.Attr("exitCode").ShouldBe(exit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        f.Attr("exitMeaning")!.ShouldContain(meaning, Case.Insensitive);
        f.Start.ShouldBe(KubeTestKit.Now.AddMinutes(-5));
        f.Commands.ShouldContain(c => c.Contains("logs checkout-5d8f7c9b6-x7k2p -n shop -c api --previous") || c.Contains("describe pod"));
        f.Evidence.ShouldContain(e => e.Field!.Contains("lastState.terminated.exitCode"));
    }

    [Fact]
    public void OOMKilled_reports_the_memory_limit_and_suggests_a_larger_one()
    {
        var spec = Ind("resources: {limits: {memory: 2Gi}, requests: {memory: 1Gi}}", 4);
        var status = Ind("""
            ready: false
            restartCount: 4
            state: {waiting: {reason: CrashLoopBackOff}}
            lastState: {terminated: {exitCode: 137, reason: OOMKilled, finishedAt: "@now-1m"}}
            """, 4);
        var f = KubeTestKit.Run(Deployment, Pod("checkout-5d8f7c9b6-abcde", status, spec)).Single(x => x.Entity.Kind == "Pod");

        f.Kind.ShouldBe("k8s.container.oomkilled");
        f.Attr("limit").ShouldBe("2Gi");
        f.Attr("limitBytes").ShouldBe("2147483648");
        f.Attr("restarts").ShouldBe("4");
        f.Attr("reason").ShouldBe("OOMKilled");
        f.Title.ShouldContain("2Gi");
        f.Commands.ShouldContain("kubectl set resources deployment/checkout -n shop -c api --limits=memory=4Gi");
        f.Commands.ShouldContain("kubectl rollout undo deployment/checkout -n shop");
    }

    [Fact]
    public void Deployment_is_derived_from_the_pod_name_when_no_replicaset_is_present()
    {
        var yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: payments-api-7c9d8b5f4d-q2w8z, namespace: prod}
            spec: {containers: [{name: app, image: pay:1}]}
            status:
              phase: Running
              containerStatuses:
              - name: app
                restartCount: 3
                state: {waiting: {reason: CrashLoopBackOff}}
                lastState: {terminated: {exitCode: 1, reason: Error}}
            """;
        KubeTestKit.Run(yaml).Single().Attr("deployment").ShouldBe("payments-api");
    }

    [Theory]
    [InlineData("Failed to pull image \"r.io/a:1\": rpc error: code = NotFound desc = failed to pull and unpack image \"r.io/a:1\": failed to resolve reference \"r.io/a:1\": r.io/a:1: not found", "not_found")]
    [InlineData("Failed to pull image \"r.io/a:1\": failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized", "unauthorized")]
    [InlineData("Failed to pull image \"docker.io/a:1\": toomanyrequests: You have reached your pull rate limit.", "rate_limited")]
    [InlineData("Failed to pull image \"r.io/a:1\": dial tcp: lookup r.io on 10.0.0.10:53: no such host", "unreachable")]
    public void Image_pull_is_classified_from_the_events(string eventMessage, string cls)
    {
        var status = Ind("""
            ready: false
            restartCount: 0
            state: {waiting: {reason: ImagePullBackOff, message: 'Back-off pulling image "r.io/a:1"'}}
            """, 4);
        var ev = $$"""
            apiVersion: v1
            kind: Event
            metadata: {name: e1, namespace: shop}
            involvedObject: {kind: Pod, name: checkout-5d8f7c9b6-pull1, namespace: shop, fieldPath: "spec.containers{api}"}
            reason: Failed
            type: Warning
            count: 4
            firstTimestamp: "@now-10m"
            lastTimestamp: "@now-1m"
            message: '{{eventMessage.Replace("'", "''", StringComparison.Ordinal)}}'
            """;
        var findings = KubeTestKit.Run(Deployment, Pod("checkout-5d8f7c9b6-pull1", status), ev);

        var f = findings.Single(x => x.Entity.Kind == "Pod");
        f.Kind.ShouldBe("k8s.container.image_pull");
        f.Attr("class").ShouldBe(cls);
        f.Attr("image").ShouldBe("registry.example.com/checkout:2.4.1");
        f.Evidence.ShouldContain(e => e.Field!.StartsWith("Event/"));
        f.Start.ShouldBe(KubeTestKit.Now.AddMinutes(-10));
        // The event was consumed by the pod finding; it is not repeated as a bare warning.
        findings.ShouldNotContain(x => x.Kind == "k8s.event.warning");
    }

    [Theory]
    [InlineData("secret \"db-credentials\" not found", "Secret", "db-credentials", null)]
    [InlineData("configmap \"app-config\" not found", "ConfigMap", "app-config", null)]
    [InlineData("couldn't find key password in Secret shop/db-credentials", "key", "db-credentials", "password")]
    public void Config_error_names_the_missing_object_and_key(string message, string kind, string name, string? key)
    {
        var status = Ind($"""
            ready: false
            restartCount: 0
            state: {"{"}waiting: {"{"}reason: CreateContainerConfigError, message: '{message.Replace("'", "''", StringComparison.Ordinal)}'{"}"}{"}"}
            """, 4);
        var f = KubeTestKit.Run(Pod("checkout-5d8f7c9b6-cfg01", status)).Single();

        f.Kind.ShouldBe("k8s.container.config_error");
        f.Attr("missingKind").ShouldBe(kind);
        f.Attr("missingName").ShouldBe(name);
        f.Attr("missingKey").ShouldBe(key);
        f.Title.ShouldContain(name);
    }

    [Theory]
    [InlineData("0/3 nodes are available: 3 Insufficient cpu.", "insufficient_cpu")]
    [InlineData("0/5 nodes are available: 1 Insufficient memory, 4 node(s) had untolerated taint {dedicated: gpu}.", "taint")]
    [InlineData("0/4 nodes are available: 4 node(s) didn't match pod anti-affinity rules.", "anti_affinity")]
    [InlineData("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.", "node_selector")]
    [InlineData("0/1 nodes are available: 1 pod has unbound immediate PersistentVolumeClaims.", "pvc")]
    [InlineData("0/3 nodes are available: 3 Too many pods.", "too_many_pods")]
    [InlineData("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.", "insufficient_gpu")]
    public void Pending_pod_gets_the_scheduler_reason_classified(string message, string cls)
    {
        var yaml = $"""
            apiVersion: v1
            kind: Pod
            metadata: {"{"}name: batch-1, namespace: jobs{"}"}
            spec: {"{"}containers: [{"{"}name: w, image: w:1{"}"}]{"}"}
            status:
              phase: Pending
              conditions:
              - type: PodScheduled
                status: "False"
                reason: Unschedulable
                lastTransitionTime: "@now-30m"
                message: '{message.Replace("'", "''", StringComparison.Ordinal)}'
            """;
        var f = KubeTestKit.Run(yaml).Single();
        f.Kind.ShouldBe("k8s.pod.unschedulable");
        f.Attr("class").ShouldBe(cls);
        f.Attr("message").ShouldBe(message);
        f.Start.ShouldBe(KubeTestKit.Now.AddMinutes(-30));
    }

    [Fact]
    public void ContainerCreating_with_FailedMount_events_is_a_mount_problem()
    {
        var status = Ind("""
            ready: false
            restartCount: 0
            state: {waiting: {reason: ContainerCreating}}
            """, 4);
        var ev = """
            apiVersion: v1
            kind: Event
            metadata: {name: e2, namespace: shop}
            involvedObject: {kind: Pod, name: checkout-5d8f7c9b6-mnt01, namespace: shop}
            reason: FailedMount
            type: Warning
            count: 12
            firstTimestamp: "@now-25m"
            lastTimestamp: "@now-1m"
            message: 'MountVolume.SetUp failed for volume "certs" : secret "checkout-tls" not found'
            """;
        var f = KubeTestKit.Run(Pod("checkout-5d8f7c9b6-mnt01", status, phase: "Pending"), ev).Single();
        f.Kind.ShouldBe("k8s.pod.container_creating");
        f.Attr("class").ShouldBe("mount");
        f.Severity.ShouldBe(FindingSeverity.Critical);
        f.Title.ShouldContain("checkout-tls");
    }

    [Fact]
    public void Liveness_probe_failures_are_reported_with_the_undeclared_probe_port()
    {
        var spec = Ind("""
            ports: [{containerPort: 8080, name: http}]
            livenessProbe: {httpGet: {path: /healthz, port: 9090}, periodSeconds: 10}
            """, 4);
        var status = Ind("""
            ready: true
            restartCount: 1
            state: {running: {startedAt: "@now-20m"}}
            """, 4);
        var ev = """
            apiVersion: v1
            kind: Event
            metadata: {name: e3, namespace: shop}
            involvedObject: {kind: Pod, name: checkout-5d8f7c9b6-prb01, namespace: shop, fieldPath: "spec.containers{api}"}
            reason: Unhealthy
            type: Warning
            count: 9
            firstTimestamp: "@now-15m"
            lastTimestamp: "@now-1m"
            message: 'Liveness probe failed: Get "http://10.1.2.3:9090/healthz": dial tcp 10.1.2.3:9090: connect: connection refused'
            """;
        var f = KubeTestKit.Run(Pod("checkout-5d8f7c9b6-prb01", status, spec), ev).Single();
        f.Kind.ShouldBe("k8s.probe.failed");
        f.Attr("probe").ShouldBe("liveness");
        f.Attr("port").ShouldBe("9090");
        f.Attr("portDeclared").ShouldBe("false");
        f.Attr("count").ShouldBe("9");
        f.Severity.ShouldBe(FindingSeverity.Critical);
    }

    [Fact]
    public void Named_probe_port_that_no_container_port_declares_is_flagged_without_events()
    {
        var spec = Ind("""
            ports: [{containerPort: 8080, name: http}]
            readinessProbe: {httpGet: {path: /ready, port: metrics}}
            """, 4);
        var status = Ind("""
            ready: true
            restartCount: 0
            state: {running: {startedAt: "@now-1h"}}
            """, 4);
        var f = KubeTestKit.Run(Pod("checkout-5d8f7c9b6-prb02", status, spec)).Single();
        f.Kind.ShouldBe("k8s.probe.failed");
        f.Attr("port").ShouldBe("metrics");
    }

    [Fact]
    public void Restart_storm_without_crashloop_is_reported()
    {
        var status = Ind("""
            ready: true
            restartCount: 23
            state: {running: {startedAt: "@now-3m"}}
            lastState: {terminated: {exitCode: 2, reason: Error, finishedAt: "@now-3m"}}
            """, 4);
        var f = KubeTestKit.Run(Pod("checkout-5d8f7c9b6-rst01", status)).Single();
        f.Kind.ShouldBe("k8s.container.restarts");
        f.Attr("restarts").ShouldBe("23");
    }

    [Fact]
    public void Healthy_running_pod_with_old_restarts_yields_nothing()
    {
        var status = Ind("""
            ready: true
            restartCount: 2
            state: {running: {startedAt: "@now-3d"}}
            lastState: {terminated: {exitCode: 1, reason: Error, finishedAt: "@now-3d"}}
            """, 4);
        KubeTestKit.Run(Pod("checkout-5d8f7c9b6-ok001", status, conditions: Ind("conditions: [{type: Ready, status: \"True\"}]", 2))).ShouldBeEmpty();
    }

    [Fact]
    public void Events_about_absent_pods_still_become_specific_findings()
    {
        var ev = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Event
              metadata: {name: e4, namespace: shop}
              involvedObject: {kind: Pod, name: web-6b7c8d9f5d-zzxw2, namespace: shop, fieldPath: "spec.containers{web}"}
              reason: BackOff
              type: Warning
              count: 30
              message: Back-off restarting failed container web in pod web-6b7c8d9f5d-zzxw2_shop
            - apiVersion: v1
              kind: Event
              metadata: {name: e5, namespace: shop}
              involvedObject: {kind: Pod, name: web-6b7c8d9f5d-zzxw2, namespace: shop}
              reason: FailedPreStopHook
              type: Warning
              message: PreStopHook failed
            - apiVersion: v1
              kind: Event
              metadata: {name: e6, namespace: shop}
              involvedObject: {kind: Pod, name: web-6b7c8d9f5d-zzxw2, namespace: shop}
              reason: Scheduled
              type: Normal
              message: assigned
            """;
        var findings = KubeTestKit.Run(ev);
        findings.Count.ShouldBe(2);
        var crash = findings.Single(f => f.Kind == "k8s.container.crashloop");
        crash.Attr("container").ShouldBe("web");
        crash.Attr("deployment").ShouldBe("web");
        findings.Single(f => f.Kind == "k8s.event.warning").Attr("reason").ShouldBe("FailedPreStopHook");
    }
}
