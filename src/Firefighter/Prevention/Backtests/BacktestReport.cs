namespace Firefighter.Prevention.Backtests;

/// <summary>The backtest of a rule file over an incident's metrics.</summary>
public sealed record BacktestReport
{
    /// <summary>Start of the evaluated window.</summary>
    public DateTimeOffset Start { get; init; }

    /// <summary>End of the evaluated window.</summary>
    public DateTimeOffset End { get; init; }

    /// <summary>Evaluation step (the rule groups' smallest interval).</summary>
    public TimeSpan Step { get; init; }

    /// <summary>The onset used, if any.</summary>
    public DateTimeOffset? Onset { get; init; }

    /// <summary>The first page (earliest alert start in the evidence), if any.</summary>
    public DateTimeOffset? FirstPage { get; init; }

    /// <summary>Per alerting rule, in file order.</summary>
    public IReadOnlyList<RuleBacktest> Rules { get; init; } = [];

    /// <summary>What was skipped or could not be done.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Path of the <c>promtool test rules</c> file written, if any.</summary>
    public string? PromtoolTestFile { get; init; }
}
