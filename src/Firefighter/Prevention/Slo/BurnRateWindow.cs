using Firefighter.Prevention.Rules;
namespace Firefighter.Prevention.Slo;

/// <summary>One multi-window burn-rate condition: the share of the error budget it alerts on, its short and long windows.</summary>
/// <param name="ErrorBudgetPercent">Share of the period's error budget consumed over <paramref name="LongWindow"/> that triggers it.</param>
/// <param name="ShortWindow">Short window (Prometheus duration), guards against alerting after the burn stopped.</param>
/// <param name="LongWindow">Long window (Prometheus duration).</param>
public sealed record BurnRateWindow(double ErrorBudgetPercent, string ShortWindow, string LongWindow)
{
    /// <summary>The burn-rate factor for an SLO period: budget share × period / long window (14.4 for 2% over 1h in 30d).</summary>
    public double Factor(TimeSpan period) =>
        Math.Round(ErrorBudgetPercent * period.TotalSeconds / (100 * (PromDuration.TryParse(LongWindow) ?? TimeSpan.FromHours(1)).TotalSeconds), 10);
}
