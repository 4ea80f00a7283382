using Firefighter.Analysis;
using Firefighter.Evidence;
using Firefighter.Hypotheses;

namespace Firefighter.Tests.Hypotheses;

/// <summary>Issue 15: every command in "Run now" is justified by evidence; a rollback needs a change to that workload before the onset.</summary>
public class PlanJustifierTests
{
    private static readonly DateTimeOffset Onset = new(2024, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly EntityRef Checkout = new("Deployment", "shop", "checkout");

    private static Hypothesis WithRollback(EntityRef entity) => new()
    {
        Signature = "service-error-return",
        Title = "checkout returns errors",
        Cause = "checkout fails",
        Entity = entity,
        Mitigation =
        [
            new PlanStep("kubectl rollout undo deployment/checkout -n shop", "Go back to the previous release", null),
            new PlanStep("kubectl logs -n shop deploy/checkout --since=30m", "Read why it fails", null),
        ],
    };

    private static Finding Deploy(string name, DateTimeOffset at) =>
        new("change.deploy", $"Deploy of deployment/{name} to v2", new EntityRef("Deployment", "shop", name), at, null, 0.5, [new EvidenceRef("changes/deploys.json", 3)]);

    [Fact]
    public void Without_any_change_the_rollback_becomes_the_check_to_make_first()
    {
        var h = PlanJustifier.Justify([WithRollback(Checkout)], [], Onset).Single();

        h.Mitigation.ShouldNotContain(s => s.Command.Contains("rollout undo"));
        h.Mitigation[0].Command.ShouldBe("kubectl rollout history deployment/checkout -n shop");
        h.Mitigation[0].Why.ShouldContain("no change to checkout before the onset");
        h.Mitigation[1].Command.ShouldStartWith("kubectl logs");
    }

    [Fact]
    public void A_deploy_of_another_workload_does_not_justify_rolling_this_one_back()
    {
        var h = PlanJustifier.Justify([WithRollback(Checkout)], [Deploy("payments", Onset.AddMinutes(-10))], Onset).Single();

        h.Mitigation.ShouldNotContain(s => s.Command.Contains("rollout undo"));
    }

    [Fact]
    public void A_deploy_after_the_onset_does_not_justify_a_rollback()
    {
        var h = PlanJustifier.Justify([WithRollback(Checkout)], [Deploy("checkout", Onset.AddMinutes(5))], Onset).Single();

        h.Mitigation.ShouldNotContain(s => s.Command.Contains("rollout undo"));
    }

    [Fact]
    public void A_deploy_of_the_workload_before_the_onset_keeps_the_rollback_citing_it_with_a_verification()
    {
        var pod = new EntityRef("Pod", "shop", "checkout-7d9f-abcde");

        var h = PlanJustifier.Justify([WithRollback(pod)], [Deploy("checkout", Onset.AddMinutes(-10))], Onset).Single();

        var rollback = h.Mitigation.Single(s => s.Command.Contains("rollout undo"));
        rollback.Why.ShouldContain("Deploy of deployment/checkout to v2");
        rollback.Verify.ShouldBe("kubectl rollout status deployment/checkout -n shop");
    }
}
