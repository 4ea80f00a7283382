namespace Firefighter.Prevention.Backtests;

/// <summary>The evaluation grid of a backtest: Unix-second start, step in seconds, number of evaluations.</summary>
public sealed record BacktestWindow(long Start, long Step, int Steps)
{
    /// <summary>Unix seconds of the last evaluation.</summary>
    public long End => Start + ((Steps - 1) * Step);
}
