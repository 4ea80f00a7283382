using Firefighter.Evidence;
using Firefighter.Investigation;
using Firefighter.Sources.Bundles;
using Firefighter.Testing;
using Firefighter.Analysis;
using Firefighter.Hypotheses;
using Firefighter.Reports;

namespace Firefighter.Sources.Tests.Investigation;

public class SampleScreeningTests
{
    private static readonly IReadOnlyList<Signature> Shipped = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]).Signatures;

    private static EvidenceSet Read(string sample) => BundleReader.Read(RepoPaths.InRepo("samples", sample), TimeProvider.System).Evidence!;

    private static InvestigationReport Investigate(EvidenceSet evidence) =>
        new Investigator(BuiltIn.Analyzers, Shipped, TimeProvider.System).Investigate(evidence);

    // Ground truth from samples/README.md; "two samples" is two steps of the coarsest series that shows the failure (30 s).
    [Theory]
    [InlineData("oom-after-deploy", "2024-01-15T14:22:10Z", "api")]
    [InlineData("db-connection-refused", "2024-01-15T13:58:40Z", "postgres")]
    public void Screening_at_the_onset_ranks_the_causing_component_first(string sample, string trueOnset, string cause)
    {
        var report = Investigate(Read(sample));

        report.Onset.ShouldNotBeNull();
        (report.Onset.Value - DateTimeOffset.Parse(trueOnset, System.Globalization.CultureInfo.InvariantCulture)).Duration().ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(60));
        var screened = report.Findings.Where(f => f.Kind == "metrics.screen").OrderBy(f => int.Parse(f.Attr("rank")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        screened.ShouldNotBeEmpty();
        screened[0].Entity.Name.ShouldBe(cause, string.Join("; ", screened.Select(f => f.Title)));
        screened[0].Attr("onset").ShouldNotBeNullOrEmpty();
        double.Parse(screened[0].Attr("score")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(Firefighter.Metrics.SeriesScreener.Significant);
    }

    [Theory]
    [InlineData("oom-after-deploy", "oom-memory-leak-after-deploy", "api")]
    [InlineData("db-connection-refused", "disk-full", "postgres")]
    public void Screening_and_fusion_leave_the_samples_top_hypothesis_unchanged(string sample, string signature, string entity)
    {
        var report = Investigate(Read(sample));

        report.Hypotheses[0].Signature.ShouldBe(signature);
        report.Hypotheses[0].Entity.Name.ShouldBe(entity);
        // Without traces, metrics and logs may name culprit services too, but a ranking without traces never outweighs the specific cause.
        report.Hypotheses.Where(h => h.Signature.StartsWith("service-", StringComparison.Ordinal)).ShouldAllBe(h => h.Confidence < report.Hypotheses[0].Confidence);
    }

    [Fact]
    public void Services_whose_structured_log_fields_name_the_failing_database_are_its_victims_not_rival_causes()
    {
        // orders logs {"msg":"query failed","db":"postgres.shop.svc.cluster.local:5432"}, frontend {"upstream":"checkout"}:
        // the callee is in a field, not the message. Read as call-graph edges, they make orders, checkout and frontend victims.
        var report = Investigate(Read("db-connection-refused"));

        report.Hypotheses.Where(h => h.Supported).ShouldAllBe(h => h.Entity.Name == "postgres", string.Join("; ", report.Hypotheses.Select(h => $"{h.Signature} {h.Entity.Name} {h.Supported}")));
        var victims = report.Findings.Where(f => f.Kind == "fusion.victim").Select(f => f.Entity.Name).ToList();
        victims.ShouldContain("orders");
        victims.ShouldContain("frontend");
    }

    [Fact]
    public void A_culprit_service_on_the_same_component_as_the_supported_cause_is_explained_by_it_not_a_rival()
    {
        var report = Investigate(Read("oom-after-deploy"));

        var top = report.Hypotheses[0];
        top.Entity.ShouldBe(new EntityRef("Deployment", "production", "api"));
        // The api Service fronts the api Deployment: a service-level reading of the same failure must not stand as a second cause.
        var sameComponent = report.Hypotheses.Where(h => h.Signature.StartsWith("service-", StringComparison.Ordinal) && h.Entity.Name == "api").ToList();
        sameComponent.ShouldNotBeEmpty();
        sameComponent.ShouldAllBe(h => !h.Supported);
        top.Evidence.ShouldContain(c => c.Text.StartsWith("Explains: ", StringComparison.Ordinal) && c.Finding.StartsWith("fusion.", StringComparison.Ordinal));
        // ...and the report says so wherever it lists it, so nobody reads it as a rival at 70%.
        sameComponent.ShouldAllBe(h => h.ExplainedBy == new HypothesisRef(top.Signature, top.Entity));
        var md = new StringWriter();
        new Firefighter.Reports.Rendering.MarkdownReportRenderer().Render(report, md);
        md.ToString().ShouldContain($"{sameComponent[0].Rank}. **{sameComponent[0].Title}** on `{sameComponent[0].Entity}`: confidence {Firefighter.Reports.Rendering.ReportView.Percent(sameComponent[0].Confidence)}, explained by #{top.Rank} ({top.Title})");
    }

    [Theory]
    [InlineData("oom-after-deploy", "2024-01-15T14:22:10Z", "api")]
    [InlineData("db-connection-refused", "2024-01-15T13:58:40Z", "postgres")]
    public void With_metrics_alone_the_onset_comes_from_the_metrics_and_screening_still_points_at_the_cause(string sample, string trueOnset, string cause)
    {
        var full = Read(sample);
        var metricsOnly = new EvidenceSet { Origin = full.Origin, Incident = full.Incident };
        metricsOnly.Metrics.AddRange(full.Metrics);

        var report = Investigate(metricsOnly);

        report.OnsetEvidence.ShouldNotBeNull();
        report.OnsetEvidence.Finding.ShouldStartWith("metrics.");
        (report.Onset!.Value - DateTimeOffset.Parse(trueOnset, System.Globalization.CultureInfo.InvariantCulture)).Duration().ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(60), report.OnsetEvidence.Text);
        report.Findings.Where(f => f.Kind == "metrics.screen").MinBy(f => int.Parse(f.Attr("rank")!, System.Globalization.CultureInfo.InvariantCulture))!
            // Without the Kubernetes objects a StatefulSet pod (postgres-0) cannot be tied to its workload: the pod is the component.
            .Entity.Name.ShouldStartWith(cause);
    }

    [Fact]
    public void When_only_an_alert_gives_the_onset_the_metrics_shift_replaces_it()
    {
        var full = Read("db-connection-refused");
        var evidence = new EvidenceSet { Origin = full.Origin, Incident = full.Incident };
        evidence.Alerts.AddRange(full.Alerts);
        // Only series that move by less than the level-shift threshold of a symptom would leave the alert as the onset: keep pg_up.
        evidence.Metrics.AddRange(full.Metrics.Where(m => m.Name == "pg_up"));

        var report = Investigate(evidence);

        report.Onset.ShouldNotBeNull();
        (report.Onset.Value - DateTimeOffset.Parse("2024-01-15T13:58:40Z", System.Globalization.CultureInfo.InvariantCulture)).Duration().ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void The_healthy_sample_stays_healthy_with_screening()
    {
        var report = Investigate(Read("healthy"));

        report.Status.ShouldBe("healthy");
        report.Findings.Where(f => f.Kind.StartsWith("metrics.screen", StringComparison.Ordinal)).ShouldAllBe(f => f.Severity == FindingSeverity.Info);
    }
}
