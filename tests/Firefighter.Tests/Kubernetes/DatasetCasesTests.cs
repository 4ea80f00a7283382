using Firefighter.Evidence;
using Firefighter.Testing;
using Firefighter.Parsing;
using Firefighter.Analysis;

namespace Firefighter.Tests.Kubernetes;

/// <summary>Every object of ../shared/datasets/k8s/is-healthy is diagnosed as its annotations say; healthy controls yield nothing.</summary>
public sealed class DatasetCasesTests
{
    private static string Root => RepoPaths.InShared("datasets", "k8s");

    // What a human would call the problem, by the expected-status vocabulary of the fixtures (not by file).
    private static readonly Dictionary<string, string[]> KindsByStatus = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CrashLoopBackOff"] = ["k8s.container.crashloop"],
        ["RestartLoopBackOff"] = ["k8s.container.crashloop"],
        ["OOMKilled"] = ["k8s.container.oomkilled"],
        ["ImagePullBackOff"] = ["k8s.container.image_pull"],
        ["PodInitializing"] = ["k8s.container.crashloop"],
        ["Starting"] = ["k8s.pod.container_creating"],
        ["Evicted"] = ["k8s.pod.evicted"],
        ["Failed"] = ["k8s.container.start_error", "k8s.pod.failed"],
        ["TerminatingStalled"] = ["k8s.pod.terminating_stuck"],
        ["Rollout Failed"] = ["k8s.deployment.progress_deadline"],
        ["Failed Create"] = ["k8s.replicaset.failed_create"],
        ["BackoffLimitExceeded"] = ["k8s.job.failed"],
        ["Memory Pressure"] = ["k8s.node.pressure"],
        ["PartiallyAvailable"] = ["k8s.daemonset.unavailable"],
        ["Creating"] = ["k8s.service.lb_pending"],
        ["Running"] = ["k8s.probe.failed"],
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Path.Combine(Root, "is-healthy"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Root, f));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Fixture_is_diagnosed_with_its_expected_health(string relative)
    {
        var evidence = new EvidenceSet();
        KubeYaml.ReadInto(evidence, KubeTestKit.SubstituteNow(File.ReadAllText(Path.Combine(Root, relative)), KubeTestKit.Now), relative);
        evidence.Warnings.ShouldBeEmpty();
        evidence.Objects.ShouldNotBeEmpty();
        var findings = KubeTestKit.Run(evidence);

        foreach (var obj in evidence.Objects)
        {
            var mine = findings.Where(f => f.Entity == obj.Entity).ToList();
            var health = obj.Annotations.GetValueOrDefault("expected-health")
                ?? (obj.Annotations.GetValueOrDefault("expected-ready") == "true" ? "healthy" : null);
            var status = obj.Annotations.GetValueOrDefault("expected-status")?.Trim();
            switch (health)
            {
                case "healthy":
                    mine.ShouldBeEmpty($"{obj.Entity} is a healthy control");
                    continue;
                case "unhealthy":
                    mine.ShouldContain(f => f.Severity == FindingSeverity.Critical, $"{obj.Entity} should be critical");
                    break;
                case "warning":
                    mine.ShouldContain(f => f.Severity == FindingSeverity.Warning, $"{obj.Entity} should be a warning");
                    mine.ShouldNotContain(f => f.Severity == FindingSeverity.Critical, $"{obj.Entity} should not be critical");
                    break;
                case "unknown":
                    mine.ShouldNotBeEmpty();
                    mine.ShouldNotContain(f => f.Severity == FindingSeverity.Critical);
                    break;
                default:
                    // Unannotated fixtures are all problems per the dataset README.
                    mine.ShouldContain(f => f.Severity != FindingSeverity.Info, $"{obj.Entity} should be flagged");
                    break;
            }
            if (status is not null && KindsByStatus.TryGetValue(status, out var kinds))
            {
                mine.ShouldContain(f => kinds.Contains(f.Kind), $"{obj.Entity} expected {string.Join("|", kinds)}, got {string.Join(", ", mine.Select(f => f.Kind))}");
            }
            foreach (var f in mine)
            {
                f.Title.ShouldNotBeNullOrWhiteSpace();
                f.Evidence.ShouldNotBeEmpty();
                f.Commands.ShouldNotBeEmpty();
                Enum.IsDefined(f.Severity).ShouldBeTrue();
            }
        }
    }

    [Fact]
    public void Popeye_node_list_flags_pressure_network_and_not_ready_but_not_healthy_nodes()
    {
        var findings = RunFile("popeye/node-list.yaml");
        Of(findings, "n1").ShouldBeEmpty();
        Of(findings, "n2").Select(f => f.Kind).ShouldContain("k8s.node.network_unavailable");
        Of(findings, "n3").Where(f => f.Kind == "k8s.node.pressure").Select(f => f.Attr("condition")).OrderBy(x => x)
            .ShouldBe(["DiskPressure", "MemoryPressure", "PIDPressure"]);
        Of(findings, "n3").Select(f => f.Kind).ShouldContain("k8s.node.network_unavailable");
        Of(findings, "n4").Select(f => f.Kind).ShouldContain("k8s.node.not_ready");
        Of(findings, "n4").Select(f => f.Kind).ShouldContain("k8s.node.cordoned");
        Of(findings, "n5").ShouldBeEmpty();
    }

    [Fact]
    public void Popeye_pvc_list_flags_lost_and_pending_claims_only()
    {
        var findings = RunFile("popeye/pvc-list.yaml");
        Of(findings, "pvc1").ShouldBeEmpty();
        Of(findings, "pvc2").Single().Kind.ShouldBe("k8s.pvc.lost");
        Of(findings, "pvc2").Single().Severity.ShouldBe(FindingSeverity.Critical);
        Of(findings, "pvc3").Single().Kind.ShouldBe("k8s.pvc.pending");
    }

    [Fact]
    public void Popeye_pv_list_flags_failed_and_pending_volumes()
    {
        var findings = RunFile("popeye/pv-list.yaml");
        Of(findings, "pv1").ShouldBeEmpty();
        Of(findings, "pv2").Single().Kind.ShouldBe("k8s.pv.failed");
        Of(findings, "pv3").Single().Severity.ShouldBe(FindingSeverity.Info);
        Of(findings, "pv4").Single().Kind.ShouldBe("k8s.pv.pending");
    }

    [Fact]
    public void Popeye_deployment_list_flags_zero_available_and_zero_scale()
    {
        var findings = RunFile("popeye/deployment-list.yaml");
        Of(findings, "dp1").ShouldBeEmpty();
        var dp2 = Of(findings, "dp2").Single();
        dp2.Kind.ShouldBe("k8s.deployment.unavailable");
        dp2.Attr("available").ShouldBe("0");
        dp2.Attr("desired").ShouldBe("1");
        Of(findings, "dp3").Single().Kind.ShouldBe("k8s.deployment.scaled_to_zero");
    }

    private static List<Firefighter.Analysis.Finding> RunFile(string relative)
    {
        var evidence = new EvidenceSet();
        KubeYaml.ReadInto(evidence, File.ReadAllText(Path.Combine(Root, relative)), relative);
        evidence.Warnings.ShouldBeEmpty();
        return KubeTestKit.Run(evidence);
    }

    private static List<Firefighter.Analysis.Finding> Of(List<Firefighter.Analysis.Finding> findings, string name) => findings.Where(f => f.Entity.Name == name).ToList();
}
