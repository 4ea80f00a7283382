using System.Text.RegularExpressions;
using Firefighter.Analysis;
using Firefighter.Changes;
using Firefighter.Evidence;

namespace Firefighter.Hypotheses;

/// <summary>Keeps in "Run now" only what the evidence justifies: a rollback only when a change to that workload precedes the onset
/// (and always with a way to verify it); otherwise the step becomes the check that would justify it.</summary>
/// <remarks>O(hypotheses × steps × change findings). Never throws; does not mutate its inputs.</remarks>
public static partial class PlanJustifier
{
    // How far before the onset a change still counts as "just before" (the same window as the report's recent changes).
    private static readonly TimeSpan Lookback = TimeSpan.FromHours(24);

    /// <summary>The hypotheses with each rollback step either justified by a change (cited in its why) or replaced by the check to make first.</summary>
    public static IReadOnlyList<Hypothesis> Justify(IReadOnlyList<Hypothesis> hypotheses, IReadOnlyList<Finding> findings, DateTimeOffset? onset)
    {
        var changes = findings.Where(f => f.Kind == ChangeFindingKinds.Deploy || f.Kind == ChangeFindingKinds.Config).ToList();
        return hypotheses.Select(h => h.Mitigation.Any(s => IsRollback(s.Command)) ? h with { Mitigation = Steps(h, changes, onset) } : h).ToList();
    }

    /// <summary>Whether a command undoes a release (<c>kubectl rollout undo</c>, <c>helm rollback</c>, <c>argocd app rollback</c>).</summary>
    public static bool IsRollback(string command) => Rollback().IsMatch(command);

    /// <summary>The change to <paramref name="entity"/> that precedes <paramref name="onset"/> (the latest within a day), or null.</summary>
    public static Finding? ChangeBefore(EntityRef entity, IEnumerable<Finding> changes, DateTimeOffset? onset) =>
        changes.Where(c => Same(c.Entity, entity) && c.Start is { } t && (onset is null || (t <= onset && t >= onset.Value - Lookback)))
            .OrderByDescending(c => c.Start).FirstOrDefault();

    private static List<PlanStep> Steps(Hypothesis h, List<Finding> changes, DateTimeOffset? onset)
    {
        var steps = new List<PlanStep>();
        var change = ChangeBefore(h.Entity, changes, onset);
        var target = Target(change?.Entity ?? h.Entity);
        foreach (var step in h.Mitigation)
        {
            if (!IsRollback(step.Command))
            {
                steps.Add(step);
            }
            else if (change is not null)
            {
                steps.Add(step with
                {
                    Why = $"{step.Why.TrimEnd('.')} (the change before the onset: {change.Title})",
                    Verify = step.Verify ?? $"kubectl rollout status {target}",
                });
            }
            else if (!steps.Any(s => s.Command.StartsWith("kubectl rollout history", StringComparison.Ordinal)))
            {
                steps.Add(new PlanStep($"kubectl rollout history {target}",
                    $"Check first: no change to {h.Entity.Name} before the onset is in the evidence, so a rollback is not proposed; roll back only if this shows a release just before the onset",
                    null));
            }
        }
        return steps;
    }

    private static string Target(EntityRef e) => $"{Kind(e)}/{e.Name}{(e.Namespace is { } ns ? " -n " + ns : "")}";

    private static string Kind(EntityRef e) => e.Kind is "StatefulSet" or "DaemonSet" or "Deployment" ? e.Kind.ToLowerInvariant() : "deployment";

    // A change to deployment "api" is a change to the api Service, the api Deployment and its pods "api-5c9f-x".
    private static bool Same(EntityRef change, EntityRef entity) =>
        (change.Namespace is null || entity.Namespace is null || change.Namespace == entity.Namespace)
        && (change.Name.Equals(entity.Name, StringComparison.OrdinalIgnoreCase)
            || (entity.Name.Length > change.Name.Length && entity.Name[change.Name.Length] == '-' && entity.Name.StartsWith(change.Name, StringComparison.OrdinalIgnoreCase)));

    [GeneratedRegex(@"\brollout\s+undo\b|\bhelm\s+rollback\b|\bargocd\s+app\s+rollback\b")]
    private static partial Regex Rollback();
}
