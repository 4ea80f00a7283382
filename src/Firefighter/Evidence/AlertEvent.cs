namespace Firefighter.Evidence;

/// <summary>One alert from an Alertmanager webhook payload.</summary>
/// <param name="Name">alertname label.</param>
/// <param name="Status">firing or resolved.</param>
/// <param name="Labels">All labels.</param>
/// <param name="Annotations">All annotations (summary, description, runbook_url...).</param>
/// <param name="StartsAt">When it started firing.</param>
/// <param name="EndsAt">When it resolved; null while firing.</param>
/// <param name="Ref">Where it was read.</param>
public sealed record AlertEvent(string Name, string Status, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, EvidenceRef Ref)
{
    /// <summary>The label value, or null.</summary>
    public string? Label(string name) => Labels.TryGetValue(name, out var v) ? v : null;
}
