using Firefighter.Evidence;
using Firefighter.Hypotheses;
using Firefighter.Prevention.Backtests;
using Firefighter.Prevention.Rules;
using Firefighter.Reports;

namespace Firefighter.Sources.Promtool;

/// <summary>The one call <c>ff investigate</c> makes: backtest every suggested alert rule of a report on the evidence and fill their Backtest lines.</summary>
public static class SuggestionBacktester
{
    /// <summary>Backtests the report's suggestions on <paramref name="evidence"/>'s metrics (onset from the report, first page from its alerts).</summary>
    /// <returns>The report with <see cref="AlertRuleSuggestion.Backtest"/> filled, and the full backtest (warnings say when Prometheus could not run).</returns>
    public static async Task<(InvestigationReport Report, BacktestReport Backtest)> FillAsync(InvestigationReport report, EvidenceSet evidence,
        BacktestOptions? options = null, CancellationToken cancellationToken = default)
    {
        var rules = AlertRuleGenerator.FromReport(report);
        if (!rules.AlertRules.Any() || evidence.Metrics.Count == 0)
        {
            return (report, new BacktestReport { Onset = report.Onset, Warnings = ["no alert rules or no metrics to backtest"] });
        }
        var backtest = await PrometheusBacktester.RunAsync(rules, evidence.Metrics, report.Onset, evidence.Alerts, options, cancellationToken);
        return (BacktestAnnotator.Annotate(report, backtest), backtest);
    }
}
