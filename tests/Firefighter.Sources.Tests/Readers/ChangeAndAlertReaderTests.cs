using Firefighter.Evidence;
using Firefighter.Testing;

namespace Firefighter.Sources.Tests.Readers;

public class ChangeAndAlertReaderTests
{
    [Fact]
    public void ChangesYaml_FieldsTargetsAndMissingTime()
    {
        using var bundle = new TestBundle().Copy("changes/deploys.yaml", TestBundle.Fixture("changes.yaml"));

        var evidence = bundle.ReadOk();

        evidence.Changes.Count.ShouldBe(2);
        var deploy = evidence.Changes[0];
        deploy.Time.ShouldBe(new DateTimeOffset(2024, 1, 15, 14, 10, 0, TimeSpan.Zero));
        deploy.Kind.ShouldBe("deploy");
        deploy.Target.ShouldBe(new EntityRef("Deployment", "production", "api"));
        deploy.Version.ShouldBe("1.14.0");
        deploy.PreviousVersion.ShouldBe("1.13.2");
        deploy.Author.ShouldBe("jane@example.com");
        deploy.Ref.ShouldBe(new EvidenceRef("changes/deploys.yaml", 1, null, "Raise cache warm-up batch"));
        evidence.Changes[1].Target.ShouldBe(new EntityRef("ConfigMap", null, "api-config"));
        evidence.Changes[1].Ref.Line.ShouldBe(9);
        evidence.Warnings.ShouldContain(w => w.Source == "changes/deploys.yaml" && w.Line == 9 && w.Message.Contains("no time zone"));
        evidence.Warnings.ShouldContain(w => w.Source == "changes/deploys.yaml" && w.Line == 13 && w.Message == "change without a time; skipped");
    }

    [Fact]
    public void ChangesJson_WrapperObjectEpochAndTargetObject()
    {
        using var bundle = new TestBundle().Copy("changes/changes.json", TestBundle.Fixture("changes.json"));

        var changes = bundle.ReadOk().Changes;

        changes.Count.ShouldBe(2);
        changes[0].Target.ShouldBe(new EntityRef("Service", null, "checkout"));
        changes[0].Ref.Line.ShouldBe(2);
        changes[1].Time.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1705327800));
        changes[1].Kind.ShouldBe("rollback");
        changes[1].Target.ShouldBe(new EntityRef("Deployment", "shop", "orders"));
        changes[1].PreviousVersion.ShouldBe("2.4.0");
        changes[1].Ref.Line.ShouldBe(3);
    }

    [Fact]
    public void GitLog_CommitsWithAuthorDateAndMessage()
    {
        using var bundle = new TestBundle().Copy("changes/api.gitlog", TestBundle.Fixture("api.gitlog"));

        var changes = bundle.ReadOk().Changes;

        changes.Count.ShouldBe(2);
        changes[0].Kind.ShouldBe("commit");
        changes[0].Version.ShouldBe("3f1c2e4d5b6a79801f2e3d4c5b6a7980a1b2c3d4");
        changes[0].Author.ShouldBe("Jane Doe <jane@example.com>");
        changes[0].Time.ShouldBe(new DateTimeOffset(2024, 1, 15, 14, 10, 3, TimeSpan.Zero));
        changes[0].Description.ShouldBe("Raise cache warm-up batch to 50k entries\n\nThe warm-up now loads the full catalogue at start.");
        changes[0].Target.ShouldBe(new EntityRef("Repository", null, "api"));
        changes[1].Time.ShouldBe(new DateTimeOffset(2024, 1, 12, 17, 30, 0, TimeSpan.Zero));
        changes[1].Ref.Line.ShouldBe(9);
    }

    [Fact]
    public void RolloutHistory_NoTimes_WarnsWithRevisions()
    {
        using var bundle = new TestBundle().Copy("changes/rollout.txt", TestBundle.Fixture("rollout-history.txt"));

        var evidence = bundle.ReadOk();

        evidence.Changes.ShouldBeEmpty();
        var warning = evidence.Warnings.Where(w => w.Source == "changes/rollout.txt").ShouldHaveSingleItem();
        warning.Line.ShouldBe(2);
        warning.Message.ShouldContain("deployment.apps/api");
        warning.Message.ShouldContain("3 revision(s) (1, 2, 3)");
        evidence.Files.ShouldContain(new SourceFile("changes/rollout.txt", "changes", 0));
    }

    [Fact]
    public void AlertmanagerWebhook_RealExamples()
    {
        using var bundle = new TestBundle()
            .Copy("alerts/full.json", RepoPaths.InShared("formats", "alertmanager", "webhook_v4.full-fields.json"))
            .Copy("alerts/old.json", RepoPaths.InShared("formats", "alertmanager", "webhook_v4.prometheus-msteams-fixture.json"));

        var alerts = bundle.ReadOk().Alerts;

        alerts.Count.ShouldBe(2);
        alerts.ShouldAllBe(a => a.Name == "high_memory_load" && a.Status == "firing" && a.EndsAt == null);
        alerts[0].StartsAt.ShouldBe(new DateTimeOffset(2018, 3, 7, 11, 33, 21, TimeSpan.Zero).AddTicks(8730775));
        alerts[0].Label("instance").ShouldBe("10.80.40.11:9100");
        alerts[0].Annotations["summary"].ShouldBe("Server High Memory usage");
        alerts[0].Ref.Source.ShouldBe("alerts/full.json");
        alerts[0].Ref.Line.ShouldBe(20);
        alerts[1].Ref.Source.ShouldBe("alerts/old.json");
    }

    [Fact]
    public void ResolvedAlert_KeepsEndsAt()
    {
        using var bundle = new TestBundle().Text("alerts/a.json", """
            {"status":"resolved","alerts":[{"status":"resolved","labels":{"alertname":"KubePodCrashLooping","pod":"api-1"},
              "startsAt":"2024-01-15T14:20:00Z","endsAt":"2024-01-15T14:40:00Z"}]}
            """);

        var alert = bundle.ReadOk().Alerts.ShouldHaveSingleItem();

        alert.Status.ShouldBe("resolved");
        alert.EndsAt.ShouldBe(new DateTimeOffset(2024, 1, 15, 14, 40, 0, TimeSpan.Zero));
    }
}
