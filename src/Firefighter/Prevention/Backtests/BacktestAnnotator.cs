using Firefighter.Hypotheses;
using Firefighter.Reports;

namespace Firefighter.Prevention.Backtests;

/// <summary>Copies backtest verdicts into a report's <see cref="AlertRuleSuggestion.Backtest"/> lines.</summary>
public static class BacktestAnnotator
{
    /// <summary>A copy of <paramref name="report"/> whose suggestions carry the summary of the backtested rule with the same name and expression.</summary>
    public static InvestigationReport Annotate(InvestigationReport report, BacktestReport backtest)
    {
        var byRule = new Dictionary<(string, string), RuleBacktest>();
        foreach (var r in backtest.Rules)
        {
            byRule.TryAdd((r.Alert, r.Expr.Trim()), r);
        }
        var hypotheses = report.Hypotheses.Select(h => h with
        {
            Alerts = [.. h.Alerts.Select(a => byRule.TryGetValue((a.Name, a.Expr.Trim()), out var r) ? a with { Backtest = r.Summary } : a)],
        }).ToList();
        return report with { Hypotheses = hypotheses };
    }
}
