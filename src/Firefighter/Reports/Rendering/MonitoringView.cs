using Firefighter.Hypotheses;
using Firefighter.Prevention.Rules;
using Firefighter.Prevention.Runbooks;

namespace Firefighter.Reports.Rendering;

/// <summary>What the "Monitoring &amp; Alerts" section of every renderer shows: the rules as alerts.yml holds them, their backtest lines, the runbook.</summary>
public static class MonitoringView
{
    /// <summary>The lead hypothesis's rule group as YAML, exactly as <c>ff alerts generate</c> writes it (comments, annotations, runbook link).</summary>
    public static string RulesYaml(Hypothesis lead) => RuleFileYaml.Write(new RuleFile { Groups = [AlertRuleGenerator.ForHypothesis(lead)] });

    /// <summary>Where a rule comes from, for the reader: the evidence, the signature, or the curated library with its licence.</summary>
    public static string Origin(AlertRuleSuggestion a) =>
        a.Source.StartsWith("awesome-prometheus-alerts", StringComparison.Ordinal) ? a.Source + ", CC BY 4.0"
        : a.Source == "evidence" ? "derived from the evidence's series" : "signature template";

    /// <summary>The rule's backtest line (fired at, lead time vs onset and page, baseline noise), or how to get one.</summary>
    public static string BacktestLine(AlertRuleSuggestion a) =>
        a.Backtest ?? "not backtested on this incident's data (run ff investigate --backtest, or ff alerts backtest)";

    /// <summary>The runbook link of a hypothesis, relative to alerts.yml (as the rules' <c>runbook_url</c>).</summary>
    public static string RunbookPath(Hypothesis h) => "runbooks/" + RunbookWriter.FileName(h.Signature);

    /// <summary>The runbook's confirm, verify and escalate steps (detect is the rules above; mitigate is the plan).</summary>
    public static IReadOnlyList<(string Title, IReadOnlyList<string> Lines)> RunbookSteps(Hypothesis h)
    {
        var steps = new List<(string, IReadOnlyList<string>)>();
        if (h.Confirm.Count > 0)
        {
            steps.Add(("Confirm", h.Confirm));
        }
        var verify = h.Mitigation.Where(m => m.Verify is not null).Select(m => m.Verify!).ToList();
        verify.Add("The alerts above resolve and stay resolved for at least one 'for:' period.");
        steps.Add(("Verify", verify));
        if (h.Escalate.Count > 0)
        {
            steps.Add(("Escalate", h.Escalate));
        }
        return steps;
    }
}
