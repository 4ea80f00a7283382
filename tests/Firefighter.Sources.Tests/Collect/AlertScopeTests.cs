using Firefighter.Sources.Collect;
using Firefighter.Testing;

namespace Firefighter.Sources.Tests.Collect;

public sealed class AlertScopeTests
{
    private static readonly string FullFields = File.ReadAllText(RepoPaths.InShared("formats", "alertmanager", "webhook_v4.full-fields.json"));

    [Fact]
    public void The_sample_page_names_its_namespace_service_start_and_expression()
    {
        var json = File.ReadAllText(RepoPaths.InRepo("samples", "oom-after-deploy", "alerts", "2024-01-15T1429_HighErrorRate.json"));

        var (scope, error) = AlertScope.Parse(json);

        error.ShouldBeNull();
        scope!.Namespace.ShouldBe("production");
        scope.Services.ShouldBe(["api"]);
        scope.Workloads.ShouldBe(["api"]);
        scope.StartsAt.ShouldBe(new DateTimeOffset(2024, 1, 15, 14, 29, 40, TimeSpan.Zero));
        scope.Fingerprints.ShouldBe(["b5de8d87272508b0"]);
        // The threshold is cut so the ratio is fetched before it crossed 5% too.
        scope.Expressions.ShouldHaveSingleItem().Expr.ShouldBe("sum by (service) (rate(http_requests_total{code=~\"5..\"}[5m])) / sum by (service) (rate(http_requests_total[5m]))");
    }

    [Fact]
    public void An_old_Alertmanager_payload_without_fingerprints_gets_a_stable_one_from_the_labels()
    {
        var json = File.ReadAllText(RepoPaths.InShared("formats", "alertmanager", "webhook_v4.prometheus-msteams-fixture.json"));

        var first = AlertScope.Parse(json).Scope!;
        var second = AlertScope.Parse(json).Scope!;

        first.Fingerprints.ShouldNotBeEmpty();
        first.Fingerprints.ShouldBe(second.Fingerprints);
    }

    [Theory]
    [InlineData("[]", "expected an Alertmanager webhook object")]
    [InlineData("{\"version\":\"3\",\"groupKey\":\"g\",\"alerts\":[]}", "version '3'")]
    [InlineData("{\"version\":\"4\",\"alerts\":[]}", "groupKey is missing")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"g\",\"alerts\":[]}", "alerts must be a non-empty array")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"g\",\"alerts\":[{\"labels\":{}}]}", "alerts[0].labels must be an object with an alertname")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"g\",\"alerts\":[{\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"yesterday\"}]}", "alerts[0].startsAt")]
    [InlineData("{\"version\":\"4\",\"groupKey\":\"g\",\"alerts\":[{\"status\":\"pending\",\"labels\":{\"alertname\":\"A\"},\"startsAt\":\"2024-01-15T14:29:40Z\"}]}", "status 'pending'")]
    [InlineData("\u0000\u0001binary", "not JSON")]
    public void Malformed_payloads_are_refused_with_the_field_at_fault(string json, string message)
    {
        var (scope, error) = AlertScope.Parse(json);

        scope.ShouldBeNull();
        error!.ShouldContain(message);
    }

    [Fact]
    public void Every_truncation_of_a_payload_is_refused_or_read_without_throwing()
    {
        for (var n = 0; n < FullFields.Length; n++)
        {
            var (scope, error) = AlertScope.Parse(FullFields[..n]);
            (scope is null).ShouldBe(error is not null);
        }
    }

    [Fact]
    public void A_deeply_nested_payload_is_refused()
    {
        var (scope, error) = AlertScope.Parse(new string('[', 10_000) + new string(']', 10_000));

        scope.ShouldBeNull();
        error!.ShouldContain("not JSON");
    }
}
