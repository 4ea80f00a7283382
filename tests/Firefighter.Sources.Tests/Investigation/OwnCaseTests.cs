using Firefighter.Hypotheses;
using Firefighter.Investigation;
using Firefighter.Sources.Bundles;
using Firefighter.Testing;

namespace Firefighter.Sources.Tests.Investigation;

/// <summary>The own incident cases under <c>tests/Firefighter.Sources.Tests/Cases</c>: evidence written as kubectl and the apps print it, each
/// with an <c>expect.json</c> judged as <c>../shared/datasets/incidents/score.py</c> judges the corpus (key facts in the top 3; healthy
/// controls without a sure hypothesis, here without any hypothesis at all).</summary>
public class OwnCaseTests
{
    private static readonly string CasesDir = RepoPaths.InRepo("tests", "Firefighter.Sources.Tests", "Cases");

    private static readonly IReadOnlyList<Signature> Shipped = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]).Signatures;

    // The fused service signatures (signatures/service-*.yaml) are reworked under issue 14 and have cases in samples/ and the simulators.
    private static bool Issue14(string id) => id.StartsWith("service-", StringComparison.Ordinal);

    // Signatures without an own case yet (each is exercised by the incident corpus or the unit tests of its analyzer); this list only shrinks.
    private static readonly HashSet<string> NoCaseYet = new(StringComparer.Ordinal)
    {
        "argocd-sync-failed", "cascading-failure-origin", "cluster-member-down", "cluster-partition", "cluster-resource-alarm",
        "config-change-broke-dependency", "config-change-regression", "connection-pool-exhausted", "crash-exit-code", "crashloop-after-deploy",
        "dependency-down", "dependency-timeouts-rising", "disk-full", "feature-flag-regression",
        "hpa-unable-to-scale", "ingress-not-served", "latency-degradation-logged", "memory-leak-logged",
        "missing-reference", "namespace-typo", "networkpolicy-blocks-egress", "node-pod-capacity", "node-problem",
        "oom-memory-leak-after-deploy", "pod-failed", "pod-stuck-terminating", "quota-exhausted", "rate-limit-exhaustion", "recurring-window-failures",
        "replicaset-cannot-create-pods", "replication-lag", "route-upstream-timeout", "server-refuses-root", "slow-database-query",
        "slow-span", "unresolvable-host", "cronjob-failing",
    };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(CasesDir).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_case_states_its_key_facts_in_the_top_three(string name)
    {
        var dir = Path.Combine(CasesDir, name);
        var expect = CaseScorer.Load(dir);
        var evidence = BundleReader.Read(dir, TimeProvider.System).Evidence;
        evidence.ShouldNotBeNull(name);

        var report = new Investigator(BuiltIn.Analyzers, Shipped, TimeProvider.System).Investigate(evidence);

        var (passed, why) = CaseScorer.Judge(expect, report.Hypotheses);
        passed.ShouldBeTrue($"{name}: {why}");
    }

    [Fact]
    public void There_are_forty_cases_or_more_and_five_healthy_controls_that_ask_for_no_hypothesis()
    {
        var expects = Directory.GetDirectories(CasesDir).Select(CaseScorer.Load).ToList();

        expects.Count.ShouldBeGreaterThanOrEqualTo(40);
        expects.Count(e => e.Healthy && e.NoHypothesis).ShouldBeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public void Every_signature_has_its_own_case_except_the_listed_ones()
    {
        var covered = Directory.GetDirectories(CasesDir).Select(CaseScorer.Load).Select(e => e.Signature).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var ids = Shipped.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);

        ids.Where(id => !covered.Contains(id) && !NoCaseYet.Contains(id) && !Issue14(id)).Order(StringComparer.Ordinal).ShouldBeEmpty("signatures without a case");
        NoCaseYet.Where(covered.Contains).ShouldBeEmpty("have a case now: remove them from NoCaseYet");
        NoCaseYet.Where(id => !ids.Contains(id)).ShouldBeEmpty("not a shipped signature");
    }
}
