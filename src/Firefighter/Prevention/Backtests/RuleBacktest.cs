namespace Firefighter.Prevention.Backtests;

/// <summary>How one alerting rule would have behaved on the incident's data.</summary>
public sealed record RuleBacktest
{
    /// <summary>The rule's group.</summary>
    public required string Group { get; init; }

    /// <summary>The alert name.</summary>
    public required string Alert { get; init; }

    /// <summary>The expression evaluated.</summary>
    public required string Expr { get; init; }

    /// <summary>The rule's <c>for</c>.</summary>
    public string For { get; init; } = "0s";

    /// <summary>True when it fired at least once in the window.</summary>
    public bool Fired { get; init; }

    /// <summary>When it first fired for the incident: the first firing still active at the onset or starting after it (any firing when no onset is known).</summary>
    public DateTimeOffset? FirstFiring { get; init; }

    /// <summary>The labels of the series that fired first.</summary>
    public IReadOnlyDictionary<string, string>? FirstFiringLabels { get; init; }

    /// <summary>Minutes between <see cref="FirstFiring"/> and the first page; positive = earlier than the page.</summary>
    public double? MinutesBeforePage { get; init; }

    /// <summary>Minutes between <see cref="FirstFiring"/> and the onset; positive = before the onset.</summary>
    public double? MinutesBeforeOnset { get; init; }

    /// <summary>Noise: firings that started and resolved before the onset (false alarms during the healthy baseline).</summary>
    public int BaselineFirings { get; init; }

    /// <summary>All episodes (pending and firing), by time.</summary>
    public IReadOnlyList<AlertEpisode> Episodes { get; init; } = [];

    /// <summary>Metric names the expression reads that are absent from the evidence.</summary>
    public IReadOnlyList<string> MissingMetrics { get; init; } = [];

    /// <summary>The evaluation error (bad PromQL...), null when it evaluated.</summary>
    public string? Error { get; init; }

    /// <summary>First firing in promtool's own evaluation of the downsampled series (the generated test file), when one was made.</summary>
    public DateTimeOffset? PromtoolFirstFiring { get; init; }

    /// <summary>True when it fired by the onset plus five minutes with no noise in the baseline: the rule would have caught this incident.</summary>
    public bool Caught { get; init; }

    /// <summary>One line for reports: "would have fired at ..., N min before ...; N false alarms in the baseline".</summary>
    public required string Summary { get; init; }
}
