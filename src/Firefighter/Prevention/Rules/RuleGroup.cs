namespace Firefighter.Prevention.Rules;

/// <summary>A Prometheus rule group: a name, an optional evaluation interval and its rules.</summary>
public sealed record RuleGroup
{
    /// <summary>Group name, unique in a file.</summary>
    public required string Name { get; init; }

    /// <summary>Evaluation interval (Prometheus duration); null = the global default (1m).</summary>
    public string? Interval { get; init; }

    /// <summary>The rules, in evaluation order.</summary>
    public IReadOnlyList<AlertingRule> Rules { get; init; } = [];
}
