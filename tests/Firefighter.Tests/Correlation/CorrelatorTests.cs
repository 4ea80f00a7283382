using Firefighter.Analysis;
using Firefighter.Correlation;
using static Firefighter.Tests.Analysis.FindingBuilder;

namespace Firefighter.Tests.Correlation;

public class CorrelatorTests
{
    [Fact]
    public void Onset_is_the_start_of_the_densest_cluster_not_an_early_isolated_blip()
    {
        var findings = new[]
        {
            F("k8s.probe.failed", Pod("worker-1"), 0, FindingSeverity.Warning, 0.6),        // hours earlier, alone
            F("change.deploy", Pod("api-x"), 100, FindingSeverity.Info),                   // a change is never the onset
            F("k8s.container.oomkilled", Pod("api-a"), 140),
            F("logs.error_burst", Pod("gateway-1"), 141),
            F("metrics.level_shift", Pod("api-a"), 142),
        };

        var (onset, from) = Correlator.FindOnset(findings);

        onset.ShouldBe(T0.AddMinutes(140));
        from!.Kind.ShouldBe("k8s.container.oomkilled");
    }

    [Fact]
    public void No_symptoms_means_no_onset()
    {
        var (onset, _) = Correlator.FindOnset([F("change.deploy", Pod("a"), 0, FindingSeverity.Info), F("metrics.steady_growth", Pod("a"), 1)]);

        onset.ShouldBeNull();
    }

    [Fact]
    public void Timeline_is_ascending_and_keeps_changes_and_the_onset()
    {
        var findings = new[]
        {
            F("logs.error_burst", Pod("gw"), 50),
            F("change.deploy", Pod("api"), 5, FindingSeverity.Info),
            F("k8s.container.oomkilled", Pod("api-a"), 45),
        };
        var (onset, from) = Correlator.FindOnset(findings);

        var timeline = Correlator.Timeline(findings, onset, from);

        timeline.Select(t => t.Time).ShouldBeInOrder(SortDirection.Ascending);
        timeline.ShouldContain(t => t.Kind == "change");
        timeline.ShouldContain(t => t.Kind == "onset" && t.Time == T0.AddMinutes(45));
    }
}
