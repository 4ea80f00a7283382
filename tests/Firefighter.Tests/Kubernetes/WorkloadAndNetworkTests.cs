using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Firefighter.Evidence;
using Firefighter.Kubernetes.Analyzers;
using Firefighter.Analysis;
using Firefighter.Testing;

namespace Firefighter.Tests.Kubernetes;

public sealed class WorkloadAndNetworkTests
{
    private static string Rs(string hash, int revision, string image, string env, string memory, int ready) => $$$"""
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata:
          name: orders-{{{hash}}}
          namespace: shop
          annotations: {deployment.kubernetes.io/revision: "{{{revision}}}"}
          labels: {pod-template-hash: {{{hash}}}}
          ownerReferences: [{kind: Deployment, name: orders}]
          creationTimestamp: "@now-{{{10 * (3 - revision)}}}m"
        spec:
          replicas: {{{(ready > 0 ? 3 : 1)}}}
          template:
            spec:
              containers:
              - name: orders
                image: {{{image}}}
                env: [{name: DB_POOL, value: "{{{env}}}"}]
                resources: {limits: {memory: {{{memory}}}}}
        status: {replicas: {{{ready}}}, readyReplicas: {{{ready}}}}
        """;

    [Fact]
    public void Failed_rollout_is_compared_with_the_previous_replicaset()
    {
        var deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: orders, namespace: shop, annotations: {deployment.kubernetes.io/revision: "2"}}
            spec: {replicas: 3, selector: {matchLabels: {app: orders}}}
            status:
              availableReplicas: 2
              updatedReplicas: 1
              conditions:
              - {type: Progressing, status: "False", reason: ProgressDeadlineExceeded, message: 'ReplicaSet "orders-7f8c9d6b5" has timed out progressing.'}
            """;
        var findings = KubeTestKit.Run(deployment, Rs("5b6c7d8f9", 1, "orders:1.4.0", "10", "512Mi", 2), Rs("7f8c9d6b5", 2, "orders:1.5.0", "50", "256Mi", 0));

        var diff = findings.Single(f => f.Kind == "k8s.rollout.diff");
        diff.Entity.ShouldBe(new EntityRef("Deployment", "shop", "orders"));
        diff.Attr("oldImage").ShouldBe("orders:1.4.0");
        diff.Attr("newImage").ShouldBe("orders:1.5.0");
        diff.Attr("oldRevision").ShouldBe("1");
        diff.Attr("newRevision").ShouldBe("2");
        diff.Attr("changed").ShouldBe("image,env,resources");
        diff.Commands.ShouldContain("kubectl rollout undo deployment/orders -n shop --to-revision=1");
        findings.ShouldContain(f => f.Kind == "k8s.deployment.progress_deadline" && f.Severity == FindingSeverity.Critical);
        findings.ShouldContain(f => f.Kind == "k8s.deployment.unavailable" && f.Severity == FindingSeverity.Warning);
    }

    [Fact]
    public void Healthy_rollout_history_yields_no_diff()
    {
        var deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: orders, namespace: shop}
            spec: {replicas: 3}
            status: {availableReplicas: 3, updatedReplicas: 3}
            """;
        KubeTestKit.Run(deployment, Rs("5b6c7d8f9", 1, "orders:1.4.0", "10", "512Mi", 0), Rs("7f8c9d6b5", 2, "orders:1.5.0", "50", "256Mi", 3))
            .ShouldBeEmpty();
    }

    private const string Pods = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Pod
          metadata: {name: web-1, namespace: front, labels: {app: web}}
          spec: {containers: [{name: web, image: web:1, ports: [{containerPort: 8080, name: http}]}]}
          status: {phase: Running, conditions: [{type: Ready, status: "True"}]}
        - apiVersion: v1
          kind: Pod
          metadata: {name: api-1, namespace: front, labels: {app: api}}
          spec: {containers: [{name: api, image: api:1}]}
          status: {phase: Running, conditions: [{type: Ready, status: "False"}]}
        """;

    private static string Svc(string name, string selector, string targetPort) => $$"""
        apiVersion: v1
        kind: Service
        metadata: {name: {{name}}, namespace: front}
        spec: {selector: {{{selector}}}, ports: [{port: 80, targetPort: {{targetPort}}}]}
        """;

    [Fact]
    public void Service_selector_matching_no_pod_has_no_endpoints()
    {
        var f = KubeTestKit.Run(Pods, Svc("web-svc", "app: webb", "8080")).Single();
        f.Kind.ShouldBe("k8s.service.no_endpoints");
        f.Attr("class").ShouldBe("no_matching_pods");
        f.Attr("selector").ShouldBe("app=webb");
    }

    [Fact]
    public void Service_whose_pods_are_not_ready_has_no_ready_endpoints()
    {
        var f = KubeTestKit.Run(Pods, Svc("api-svc", "app: api", "9000")).Single(x => x.Entity.Kind == "Service");
        f.Kind.ShouldBe("k8s.service.no_endpoints");
        f.Attr("class").ShouldBe("no_ready_pods");
    }

    [Fact]
    public void Service_named_target_port_not_exposed_is_flagged_and_a_correct_service_is_not()
    {
        KubeTestKit.Run(Pods, Svc("web-svc", "app: web", "http")).ShouldBeEmpty();
        var f = KubeTestKit.Run(Pods, Svc("web-svc", "app: web", "grpc")).Single();
        f.Kind.ShouldBe("k8s.service.port_mismatch");
        f.Attr("targetPort").ShouldBe("grpc");
    }

    [Fact]
    public void Service_without_pods_in_the_snapshot_is_not_judged()
    {
        KubeTestKit.Run(Svc("web-svc", "app: web", "8080")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(3, "critical")]
    [InlineData(-2, "critical")]
    [InlineData(20, "warning")]
    [InlineData(90, null)]
    public void Tls_secret_expiry_is_read_from_the_pem(int daysLeft, string? severity)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=shop.example.com", key, HashAlgorithmName.SHA256);
        using var cert = req.CreateSelfSigned(KubeTestKit.Now.AddDays(-300), KubeTestKit.Now.AddDays(daysLeft));
        var pem = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(cert.ExportCertificatePem()));
        var yaml = $"""
            apiVersion: v1
            kind: Secret
            type: kubernetes.io/tls
            metadata: {"{"}name: shop-tls, namespace: front{"}"}
            data:
              tls.crt: {pem}
              tls.key: ""
            """;
        var findings = KubeTestKit.Run(yaml);
        if (severity is null)
        {
            findings.ShouldBeEmpty();
            return;
        }
        var f = findings.Single();
        f.Kind.ShouldBe("k8s.tls.expiring");
        f.Severity.ToString().ToLowerInvariant().ShouldBe(severity);
        f.Attr("daysLeft").ShouldBe(daysLeft.ToString(System.Globalization.CultureInfo.InvariantCulture));
        f.Attr("expired").ShouldBe(daysLeft < 0 ? "true" : "false");
    }

    [Fact]
    public void Job_deadline_and_cronjob_schedule_problems_are_reported()
    {
        var yaml = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: batch/v1
              kind: CronJob
              metadata: {name: nightly, namespace: ops}
              spec: {schedule: "0 25 * * *", jobTemplate: {}}
            - apiVersion: batch/v1
              kind: Job
              metadata: {name: nightly-2900, namespace: ops, ownerReferences: [{kind: CronJob, name: nightly}]}
              spec: {activeDeadlineSeconds: 600}
              status:
                conditions: [{type: Failed, status: "True", reason: DeadlineExceeded, message: Job was active longer than specified deadline}]
            """;
        var findings = KubeTestKit.Run(yaml);
        findings.ShouldContain(f => f.Kind == "k8s.cronjob.invalid_schedule");
        findings.ShouldContain(f => f.Kind == "k8s.cronjob.failing");
        var job = findings.Single(f => f.Kind == "k8s.job.failed");
        job.Attr("reason").ShouldBe("DeadlineExceeded");
        job.Attr("cronjob").ShouldBe("nightly");
        WorkloadAnalyzer.ValidSchedule("*/5 * * * *").ShouldBeTrue();
        WorkloadAnalyzer.ValidSchedule("@hourly").ShouldBeTrue();
        WorkloadAnalyzer.ValidSchedule("0 9 * * MON-FRI").ShouldBeTrue();
        WorkloadAnalyzer.ValidSchedule("every day").ShouldBeFalse();
    }

    [Fact]
    public void Hpa_fixture_style_condition_is_reported()
    {
        var yaml = """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: {name: web, namespace: front}
            spec: {maxReplicas: 4, minReplicas: 1, scaleTargetRef: {kind: Deployment, name: web}}
            status:
              currentReplicas: 4
              desiredReplicas: 4
              conditions:
              - {type: ScalingActive, status: "False", reason: FailedGetResourceMetric, message: 'failed to get cpu utilization: missing request for cpu in container web'}
              - {type: ScalingLimited, status: "True", reason: TooManyReplicas, message: the desired replica count is more than the maximum replica count}
            """;
        var findings = KubeTestKit.Run(yaml);
        findings.Single(f => f.Kind == "k8s.hpa.metrics_unavailable").Attr("class").ShouldBe("missing_requests");
        findings.ShouldContain(f => f.Kind == "k8s.hpa.at_max");
    }
}
