namespace Firefighter.Prevention.Rules;

/// <summary>One rule of a Prometheus rule group: an alerting rule (<see cref="Alert"/> set) or a recording rule (<see cref="Record"/> set).</summary>
public sealed record AlertingRule
{
    /// <summary>Alert name, for alerting rules.</summary>
    public string? Alert { get; init; }

    /// <summary>Recorded series name, for recording rules.</summary>
    public string? Record { get; init; }

    /// <summary>The PromQL expression.</summary>
    public required string Expr { get; init; }

    /// <summary>How long the expression must hold before the alert fires (Prometheus duration), null = 0s.</summary>
    public string? For { get; init; }

    /// <summary>Labels added to the alert or recorded series.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Annotations (alerting rules only).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Why the rule looks the way it does, written as comment lines above it; null for none.</summary>
    public string? Comment { get; init; }

    /// <summary>True for an alerting rule.</summary>
    public bool IsAlert => Alert is not null;

    /// <summary>The <c>for</c> duration, zero when absent or unreadable.</summary>
    public TimeSpan ForDuration => PromDuration.TryParse(For) ?? TimeSpan.Zero;
}
