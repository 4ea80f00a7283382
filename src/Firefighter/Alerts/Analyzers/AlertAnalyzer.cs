using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Alerts;

namespace Firefighter.Alerts.Analyzers;

/// <summary>Turns alerts that fired into <c>alert.firing</c> findings on the entity their labels name.</summary>
public sealed class AlertAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "alerts.firing";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [AlertFindingKinds.Firing];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var findings = new List<Finding>();
        foreach (var a in context.Evidence.Alerts)
        {
            var ns = a.Label("namespace") ?? context.Evidence.Incident.Namespace;
            var entity = a.Label("pod") is { } pod ? new EntityRef("Pod", ns, pod)
                : a.Label("deployment") is { } dep ? new EntityRef("Deployment", ns, dep)
                : a.Label("statefulset") is { } sts ? new EntityRef("StatefulSet", ns, sts)
                : a.Label("service") is { } svc ? new EntityRef("Service", ns, svc)
                : a.Label("job") is { } job ? new EntityRef("Service", ns, job)
                : a.Label("instance") is { } inst ? new EntityRef("Host", null, inst)
                : new EntityRef("Alert", ns, a.Name);
            var severity = a.Label("severity") ?? "warning";
            var summary = a.Annotations.TryGetValue("summary", out var s) ? s : a.Annotations.TryGetValue("description", out var d) ? d : "";
            var attrs = new Dictionary<string, string>(a.Labels) { ["alertname"] = a.Name, ["status"] = a.Status };
            findings.Add(new Finding(AlertFindingKinds.Firing, $"Alert {a.Name} {a.Status}{(summary.Length > 0 ? ": " + summary : "")}",
                entity, a.StartsAt, a.EndsAt, severity is "critical" or "page" ? 0.8 : 0.6, [a.Ref])
            {
                Severity = severity is "critical" or "page" ? FindingSeverity.Critical : FindingSeverity.Warning,
                Attributes = attrs,
                Analyzer = Name,
            });
        }
        return AnalyzerResult.Of(findings);
    }
}
