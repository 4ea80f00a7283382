using Firefighter.Analysis;
using Firefighter.Testing;
namespace Firefighter.Tests.Kubernetes;

/// <summary>NetworkPolicy DNS isolation, PodDisruptionBudgets that block drains, exhausted ResourceQuotas and references to missing objects.</summary>
public sealed class PolicyQuotaReferenceTests
{
    private static string Pod(string name, string app, bool ready = true) => $$$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: {{{name}}}, namespace: shop, labels: {app: {{{app}}}, tier: backend}}
        spec: {containers: [{name: main, image: "shop/{{{app}}}:1"}]}
        status: {phase: Running, conditions: [{type: Ready, status: "{{{(ready ? "True" : "False")}}}"}]}
        """;

    private const string DenyAllEgress = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: lockdown, namespace: shop}
        spec:
          podSelector: {matchExpressions: [{key: tier, operator: In, values: [backend]}]}
          policyTypes: [Egress]
          egress:
          - to: [{podSelector: {matchLabels: {app: db}}}]
            ports: [{protocol: TCP, port: 5432}]
        """;

    private const string AllowDns = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-dns, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress: [{ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]}]
        """;

    [Fact]
    public void Egress_policy_without_a_dns_rule_blocks_dns_for_the_pods_it_selects()
    {
        var findings = KubeTestKit.Run(DenyAllEgress, Pod("api-1", "api", ready: false), Pod("api-2", "api"));

        var f = findings.ShouldHaveSingleItem();
        f.Kind.ShouldBe("k8s.networkpolicy.dns_blocked");
        f.Entity.Name.ShouldBe("lockdown");
        f.Severity.ShouldBe(FindingSeverity.Critical);
        f.Title.ShouldContain("2 pod(s)");
        f.Attr("pods").ShouldBe("2");
    }

    [Fact]
    public void Another_policy_allowing_dns_or_no_selected_pod_means_no_finding()
    {
        KubeTestKit.Run(DenyAllEgress, AllowDns, Pod("api-1", "api")).ShouldBeEmpty();
        KubeTestKit.Run(DenyAllEgress).ShouldBeEmpty();
        KubeTestKit.Run(DenyAllEgress.Replace("[Egress]", "[Ingress]", StringComparison.Ordinal), Pod("api-1", "api")).ShouldBeEmpty();
        KubeTestKit.Run(DenyAllEgress.Replace("port: 5432", "port: 1, endPort: 1024", StringComparison.Ordinal), Pod("api-1", "api")).ShouldBeEmpty();
    }

    [Fact]
    public void Deny_all_egress_with_healthy_pods_is_a_warning()
    {
        var denyAll = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-all, namespace: shop}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
            """;

        var f = KubeTestKit.Run(denyAll, Pod("web-1", "web")).ShouldHaveSingleItem();

        f.Severity.ShouldBe(FindingSeverity.Warning);
        f.Title.ShouldContain("denies all egress");
    }

    private static string Pdb(string spec, string status) => $$$"""
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: api-pdb, namespace: shop}
        spec: {{{spec}}}
        status: {{{status}}}
        """;

    [Fact]
    public void Budget_allowing_no_disruption_while_all_pods_are_healthy_blocks_drains()
    {
        var f = KubeTestKit.Run(Pdb("{minAvailable: 3, selector: {matchLabels: {app: api}}}", "{disruptionsAllowed: 0, currentHealthy: 3, desiredHealthy: 3, expectedPods: 3}")).ShouldHaveSingleItem();

        f.Kind.ShouldBe("k8s.pdb.blocking");
        f.Severity.ShouldBe(FindingSeverity.Warning);
        f.Title.ShouldContain("node drains");
    }

    [Fact]
    public void Budget_blocked_by_unhealthy_pods_or_allowing_disruptions_is_not_flagged()
    {
        KubeTestKit.Run(Pdb("{minAvailable: 3, selector: {matchLabels: {app: api}}}", "{disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 3, expectedPods: 3}")).ShouldBeEmpty();
        KubeTestKit.Run(Pdb("{maxUnavailable: 1, selector: {matchLabels: {app: api}}}", "{disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, expectedPods: 3}")).ShouldBeEmpty();
    }

    [Fact]
    public void Budget_without_status_is_judged_from_its_spec_and_the_pods_it_selects()
    {
        var pods = new[] { Pod("api-1", "api"), Pod("api-2", "api") };
        KubeTestKit.Run([Pdb("{minAvailable: 2, selector: {matchLabels: {app: api}}}", "{}"), .. pods]).ShouldHaveSingleItem().Kind.ShouldBe("k8s.pdb.blocking");
        KubeTestKit.Run([Pdb("{maxUnavailable: 0, selector: {matchLabels: {app: api}}}", "{}"), .. pods]).ShouldHaveSingleItem().Title.ShouldContain("maxUnavailable 0");
        KubeTestKit.Run([Pdb("{minAvailable: 1, selector: {matchLabels: {app: api}}}", "{}"), .. pods]).ShouldBeEmpty();
    }

    private static string Quota(string used) => $$$"""
        apiVersion: v1
        kind: ResourceQuota
        metadata: {name: compute, namespace: shop}
        spec: {hard: {pods: "10", requests.memory: 8Gi}}
        status: {hard: {pods: "10", requests.memory: 8Gi}, used: {{{used}}}}
        """;

    private const string QuotaRefusal = """
        apiVersion: v1
        kind: Event
        metadata: {name: api-5d8f7c6b9.1, namespace: shop}
        involvedObject: {kind: ReplicaSet, name: api-5d8f7c6b9, namespace: shop}
        reason: FailedCreate
        type: Warning
        message: 'pods "api-5d8f7c6b9-abcde" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=10, limited: pods=10'
        lastTimestamp: "@now-2m"
        count: 14
        """;

    [Fact]
    public void Used_up_quota_that_refused_pods_is_critical_and_cites_the_refusal()
    {
        var findings = KubeTestKit.Run(Quota("{pods: \"10\", requests.memory: 6Gi}"), QuotaRefusal);

        var f = findings.Single(x => x.Kind == "k8s.quota.exhausted");
        f.Severity.ShouldBe(FindingSeverity.Critical);
        f.Title.ShouldContain("pods 10/10");
        f.Title.ShouldContain("replicaset/api-5d8f7c6b9");
        f.Attr("exhausted").ShouldBe("pods");
        f.Evidence.ShouldContain(e => e.Field != null && e.Field.StartsWith("Event/shop/", StringComparison.Ordinal));
    }

    [Fact]
    public void Quota_with_room_is_silent_and_a_full_quota_without_refusals_is_a_warning()
    {
        KubeTestKit.Run(Quota("{pods: \"5\", requests.memory: 4Gi}")).ShouldBeEmpty();
        KubeTestKit.Run(Quota("{pods: \"3\", requests.memory: 8Gi}")).ShouldHaveSingleItem().Severity.ShouldBe(FindingSeverity.Warning);
    }

    private static string Deployment(string podSpec, int replicas = 2) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: billing, namespace: shop}
        spec:
          replicas: {{{replicas}}}
          selector: {matchLabels: {app: billing}}
          template:
            metadata: {labels: {app: billing}}
            spec: {{{podSpec}}}
        status: {replicas: {{{replicas}}}, availableReplicas: {{{replicas}}}, readyReplicas: {{{replicas}}}, updatedReplicas: {{{replicas}}}}
        """;

    private const string OtherSecret = """
        apiVersion: v1
        kind: Secret
        metadata: {name: unrelated, namespace: shop}
        type: Opaque
        data: {password: ""}
        """;

    private const string DbSecret = """
        apiVersion: v1
        kind: Secret
        metadata: {name: billing-db, namespace: shop}
        type: Opaque
        data: {url: ""}
        """;

    private const string EnvFromSecret = "{containers: [{name: api, image: billing, env: [{name: DB, valueFrom: {secretKeyRef: {name: billing-db, key: url}}}]}]}";

    [Fact]
    public void Workload_referencing_a_missing_secret_is_flagged_once_when_secrets_are_in_the_snapshot()
    {
        var f = KubeTestKit.Run(Deployment(EnvFromSecret), OtherSecret).ShouldHaveSingleItem();

        f.Kind.ShouldBe("k8s.reference.missing");
        f.Severity.ShouldBe(FindingSeverity.Critical);
        f.Entity.Kind.ShouldBe("Deployment");
        f.Attr("missingKind").ShouldBe("Secret");
        f.Attr("missingName").ShouldBe("billing-db");
        f.Evidence[0].Field!.ShouldContain("spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef");
    }

    [Fact]
    public void Absence_proves_nothing_when_the_snapshot_has_no_secrets_and_present_or_optional_references_pass()
    {
        KubeTestKit.Run(Deployment(EnvFromSecret)).ShouldBeEmpty();
        KubeTestKit.Run(Deployment(EnvFromSecret), DbSecret).ShouldBeEmpty();
        KubeTestKit.Run(Deployment(EnvFromSecret.Replace("key: url}", "key: url, optional: true}", StringComparison.Ordinal)), OtherSecret).ShouldBeEmpty();
    }

    [Fact]
    public void A_missing_key_in_an_existing_secret_is_named()
    {
        var f = KubeTestKit.Run(Deployment(EnvFromSecret.Replace("key: url", "key: password", StringComparison.Ordinal)), DbSecret).ShouldHaveSingleItem();

        f.Attr("missingKind").ShouldBe("key");
        f.Attr("missingKey").ShouldBe("password");
        f.Title.ShouldContain("key password of Secret billing-db");
    }

    [Fact]
    public void Missing_service_account_configmap_and_pvc_of_a_bare_pod_are_each_flagged_and_owned_pods_are_left_to_their_owner()
    {
        var kinds = """
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: ServiceAccount, metadata: {name: default, namespace: shop}}
            - {apiVersion: v1, kind: ConfigMap, metadata: {name: other, namespace: shop}}
            - {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: other, namespace: shop}, status: {phase: Bound}}
            """;
        var bare = """
            apiVersion: v1
            kind: Pod
            metadata: {name: tool, namespace: shop}
            spec:
              serviceAccountName: deployer
              containers: [{name: c, image: tool, envFrom: [{configMapRef: {name: tool-config}}]}]
              volumes: [{name: data, persistentVolumeClaim: {claimName: tool-data}}]
            """;
        var owned = bare.Replace("name: tool, namespace: shop}", "name: tool-2, namespace: shop, ownerReferences: [{kind: Job, name: tool}]}", StringComparison.Ordinal);

        var findings = KubeTestKit.Run(kinds, bare, owned);

        findings.Select(f => f.Attr("missingKind")).Order(StringComparer.Ordinal).ShouldBe(["ConfigMap", "PersistentVolumeClaim", "ServiceAccount"]);
        findings.ShouldAllBe(f => f.Entity.Name == "tool");
    }

    [Fact]
    public void Pending_claim_on_a_missing_storage_class_is_flagged()
    {
        var yaml = """
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: storage.k8s.io/v1, kind: StorageClass, metadata: {name: standard}, provisioner: kubernetes.io/gce-pd}
            - {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data, namespace: shop}, spec: {storageClassName: fast-ssd}, status: {phase: Pending}}
            - {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: ok, namespace: shop}, spec: {storageClassName: standard}, status: {phase: Pending}}
            """;

        var findings = KubeTestKit.Run(yaml).Where(f => f.Kind == "k8s.reference.missing").ToList();

        var f = findings.ShouldHaveSingleItem();
        f.Entity.Name.ShouldBe("data");
        f.Attr("missingName").ShouldBe("fast-ssd");
    }
}
