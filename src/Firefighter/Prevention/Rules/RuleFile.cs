namespace Firefighter.Prevention.Rules;

/// <summary>A Prometheus rule file (<c>groups:</c>) and what could not be read from it.</summary>
public sealed record RuleFile
{
    /// <summary>The groups.</summary>
    public IReadOnlyList<RuleGroup> Groups { get; init; } = [];

    /// <summary>Problems found while reading (file and reason), empty when clean.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Every alerting rule with its group, in file order.</summary>
    public IEnumerable<(RuleGroup Group, AlertingRule Rule)> AlertRules =>
        Groups.SelectMany(g => g.Rules.Where(r => r.IsAlert).Select(r => (g, r)));
}
