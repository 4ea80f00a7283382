using System.Globalization;
using Firefighter.Evidence;
using Firefighter.Metrics;
using Firefighter.Analysis;
using Firefighter.Alerts;

namespace Firefighter.Correlation;

/// <summary>Measures impact (error ratios, replicas down, critical alerts) and derives the severity P0–P3 from it.</summary>
/// <remarks>Rules (docs/cli.md, "Severity"): P0 — error ratio ≥ 0.9, or every replica of a serving workload down;
/// P1 — error ratio ≥ 0.25, or half or more of a workload's replicas down, or a critical alert firing;
/// P2 — error ratio ≥ 0.01, or any replica down, or any critical finding; P3 — problems without measured impact.</remarks>
public static class ImpactAssessor
{
    /// <summary>The measured impact.</summary>
    public sealed record Result(SeverityAssessment Severity, IReadOnlyList<Citation> Statements, bool Recovered, string? RecoveryEvidence);

    /// <summary>Assesses impact from the evidence and findings.</summary>
    public static Result Assess(EvidenceSet evidence, IReadOnlyList<Finding> findings, DateTimeOffset? onset, DateTimeOffset now)
    {
        var inv = CultureInfo.InvariantCulture;
        var statements = new List<Citation>();
        var reasons = new List<string>();

        double maxRatio = 0;
        foreach (var s in evidence.Metrics.Where(ErrorRatio.Is))
        {
            var (before, after, at) = BeforeAfter(s, onset);
            if (after > 0.005 && after > before * 2)
            {
                statements.Add(new Citation("metrics.error_ratio",
                    $"{s.Id}: error ratio {after.ToString("0.###", inv)} at peak{(at is null ? "" : $" ({at:HH:mm} UTC)")}, {before.ToString("0.###", inv)} before the onset",
                    [s.Ref with { Field = s.Id }]));
                maxRatio = Math.Max(maxRatio, after);
            }
        }

        var worstDown = 0.0;
        var anyServingAllDown = false;
        foreach (var w in evidence.Objects.Where(o => o.Kind is "Deployment" or "StatefulSet"))
        {
            var desired = ToInt(w.Json["spec"]?["replicas"]) ?? 1;
            var ready = ToInt(w.Json["status"]?["readyReplicas"]) ?? 0;
            if (desired <= 0 || ready >= desired)
            {
                continue;
            }
            var down = (desired - ready) / (double)desired;
            worstDown = Math.Max(worstDown, down);
            anyServingAllDown |= ready == 0;
            statements.Add(new Citation("k8s.workload.ready", $"{w.Kind.ToLowerInvariant()}/{w.Name}: {ready}/{desired} replicas ready",
                [w.At("status.readyReplicas", ready.ToString(inv))]));
        }

        var criticalAlerts = findings.Where(f => f.Kind == AlertFindingKinds.Firing && f.Severity == FindingSeverity.Critical && f.Attr("status") != "resolved").ToList();
        foreach (var a in criticalAlerts.Take(3))
        {
            statements.Add(new Citation(a.Kind, a.Title, a.Evidence));
        }

        string level;
        if (maxRatio >= 0.9 || (anyServingAllDown && maxRatio >= 0.25))
        {
            level = "P0";
        }
        else if (maxRatio >= 0.25 || worstDown >= 0.5 || criticalAlerts.Count > 0)
        {
            level = "P1";
        }
        else if (maxRatio >= 0.01 || worstDown > 0 || findings.Any(f => f.Severity == FindingSeverity.Critical))
        {
            level = "P2";
        }
        else
        {
            level = "P3";
        }
        if (maxRatio > 0) { reasons.Add($"peak error ratio {maxRatio.ToString("0.###", inv)}"); }
        if (worstDown > 0) { reasons.Add($"up to {worstDown.ToString("0%", inv)} of a workload's replicas not ready"); }
        if (criticalAlerts.Count > 0) { reasons.Add($"{criticalAlerts.Count} critical alert(s) firing"); }
        if (reasons.Count == 0) { reasons.Add("problems found, no measured user impact in the evidence"); }

        var resolved = findings.Where(f => f.Kind == AlertFindingKinds.Firing).ToList();
        var recovered = resolved.Count > 0 && resolved.All(f => f.Attr("status") == "resolved") && worstDown == 0;
        // One object dumped twice (a List and its own file) is one fact, cited from both.
        statements = statements.GroupBy(c => c.Text, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.First() : g.First() with { Refs = [.. g.SelectMany(c => c.Refs).Distinct()] }).ToList();
        return new Result(new SeverityAssessment(level, reasons), statements, recovered,
            recovered ? "all alerts resolved and all workloads at their desired ready replicas" : null);
    }

    private static (double Before, double After, DateTimeOffset? At) BeforeAfter(MetricSeries s, DateTimeOffset? onset)
    {
        var split = onset?.ToUnixTimeSeconds() ?? double.NegativeInfinity;
        var before = new List<double>();
        double after = 0;
        DateTimeOffset? at = null;
        for (var i = 0; i < s.Count; i++)
        {
            var v = s.Values[i];
            if (!double.IsFinite(v)) { continue; }
            if (s.Timestamps[i] < split) { before.Add(v); }
            else if (v > after)
            {
                after = v;
                at = DateTimeOffset.FromUnixTimeMilliseconds((long)(s.Timestamps[i] * 1000));
            }
        }
        before.Sort();
        return (before.Count == 0 ? 0 : before[before.Count / 2], after, at);
    }

    private static int? ToInt(System.Text.Json.Nodes.JsonNode? node) =>
        int.TryParse(KubeObject.Str(node), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

}
