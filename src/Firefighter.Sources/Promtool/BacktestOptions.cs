namespace Firefighter.Sources.Promtool;

/// <summary>Options of a backtest run.</summary>
public sealed record BacktestOptions
{
    /// <summary>Where to write the <c>promtool test rules</c> file; null = do not write one.</summary>
    public string? PromtoolTestPath { get; init; }

    /// <summary>The rule file on disk the test file should reference; null = write the rules beside the test file.</summary>
    public string? RulesPath { get; init; }

    /// <summary>Scratch folder (TSDB, draft files); null = a new folder under the system temp folder, deleted afterwards.</summary>
    public string? WorkDir { get; init; }
}
