using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Correlation;
using Firefighter.Hypotheses;
using Firefighter.Reports;

namespace Firefighter.Testing;

/// <summary>Hand-built reports: an OOM after a deploy (three hypotheses, timeline, charts, warnings), a healthy one, one without a supported cause.</summary>
public static class ReportFixtures
{
    /// <summary>A script tag planted in a log excerpt: hostile input is normal.</summary>
    public const string PlantedScript = "<script>alert('pwned')</script>";

    private static readonly DateTimeOffset Deploy = At("13:58:00");
    private static readonly DateTimeOffset Onset = At("14:02:30");

    public static DateTimeOffset At(string time) =>
        DateTimeOffset.ParseExact("2024-01-15T" + time + "Z", "yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);

    public static EvidenceRef PodReason { get; } = new("k8s/pods.json#Pod/production/api-deployment-6b7ddd89c6-4x9kl", null, "status.containerStatuses[0].lastState.terminated.reason", "OOMKilled");
    public static EvidenceRef HeapLog { get; } = new("logs/production_api-deployment-6b7ddd89c6-4x9kl_api.log", 1842, null, "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory " + PlantedScript);
    public static EvidenceRef DeployRef { get; } = new("changes/deploys.json", 3, null, "api-deployment image registry.company.com/api:v2.3.1");
    public static EvidenceRef MemoryQuery { get; } = new("metrics/memory.json", null, "container_memory_working_set_bytes{namespace=\"production\",pod=~\"api-deployment.*\"} [13:50,14:35]");
    public static EvidenceRef ErrorsQuery { get; } = new("metrics/http_5xx_ratio.json", null, "sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))");
    public static EvidenceRef OomEvent { get; } = new("k8s/events.json", 17, null, "Memory cgroup out of memory: Kill process 28531 (node)");
    public static EvidenceRef AlertRef { get; } = new("alerts/alertmanager-1.json", 12, null, "HighErrorRatio firing");
    public static EvidenceRef NodeConditions { get; } = new("k8s/nodes.json#Node/node-03", null, "status.conditions[?type=MemoryPressure].status", "False");
    public static EvidenceRef LimitRef { get; } = new("k8s/deployments.json#Deployment/production/api-deployment", null, "spec.template.spec.containers[0].resources.limits.memory", "2Gi");

    private static readonly EntityRef Api = new("Deployment", "production", "api-deployment");

    public static InvestigationReport OomAfterDeploy()
    {
        var oomCitation = new Citation("k8s.container.oomkilled", "api container OOMKilled 8 times in 24 minutes on 2 of 3 pods", [PodReason, OomEvent]);
        var heapCitation = new Citation("logs.template.new", "New log template after the deploy: \"JavaScript heap out of memory\" (8 occurrences)", [HeapLog]);
        var memCitation = new Citation("metrics.level_shift", "Working set rose from 743Mi to 2042Mi (limit 2Gi) from 14:02:30", [MemoryQuery]);
        var deployCitation = new Citation("change.deploy", "api-deployment rolled out v2.3.1 (from v2.2.8) 4 minutes before the onset", [DeployRef]);

        var top = new Hypothesis
        {
            Rank = 1,
            Signature = "oom-after-deploy",
            Title = "api-deployment OOMKilled after the v2.3.1 deploy",
            Cause = "Memory growth introduced in v2.3.1 drives the api container past its 2Gi limit, so the kernel OOM-kills it",
            Confidence = 0.86,
            Supported = true,
            Entity = Api,
            Category = "memory",
            Evidence = [oomCitation, memCitation, heapCitation, deployCitation],
            Against = [new Citation("gap", "No heap profile in the evidence to name the leaking allocation", [])],
            Whys =
            [
                new Why("Why are api pods restarting?", "The container is OOMKilled by the kernel", [PodReason, OomEvent]),
                new Why("Why is it OOMKilled?", "Working set reaches the 2Gi memory limit", [MemoryQuery, LimitRef]),
                new Why("Why does it reach the limit now?", "Memory grows steadily only since the v2.3.1 rollout", [DeployRef, MemoryQuery]),
            ],
            Mitigation =
            [
                new PlanStep("kubectl rollout undo deployment/api-deployment -n production", "Roll back to v2.2.8, which ran at 743Mi", "kubectl rollout status deployment/api-deployment -n production"),
                new PlanStep("kubectl top pods -n production -l app=api", "Confirm memory stays flat after the rollback", null),
            ],
            Fix = ["Find the allocation growth introduced between v2.2.8 and v2.3.1 (the deploy changed api/src/services/cache.js)", "Add a soak test that runs long enough to show slow leaks"],
            Alerts =
            [
                new AlertRuleSuggestion("PodApproachingOOMKill", "container_memory_working_set_bytes{pod=~\"api-deployment.*\"} / container_spec_memory_limit_bytes{pod=~\"api-deployment.*\"} > 0.9", "5m", "critical", "Pod {{ $labels.pod }} near its memory limit")
                {
                    Backtest = "would have fired at 2024-01-15 14:06:30 UTC, 2 minutes before the first OOMKill",
                },
            ],
            ActionItems =
            [
                new ActionItem("P1", "prevent", "Soak-test releases for 2 hours under production-like load"),
                new ActionItem("P2", "detect", "Deploy the PodApproachingOOMKill alert"),
            ],
            Collect = ["a heap snapshot from a v2.3.1 pod (kubectl exec ... -- node --heapsnapshot-signal)"],
        };
        var limit = new Hypothesis
        {
            Rank = 2,
            Signature = "memory-limit-too-low",
            Title = "Memory limit too low for api-deployment",
            Cause = "The 2Gi limit is below what the api needs under normal load",
            Confidence = 0.41,
            Entity = Api,
            Category = "memory",
            Evidence = [new Citation("k8s.container.oomkilled", "Containers are OOMKilled at the 2Gi limit", [PodReason, LimitRef])],
            Against = [new Citation("metrics.baseline", "v2.2.8 pods ran at 743Mi under the same limit", [MemoryQuery])],
            Collect = ["memory usage of v2.2.8 over a full traffic peak"],
        };
        var node = new Hypothesis
        {
            Rank = 3,
            Signature = "node-memory-pressure",
            Title = "Node memory pressure on node-03",
            Cause = "The node runs out of memory and evicts or kills pods",
            Confidence = 0.12,
            Entity = new EntityRef("Node", null, "node-03"),
            Category = "node",
            Against = [new Citation("k8s.node.conditions", "node-03 reports MemoryPressure=False; OOMs also on node-05", [NodeConditions])],
        };

        return new InvestigationReport
        {
            Status = "root_cause",
            Title = "api 5xx errors and CrashLoopBackOff after deploy (production/api-deployment)",
            Origin = "bundles/oom-after-deploy",
            AsOf = At("14:35:00"),
            Onset = Onset,
            OnsetEvidence = new Citation("metrics.change_point", "change point in working set memory", [MemoryQuery]),
            Severity = new SeverityAssessment("P1", ["2 of 3 api replicas in CrashLoopBackOff", "5xx ratio 0.31 from 14:09", "customer-facing"]),
            Impact =
            [
                new Citation("metrics.level_shift", "31% of api requests failed (5xx ratio 0.31 from 14:09)", [ErrorsQuery]),
                new Citation("k8s.workload.unavailable", "api-deployment: 1 of 3 replicas ready", [LimitRef with { Field = "status.readyReplicas", Excerpt = "1" }]),
            ],
            RecentChanges = [deployCitation],
            Hypotheses = [top, limit, node],
            Findings =
            [
                new Finding("change.deploy", "api-deployment rolled out v2.3.1", Api, Deploy, null, 1, [DeployRef]) { Severity = FindingSeverity.Info, Analyzer = "changes" },
                new Finding("metrics.level_shift", "Working set 743Mi -> 2042Mi", new EntityRef("Deployment", "production", "api-deployment"), Onset, null, 0.93, [MemoryQuery]) { Analyzer = "metrics.changepoint", Attributes = new Dictionary<string, string> { ["metric"] = "container_memory_working_set_bytes", ["before"] = "743Mi", ["after"] = "2042Mi" } },
                new Finding("k8s.container.oomkilled", "api OOMKilled (8 restarts)", new EntityRef("Pod", "production", "api-deployment-6b7ddd89c6-4x9kl"), At("14:09:12"), null, 1, [PodReason, OomEvent]) { Severity = FindingSeverity.Critical, Analyzer = "k8s.pods", Commands = ["kubectl describe pod api-deployment-6b7ddd89c6-4x9kl -n production"] },
                new Finding("logs.template.new", "New template: JavaScript heap out of memory", new EntityRef("Container", "production", "api-deployment-6b7ddd89c6-4x9kl/api"), At("14:09:10"), null, 0.9, [HeapLog]) { Severity = FindingSeverity.Critical, Analyzer = "logs.templates" },
                new Finding("k8s.node.conditions", "node-03 healthy | no pressure", new EntityRef("Node", null, "node-03"), null, null, 0.2, [NodeConditions]) { Severity = FindingSeverity.Info, Analyzer = "k8s.nodes" },
            ],
            Timeline =
            [
                new TimelineEntry(Deploy, "deploy", "api-deployment v2.2.8 -> v2.3.1", [DeployRef]),
                new TimelineEntry(Onset, "onset", "Working set memory starts rising", [MemoryQuery]),
                new TimelineEntry(At("14:09:10"), "first_error", "JavaScript heap out of memory", [HeapLog]),
                new TimelineEntry(At("14:09:12"), "restart", "First OOMKill of api-deployment-6b7ddd89c6-4x9kl", [PodReason, OomEvent]),
                new TimelineEntry(At("14:12:00"), "alert", "HighErrorRatio fired", [AlertRef]),
            ],
            Warnings =
            [
                new EvidenceWarning("logs/production_api-deployment-6b7ddd89c6-9pr3x_api.log", 77, "unparseable timestamp; line skipped"),
                new EvidenceWarning("traces/", null, "no trace files in the bundle"),
            ],
            Unknowns = ["which allocation grows (no heap profile)"],
            Checklist =
            [
                new ChecklistItem("Root cause is identified with evidence", true, "hypothesis #1 supported at 86%"),
                new ChecklistItem("Service is fully restored and stable", false, null),
                new ChecklistItem("No data loss or corruption occurred", false, null),
                new ChecklistItem("Monitoring will catch recurrence", false, null),
            ],
            Charts =
            [
                new ChartSeries("api working set memory", "container_memory_working_set_bytes{pod=~\"api-deployment.*\"}", "bytes", Ramp(At("13:50:00"), 91, i => i < 25 ? 743e6 + (i % 3) * 4e6 : Math.Min(2042e6, 743e6 + (i - 25) * 45e6)), MemoryQuery),
                new ChartSeries("api 5xx ratio", "sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))", "ratio", Ramp(At("13:50:00"), 91, i => i < 38 ? 0.002 : i == 40 ? double.NaN : 0.31), ErrorsQuery),
            ],
            Inventory =
            [
                new SourceFile("changes/deploys.json", "changes", 4),
                new SourceFile("k8s/pods.json", "k8s", 3),
                new SourceFile("k8s/events.json", "events", 41),
                new SourceFile("logs/production_api-deployment-6b7ddd89c6-4x9kl_api.log", "logs", 2210),
                new SourceFile("metrics/memory.json", "metrics", 3),
            ],
            Analyzers = ["changes", "k8s.nodes", "k8s.pods", "logs.templates", "metrics.changepoint"],
        };
    }

    public static InvestigationReport Healthy() => new()
    {
        Status = "healthy",
        Title = "No problem found in production/api",
        Origin = "bundles/healthy",
        AsOf = At("14:35:00"),
        Severity = new SeverityAssessment("P3", ["no impact measured"]),
        Inventory = [new SourceFile("k8s/pods.json", "k8s", 3), new SourceFile("logs/api.log", "logs", 120)],
        Analyzers = ["k8s.pods", "logs.templates"],
    };

    public static InvestigationReport NotEstablished()
    {
        var oom = OomAfterDeploy();
        return oom with
        {
            Status = "problems",
            Hypotheses = [.. oom.Hypotheses.Select(h => h with { Supported = false, Confidence = h.Confidence / 2 })],
            Checklist = [],
        };
    }

    private static List<double[]> Ramp(DateTimeOffset start, int count, Func<int, double> value)
    {
        var points = new List<double[]>(count);
        for (var i = 0; i < count; i++)
        {
            points.Add([start.ToUnixTimeSeconds() + (i * 30), value(i)]);
        }
        return points;
    }
}
