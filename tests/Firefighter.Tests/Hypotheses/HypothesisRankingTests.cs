using Firefighter.Evidence;
using Firefighter.Investigation;
using Firefighter.Testing;
using Firefighter.Analysis;
using Firefighter.Correlation;
using Firefighter.Hypotheses;
using static Firefighter.Tests.Analysis.FindingBuilder;

namespace Firefighter.Tests.Hypotheses;

public class HypothesisRankingTests
{
    private static readonly IReadOnlyList<Signature> Shipped = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]).Signatures;

    private static IReadOnlyList<Hypothesis> Rank(EvidenceSet evidence, params Finding[] findings)
    {
        var (onset, _) = Correlator.FindOnset(findings);
        var matches = new SignatureMatcher(Shipped, new EntityGraph(evidence)).MatchAll(findings, onset);
        return HypothesisBuilder.Build(matches, onset, 0.5);
    }

    [Fact]
    public void OOM_with_growth_after_a_deploy_ranks_the_leak_first_and_fills_the_rollback()
    {
        var deploy = new EntityRef("Deployment", "production", "api");
        var findings = new[]
        {
            F("change.deploy", deploy, 0, FindingSeverity.Info, 0.5, ("version", "v2.3.1"), ("previousVersion", "v2.2.8")),
            F("metrics.steady_growth", Pod("api-6b7ddd89c6-4x9kl"), 5, FindingSeverity.Warning, 0.9, ("metric", "container_memory_working_set_bytes")),
            F("k8s.container.oomkilled", Pod("api-6b7ddd89c6-4x9kl"), 140, FindingSeverity.Critical, 0.9, ("limit", "2Gi"), ("container", "api")),
            F("k8s.container.crashloop", Pod("api-6b7ddd89c6-4x9kl"), 141, FindingSeverity.Critical, 0.9, ("lastReason", "OOMKilled"), ("exitCode", "137"), ("exitMeaning", "killed")),
        };

        var hypotheses = Rank(new EvidenceSet(), findings);

        var top = hypotheses[0];
        top.Signature.ShouldBe("oom-memory-leak-after-deploy");
        top.Supported.ShouldBeTrue();
        top.Entity.ShouldBe(deploy);
        top.Title.ShouldContain("v2.3.1");
        top.Mitigation[0].Command.ShouldBe("kubectl rollout undo deployment/api -n production");
        top.Whys.Count.ShouldBe(3);
        top.Against.ShouldBeEmpty();
        hypotheses.Single(h => h.Signature == "crashloop-after-deploy").Against.ShouldContain(c => c.Text.Contains("OOMKilled"));
    }

    [Fact]
    public void OOM_without_deploy_or_growth_is_not_called_a_leak()
    {
        var findings = new[] { F("k8s.container.oomkilled", Pod("api-6b7ddd89c6-4x9kl"), 140, FindingSeverity.Critical, 0.9, ("limit", "2Gi")) };

        var leak = Rank(new EvidenceSet(), findings).Single(h => h.Signature == "oom-memory-leak-after-deploy");

        leak.Supported.ShouldBeFalse();
        leak.Against.ShouldContain(c => c.Text.Contains("no deploy"));
    }

    [Fact]
    public void Disk_full_on_the_database_outranks_the_dependency_symptom_it_explains()
    {
        var db = new EntityRef("StatefulSet", "shop", "postgres");
        var evidence = new EvidenceSet();
        var findings = new[]
        {
            F("metrics.steady_growth", new EntityRef("PersistentVolumeClaim", "shop", "data-postgres-0"), 0, FindingSeverity.Warning, 0.9, ("metric", "kubelet_volume_stats_used_bytes")),
            F("logs.pattern", new EntityRef("Pod", "shop", "postgres-0"), 120, FindingSeverity.Critical, 0.9, ("pattern", "disk_full")),
            F("k8s.container.crashloop", new EntityRef("Pod", "shop", "postgres-0"), 121, FindingSeverity.Critical, 0.9, ("exitCode", "1")),
            F("logs.pattern", Pod("orders-7d4b9c8f6d-abcde", "shop"), 122, FindingSeverity.Critical, 0.9, ("pattern", "connection_refused"), ("target", "postgres:5432")),
            F("logs.pattern", Pod("checkout-5f6d7c8b9a-fghij", "shop"), 122, FindingSeverity.Critical, 0.9, ("pattern", "connection_refused"), ("target", "postgres.shop.svc.cluster.local:5432")),
        };
        // The claim belongs to postgres-0 (its pod mounts it), and postgres-0 to the StatefulSet.
        evidence.Objects.Add(Obj("StatefulSet", "shop", "postgres", "{}"));
        evidence.Objects.Add(Obj("Pod", "shop", "postgres-0",
            """{"metadata":{"ownerReferences":[{"kind":"StatefulSet","name":"postgres"}]},"spec":{"volumes":[{"name":"data","persistentVolumeClaim":{"claimName":"data-postgres-0"}}]}}"""));
        evidence.Objects.Add(Obj("Service", "shop", "postgres", """{"spec":{"selector":{"app":"postgres"},"clusterIP":"10.96.12.34"}}"""));

        var hypotheses = Rank(evidence, findings);

        hypotheses[0].Signature.ShouldBe("disk-full");
        hypotheses[0].Entity.ShouldBe(db);
        hypotheses[0].Supported.ShouldBeTrue();
        hypotheses[0].Evidence.ShouldContain(c => c.Text.StartsWith("Explains:"));
        hypotheses[0].Whys[0].Question.ShouldContain("orders");
        var symptom = hypotheses.Single(h => h.Signature == "dependency-down");
        symptom.Entity.ShouldBe(db);
        symptom.Supported.ShouldBeFalse();
        symptom.Rank.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void Nothing_matches_when_there_are_no_findings() => Rank(new EvidenceSet()).ShouldBeEmpty();

    private static Firefighter.Evidence.KubeObject Obj(string kind, string ns, string name, string json)
    {
        var node = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(json)!;
        var meta = node["metadata"] as System.Text.Json.Nodes.JsonObject ?? [];
        node["metadata"] = meta;
        meta["name"] = name;
        meta["namespace"] = ns;
        if (kind == "Pod")
        {
            meta["labels"] = new System.Text.Json.Nodes.JsonObject { ["app"] = "postgres" };
        }
        return new(kind, ns, name, node, new EvidenceRef("k8s/objects.json", 1));
    }
}
