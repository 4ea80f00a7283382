using Firefighter.Hypotheses;
using Firefighter.Reports;

namespace Firefighter.Prevention.Rules;

/// <summary>Turns an investigation's alert rule suggestions into a Prometheus rule file, one group per hypothesis.</summary>
public static class AlertRuleGenerator
{
    /// <summary>The rule file for <paramref name="report"/>'s hypotheses (supported first, then by rank); identical rules are kept once.</summary>
    /// <param name="report">The finished investigation.</param>
    /// <param name="runbookBase">Prefix of the runbook link; the signature id and <c>.md</c> are appended.</param>
    public static RuleFile FromReport(InvestigationReport report, string runbookBase = "runbooks/")
    {
        var seen = new HashSet<(string, string)>();
        var groups = new List<RuleGroup>();
        var groupNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var h in Ordered(report))
        {
            var rules = new List<AlertingRule>();
            foreach (var a in h.Alerts)
            {
                if (!seen.Add((a.Name, a.Expr)))
                {
                    continue;
                }
                rules.Add(FromSuggestion(a, h, runbookBase));
            }
            if (rules.Count == 0)
            {
                continue;
            }
            var name = "firefighter-" + h.Signature;
            for (var i = 2; !groupNames.Add(name); i++)
            {
                name = $"firefighter-{h.Signature}-{i}";
            }
            groups.Add(new RuleGroup { Name = name, Rules = rules });
        }
        return new RuleFile { Groups = groups };
    }

    /// <summary>The hypotheses in the order their rules are written: supported first, then by rank.</summary>
    public static IEnumerable<Hypothesis> Ordered(InvestigationReport report) =>
        report.Hypotheses.OrderByDescending(h => h.Supported).ThenBy(h => h.Rank);

    /// <summary>The rule group of one hypothesis (<c>firefighter-&lt;signature&gt;</c>), as <c>alerts.yml</c> holds it.</summary>
    public static RuleGroup ForHypothesis(Hypothesis hypothesis, string runbookBase = "runbooks/") => new()
    {
        Name = "firefighter-" + hypothesis.Signature,
        Rules = [.. hypothesis.Alerts.Select(a => FromSuggestion(a, hypothesis, runbookBase))],
    };

    /// <summary>One alerting rule from a suggestion, with severity, signature, summary, description and runbook link.</summary>
    public static AlertingRule FromSuggestion(AlertRuleSuggestion suggestion, Hypothesis hypothesis, string runbookBase = "runbooks/")
    {
        // Library and recipe descriptions are Go templates on purpose; the hypothesis's cause is evidence text and must not be one.
        var description = suggestion.Description is { Length: > 0 } d
            ? $"{Sentence(d)} Cause found in the incident: {Sentence(NoTemplate(hypothesis.Cause))}"
            : $"{Sentence(NoTemplate(hypothesis.Cause))} Current value: {{{{ $value }}}}.";
        if (suggestion.Backtest is { Length: > 0 } bt)
        {
            description += " Backtest on the incident that suggested it: " + NoTemplate(bt) + ".";
        }
        return new AlertingRule
        {
            Alert = suggestion.Name,
            Expr = suggestion.Expr,
            For = PromDuration.TryParse(suggestion.For) is not null ? suggestion.For : "0m",
            Labels = new Dictionary<string, string>
            {
                ["severity"] = suggestion.Severity is { Length: > 0 } s ? s : "warning",
                ["signature"] = hypothesis.Signature,
            },
            Annotations = Annotations(suggestion, description, runbookBase + hypothesis.Signature + ".md"),
            Comment = suggestion.Comment,
        };
    }

    private static Dictionary<string, string> Annotations(AlertRuleSuggestion suggestion, string description, string runbook)
    {
        var annotations = new Dictionary<string, string>
        {
            ["summary"] = suggestion.Summary,
            ["description"] = description,
            ["runbook_url"] = runbook,
        };
        if (suggestion.Source.StartsWith("awesome-prometheus-alerts", StringComparison.Ordinal))
        {
            annotations["source"] = suggestion.Source + " — " + LibraryRule.Attribution;
        }
        return annotations;
    }

    private static string Sentence(string text) => text.Length == 0 || text.EndsWith('.') ? text : text + ".";

    // Evidence text is copied into Go templates: a literal "{{" would be parsed as a template action.
    private static string NoTemplate(string text) => text.Replace("{{", "{ {", StringComparison.Ordinal).Replace("}}", "} }", StringComparison.Ordinal);
}
