using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Investigation;
using Firefighter.Testing;
using Firefighter.Hypotheses;
using Firefighter.Prevention.Rules;

namespace Firefighter.Tests.Prevention.Rules;

public class AlertGroundingTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Templates_whose_metrics_are_absent_are_dropped_and_named()
    {
        var ev = Evidence(withLimitSeries: false, withSpec: true);
        var h = Ground(ev, recipes: [], library: []);

        h.Alerts.ShouldBeEmpty();
        h.AlertsNotGrounded.ShouldContain("ContainerMemoryNearLimit needs kube_pod_container_resource_limits");
    }

    [Fact]
    public void Memory_recipe_divides_by_the_limit_series_when_the_evidence_has_one()
    {
        var h = Ground(Evidence(withLimitSeries: true, withSpec: false), recipes: ["memory-near-limit"], library: []);

        var near = h.Alerts.Single(a => a.Name == "ContainerMemoryNearLimit");
        near.Expr.ShouldContain("kube_pod_container_resource_limits{namespace=\"shop\", resource=\"memory\", container=\"cart\"}");
        near.Comment.ShouldBeNull();
        near.Metrics.ShouldBe(["container_memory_working_set_bytes", "kube_pod_container_resource_limits"]);
    }

    [Fact]
    public void Memory_recipe_uses_the_spec_limit_as_a_literal_with_a_comment_when_no_limit_series_exists()
    {
        var h = Ground(Evidence(withLimitSeries: false, withSpec: true), recipes: ["memory-near-limit", "memory-growth"], library: []);

        var near = h.Alerts.Single(a => a.Name == "ContainerMemoryNearLimit");
        near.Expr.ShouldBe("max by (namespace, pod, container) (container_memory_working_set_bytes{namespace=\"shop\", container=\"cart\"}) / 536870912 > 0.9");
        near.Comment!.ShouldContain("512Mi limit of container cart is a literal read from k8s/cart.yaml");
        h.Alerts.Single(a => a.Name == "ContainerMemoryGrowingToLimit").Expr.ShouldContain("predict_linear(container_memory_working_set_bytes{namespace=\"shop\", container=\"cart\"}[1h], 2 * 3600)) > 536870912");
    }

    [Fact]
    public void Memory_recipes_emit_nothing_without_any_limit()
    {
        var h = Ground(Evidence(withLimitSeries: false, withSpec: false), recipes: ["memory-near-limit", "memory-growth"], library: []);

        h.Alerts.ShouldBeEmpty();
    }

    [Fact]
    public void Library_rules_are_emitted_only_when_their_metrics_are_present_and_carry_the_attribution()
    {
        var ev = Evidence(withLimitSeries: false, withSpec: false);
        ev.Metrics.Add(Series("pg_up", 1, ("namespace", "shop"), ("pod", "postgres-0")));

        var h = Ground(ev, recipes: [], library: ["PostgresqlDown", "RedisDown"]);

        var pg = h.Alerts.Single();
        pg.Name.ShouldBe("PostgresqlDown");
        pg.Expr.ShouldBe("pg_up{namespace=\"shop\"} == 0");
        pg.For.ShouldBe("1m");
        pg.Source.ShouldBe("awesome-prometheus-alerts: Postgresql down");
        pg.Comment!.ShouldContain("CC BY 4.0");
        h.AlertsNotGrounded.ShouldContain("RedisDown (awesome-prometheus-alerts) needs redis_up");
    }

    [Fact]
    public void Error_ratio_recipe_builds_a_rate_ratio_from_a_counter_with_a_code_label()
    {
        var ev = new EvidenceSet();
        ev.Metrics.Add(Series("http_requests_total", 10, ("namespace", "shop"), ("service", "cart"), ("code", "200")));
        ev.Metrics.Add(Series("http_requests_total", 1, ("namespace", "shop"), ("service", "cart"), ("code", "503")));

        var h = Ground(ev, recipes: ["error-ratio"], library: []);

        h.Alerts.Single().Expr.ShouldBe(
            "sum by (namespace, service) (rate(http_requests_total{namespace=\"shop\", code=~\"5..\"}[5m]))\n/\nsum by (namespace, service) (rate(http_requests_total{namespace=\"shop\"}[5m])) > 0.05");
    }

    [Fact]
    public void Latency_threshold_is_twice_the_healthy_p99_rounded_up()
    {
        var ev = new EvidenceSet();
        ev.Metrics.Add(Series("http_request_duration_seconds:p99", 0.7292, ("service", "checkout")));

        var h = Ground(ev, recipes: ["latency"], library: []);

        var rule = h.Alerts.Single();
        rule.Expr.ShouldBe("max by (service) (http_request_duration_seconds:p99) > 1.5");
        rule.Comment!.ShouldContain("2 x the highest p99 (0.729s)");
    }

    [Fact]
    public void Without_any_metric_the_templates_are_kept_unchecked()
    {
        var h = Hypothesis();
        AlertGrounding.Ground([h], [Signature([], [])], new EvidenceSet(), T0).Single().Alerts.ShouldBe(h.Alerts);
    }

    [Fact]
    public void Scope_adds_the_namespace_to_selectors_that_carry_it_and_leaves_strings_ranges_and_groupings_alone()
    {
        var expr = "kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes{job=\"kubelet\"} * 100 < 10 and ignoring (reason) predict_linear(kubelet_volume_stats_available_bytes[6h:5m], 4 * 24 * 3600) < 0 and up{namespace=\"x\"} offset 10m";

        var scoped = PromQlScope.Scope(expr, new Dictionary<string, string> { ["namespace"] = "shop" }, (m, _) => m != "absent_metric");

        scoped.ShouldBe("kubelet_volume_stats_available_bytes{namespace=\"shop\"} / kubelet_volume_stats_capacity_bytes{namespace=\"shop\", job=\"kubelet\"} * 100 < 10 and ignoring (reason) predict_linear(kubelet_volume_stats_available_bytes{namespace=\"shop\"}[6h:5m], 4 * 24 * 3600) < 0 and up{namespace=\"x\"} offset 10m");
    }

    [Fact]
    public void The_shipped_library_extract_is_verbatim_upstream_and_names_alerts_like_upstream()
    {
        var extract = File.ReadAllText(RepoPaths.InRepo("src", "Firefighter", "Prevention", "Rules", "Library", "awesome-prometheus-alerts.yml"));
        var upstream = File.ReadAllText(RepoPaths.InShared("formats", "awesome-prometheus-alerts", "rules.yml"));
        var lib = AlertLibrary.BuiltIn;

        lib.Errors.ShouldBeEmpty();
        lib.Rules.Count.ShouldBeGreaterThan(150);
        extract.ShouldContain("CC BY 4.0");
        foreach (var r in lib.Rules)
        {
            upstream.ShouldContain(r.Query.Split('\n')[0]);
        }
        AlertLibrary.AlertName("Kubernetes Volume out of disk space").ShouldBe("KubernetesVolumeOutOfDiskSpace");
        AlertLibrary.AlertName("Prometheus AlertManager E2E dead man switch").ShouldBe("PrometheusAlertmanagerE2eDeadManSwitch");
    }

    [Fact]
    public void Every_library_alert_a_signature_names_exists_and_every_recipe_is_known()
    {
        var sigs = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]).Signatures;
        foreach (var s in sigs)
        {
            s.LibraryAlerts.ShouldAllBe(n => AlertLibrary.BuiltIn.Find(n) != null, s.Id);
            s.AlertRecipes.ShouldAllBe(r => AlertRecipes.Find(r) != null, s.Id);
        }
    }

    private static Hypothesis Ground(EvidenceSet ev, IReadOnlyList<string> recipes, IReadOnlyList<string> library) =>
        AlertGrounding.Ground([Hypothesis()], [Signature(recipes, library)], ev, T0.AddMinutes(120)).Single();

    private static Signature Signature(IReadOnlyList<string> recipes, IReadOnlyList<string> library) => new()
    {
        Id = "oom-memory-leak-after-deploy",
        Title = "t",
        Cause = "c",
        AlertRecipes = recipes,
        LibraryAlerts = library,
    };

    private static Hypothesis Hypothesis() => new()
    {
        Signature = "oom-memory-leak-after-deploy",
        Title = "leak",
        Cause = "cart leaks",
        Entity = new EntityRef("Deployment", "shop", "cart"),
        Alerts =
        [
            new AlertRuleSuggestion("ContainerMemoryNearLimit",
                "container_memory_working_set_bytes{namespace=\"shop\"} / on (namespace, pod, container) kube_pod_container_resource_limits{resource=\"memory\"} > 0.9",
                "5m", "warning", "near limit"),
        ],
    };

    private static EvidenceSet Evidence(bool withLimitSeries, bool withSpec)
    {
        var ev = new EvidenceSet();
        ev.Metrics.Add(Series("container_memory_working_set_bytes", 300e6, ("namespace", "shop"), ("pod", "cart-7d9-x"), ("container", "cart")));
        if (withLimitSeries)
        {
            ev.Metrics.Add(Series("kube_pod_container_resource_limits", 512 * 1024 * 1024, ("namespace", "shop"), ("pod", "cart-7d9-x"), ("container", "cart"), ("resource", "memory")));
        }
        if (withSpec)
        {
            var json = JsonNode.Parse("""{"kind":"Deployment","metadata":{"name":"cart","namespace":"shop"},"spec":{"template":{"spec":{"containers":[{"name":"cart","resources":{"limits":{"memory":"512Mi"}}}]}}}}""")!.AsObject();
            ev.Objects.Add(new KubeObject("Deployment", "shop", "cart", json, new EvidenceRef("k8s/cart.yaml")));
        }
        return ev;
    }

    private static MetricSeries Series(string name, double value, params (string K, string V)[] labels)
    {
        var ts = Enumerable.Range(0, 60).Select(m => (double)T0.AddMinutes(m).ToUnixTimeSeconds()).ToArray();
        return new MetricSeries(name, labels.ToDictionary(l => l.K, l => l.V), ts, ts.Select(_ => value).ToArray(), new EvidenceRef("metrics/" + name + ".json"));
    }
}
