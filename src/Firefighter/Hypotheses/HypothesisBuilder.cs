using System.Globalization;
using System.Text.RegularExpressions;
using Firefighter.Analysis;
using Firefighter.Evidence;
using Firefighter.Correlation;

namespace Firefighter.Hypotheses;

/// <summary>Turns signature matches into ranked hypotheses: fills templates, folds symptom signatures into the cause found on the same component, ranks.</summary>
public static partial class HypothesisBuilder
{
    private const double CauseBonus = 0.1;

    /// <summary>Builds ranked hypotheses; a hypothesis is Supported when its confidence reaches the threshold.</summary>
    public static IReadOnlyList<Hypothesis> Build(IReadOnlyList<SignatureMatcher.Match> matches, DateTimeOffset? onset, double threshold, EntityGraph? graph = null)
    {
        var drafts = matches.Select(m => new Draft(m, m.Confidence)).ToList();

        // A symptom signature (the dependency is down) on the same component as a cause signature is explained by it:
        // the cause inherits the symptom's evidence and chain, the symptom ranks below it.
        foreach (var symptom in drafts.Where(d => d.Match.Signature.Level == "symptom"))
        {
            var cause = drafts.Where(d => d.Match.Signature.Level != "symptom" && d.Match.Anchor == symptom.Match.Anchor)
                .OrderByDescending(d => d.Confidence).FirstOrDefault();
            if (cause is null)
            {
                continue;
            }
            cause.Confidence = Math.Min(0.99, cause.Confidence + CauseBonus);
            cause.ExplainedSymptoms.Add(symptom);
            // As a root cause the symptom is weaker than what explains it, however sure we are that it happened.
            symptom.Confidence = Math.Max(0, Math.Min(symptom.Confidence - CauseBonus, cause.Confidence - 0.05));
            symptom.ExplainedBy = cause;
        }

        if (graph is not null)
        {
            FoldVictims(drafts, graph, threshold);
        }

        var ranked = drafts
            .OrderByDescending(d => d.Confidence >= threshold && d.ExplainedBy is null)
            .ThenByDescending(d => Math.Round(d.Confidence, 6))
            .ThenBy(d => d.Match.Signature.Level == "symptom" ? 1 : 0)
            .ThenBy(d => FirstStart(d.Match) ?? DateTimeOffset.MaxValue)
            .ThenBy(d => d.Match.Signature.Id, StringComparer.Ordinal)
            .ThenBy(d => d.Match.Anchor.ToString(), StringComparer.Ordinal)
            .ToList();
        return ranked.Select((d, i) => ToHypothesis(d, i + 1, onset, threshold)).ToList();
    }

    /// <summary>A weaker hypothesis on the same component as a stronger supported cause, or on a component that calls the cause's
    /// component (a caller of a dependency that is down fails because of it), is that cause seen from elsewhere: it is explained by it.</summary>
    private static void FoldVictims(List<Draft> drafts, EntityGraph graph, double threshold)
    {
        EntityRef Component(EntityRef e) => e.Kind == "Service" ? graph.WorkloadOfService(e) ?? e : graph.Workload(e);
        var causes = drafts.Where(d => d.Match.Signature.Level != "symptom" && d.ExplainedBy is null && d.Confidence >= threshold)
            .OrderByDescending(d => d.Confidence).ToList();
        foreach (var d in drafts.Where(d => d.ExplainedBy is null).OrderBy(d => d.Confidence).ToList())
        {
            var own = Component(d.Match.Anchor);
            foreach (var cause in causes)
            {
                if (cause == d || cause.ExplainedBy is not null || cause.Confidence <= d.Confidence)
                {
                    continue;
                }
                var callers = cause.Match.Callers.Concat(cause.ExplainedSymptoms.SelectMany(x => x.Match.Callers)).Select(Component);
                if (Component(cause.Match.Anchor) == own || callers.Contains(own))
                {
                    cause.ExplainedSymptoms.Add(d);
                    d.Confidence = Math.Min(d.Confidence, cause.Confidence - 0.05);
                    d.ExplainedBy = cause;
                    break;
                }
            }
        }
    }

    private static DateTimeOffset? FirstStart(SignatureMatcher.Match m) =>
        m.Clauses.Where(c => c.Clause.Role is "required").SelectMany(c => c.Findings).Min(f => f.Start);

    private static Hypothesis ToHypothesis(Draft d, int rank, DateTimeOffset? onset, double threshold)
    {
        var m = d.Match;
        var vars = Variables(m, onset);
        string Fill(string template) => FillTemplate(template, vars);

        var evidence = new List<Citation>();
        var against = new List<Citation>();
        foreach (var (clause, hits) in m.Clauses)
        {
            if (clause.Role is "required" or "support" && hits.Count > 0)
            {
                evidence.AddRange(hits.Take(3).Select(f => new Citation(f.Kind, f.Title, f.Evidence)));
            }
            else if (clause.Role == "against" && hits.Count > 0)
            {
                against.AddRange(hits.Take(2).Select(f => new Citation(f.Kind, (clause.Says.Length > 0 ? Fill(clause.Says) + ": " : "") + f.Title, f.Evidence)));
            }
            else if (clause.Role == "expected" && hits.Count == 0)
            {
                against.Add(new Citation(clause.Kind, clause.Says.Length > 0 ? Fill(clause.Says) : $"no {clause.Kind} finding", []));
            }
        }
        // The surest folded readings first: the evidence list is capped, and a weak one must not crowd out a strong one.
        foreach (var s in d.ExplainedSymptoms.OrderByDescending(s => s.Match.Confidence))
        {
            var explained = s.Match.Clauses.Where(c => c.Clause.Scope == "dependents").SelectMany(c => c.Findings).Take(3).ToList();
            if (explained.Count == 0)
            {
                // A folded victim (not a symptom signature): its strongest finding says what it saw.
                explained = s.Match.Clauses.SelectMany(c => c.Findings).Take(1).ToList();
            }
            evidence.AddRange(explained.Select(f => new Citation(f.Kind, "Explains: " + f.Title, f.Evidence)));
        }
        if (d.ExplainedBy is { } by)
        {
            against.Add(new Citation("hypothesis", $"A deeper cause on the same component explains it: {by.Match.Signature.Id} on {by.Match.Anchor}", []));
        }

        var whys = CausalChain(d, m, vars, onset);

        var supported = d.Confidence >= threshold && d.ExplainedBy is null;
        return new Hypothesis
        {
            Rank = rank,
            Signature = m.Signature.Id,
            Title = Tidy(Fill(m.Signature.Title)),
            Cause = Tidy(Fill(m.Signature.Cause)),
            Confidence = Math.Round(d.Confidence, 3),
            Supported = supported,
            ExplainedBy = d.ExplainedBy is { } cause ? new HypothesisRef(cause.Match.Signature.Id, cause.Match.Anchor) : null,
            Entity = m.Anchor,
            Category = m.Signature.Category,
            Evidence = Dedupe(evidence),
            Against = against,
            Whys = whys,
            Mitigation = m.Signature.Mitigation.Select(s => FillCommand(s.Command, vars) is { } command
                    ? new PlanStep(command, Tidy(Fill(s.Why)), s.Verify is null ? null : FillCommand(s.Verify, vars))
                    : null).OfType<PlanStep>().ToList(),
            Fix = m.Signature.Fix.Select(f => Tidy(Fill(f))).ToList(),
            Alerts = m.Signature.Alerts.Select(a => new AlertRuleSuggestion(a.Name, Fill(a.Expr), a.For, a.Severity, Fill(a.Summary))).ToList(),
            ActionItems = m.Signature.ActionItems.Select(a => new ActionItem(a.Priority, a.Category, Tidy(Fill(a.Text)))).ToList(),
            Collect = m.Signature.Collect.Select(c => Tidy(Fill(c))).ToList(),
            Confirm = m.Signature.Runbook.Confirm.Select(c => FillCommand(c, vars)).OfType<string>().ToList(),
            Escalate = m.Signature.Runbook.Escalate.Select(c => Tidy(Fill(c))).ToList(),
        };
    }

    private const int MaxWhys = 5;

    /// <summary>The five whys as one chain down to the cause: the surface symptom seen by the callers (from the strongest symptom this cause
    /// explains), then the cause's own steps, deepest last. Each step states a different fact (its backing finding and its answer are
    /// new); the chain stops where the evidence stops, and when it is too long the surface is cut, never the root.</summary>
    private static List<Why> CausalChain(Draft d, SignatureMatcher.Match m, Dictionary<string, string> vars, DateTimeOffset? onset)
    {
        var own = Whys(m, vars).ToList();
        // Only a symptom of the callers (a dependents clause with findings) leads down to this cause; a folded victim's own story
        // ("the failing spans begin in orders") would argue for another culprit.
        var surface = d.ExplainedSymptoms
            .Where(s => s.Match.Clauses.Any(c => c.Clause.Scope == "dependents" && c.Findings.Count > 0))
            .OrderByDescending(s => s.Match.Confidence)
            .Select(s => Whys(s.Match, Variables(s.Match, onset)).ToList())
            .FirstOrDefault() ?? [];
        var chain = new List<(Why Why, Finding Backing)>();
        var facts = new HashSet<string>(StringComparer.Ordinal);
        var answers = new HashSet<string>(StringComparer.Ordinal);
        var questions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (why, backing, answer) in surface.Concat(own))
        {
            // The same finding, answer or question again is a circle, not a deeper step.
            // Two pods of one workload in the same state are one fact.
            if (!facts.Add(backing.Kind + "|" + PodSuffix().Replace(backing.Entity.Name, "")) | !answers.Add(answer) | !questions.Add(why.Question))
            {
                continue;
            }
            chain.Add((why, backing));
        }
        var ownKept = chain.Count(c => own.Any(o => ReferenceEquals(o.Why, c.Why)));
        var surfaceKept = Math.Max(0, MaxWhys - ownKept);
        var surfaceRows = chain.Where(c => !own.Any(o => ReferenceEquals(o.Why, c.Why))).ToList();
        return [.. surfaceRows.Skip(Math.Max(0, surfaceRows.Count - surfaceKept)).Concat(chain.Where(c => own.Any(o => ReferenceEquals(o.Why, c.Why))))
            .Select(c => c.Why).TakeLast(MaxWhys)];
    }

    private static IEnumerable<(Why Why, Finding Backing, string Answer)> Whys(SignatureMatcher.Match m, Dictionary<string, string> vars)
    {
        foreach (var w in m.Signature.Whys)
        {
            // A step stands only when a finding of its kind backs it: the chain stops where the evidence stops.
            var backing = m.Clauses.Where(c => c.Clause.Role is "required" or "support" && KindMatches(c.Clause.Kind, w.Kind))
                .SelectMany(c => c.Findings).FirstOrDefault();
            if (backing is null)
            {
                yield break;
            }
            var answer = Tidy(FillTemplate(w.Answer, vars));
            yield return (new Why(Tidy(FillTemplate(w.Question, vars)), answer + " — " + backing.Title, backing.Evidence.Take(3).ToList()), backing, answer);
        }
    }

    private static bool KindMatches(string clauseKind, string whyKind) =>
        clauseKind == whyKind || (whyKind.EndsWith('*') && clauseKind.StartsWith(whyKind[..^1], StringComparison.Ordinal));

    private static List<Citation> Dedupe(List<Citation> citations)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return citations.Where(c => seen.Add(c.Finding + "|" + c.Text)).Take(12).ToList();
    }

    private static Dictionary<string, string> Variables(SignatureMatcher.Match m, DateTimeOffset? onset)
    {
        var vars = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["workload"] = m.Anchor.Name,
            ["kind"] = m.Anchor.Kind.ToLowerInvariant(),
            ["namespace"] = m.Anchor.Namespace ?? "default",
            ["entity"] = m.Anchor.ToString(),
        };
        if (onset is { } o)
        {
            vars["onset"] = o.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        }
        if (m.Callers.Count > 0)
        {
            vars["callers"] = string.Join(", ", m.Callers.Select(c => c.Name).Distinct().Take(5));
        }
        foreach (var (clause, hits) in m.Clauses)
        {
            if (clause.Role is not ("required" or "support"))
            {
                continue;
            }
            foreach (var f in hits.Take(1))
            {
                foreach (var (k, v) in f.Attributes)
                {
                    vars.TryAdd(k, v);
                }
                vars.TryAdd("pod", f.Entity.Kind == "Pod" ? f.Entity.Name : "");
            }
        }
        return vars;
    }

    /// <summary>Fills <c>{name}</c> and <c>{name|other|default text}</c>: the first name with a non-empty value, else the last alternative as
    /// literal text. A name without a value and without a default becomes empty (the sentence is tidied after), never a visible placeholder.</summary>
    internal static string FillTemplate(string template, IReadOnlyDictionary<string, string> vars) =>
        Placeholder().Replace(template, x => Resolve(x.Groups[1].Value, vars).Text);

    /// <summary>Fills a command template; null when the command cannot be run as written: a name without a value and without a
    /// default, or a default that is a name for the user to type in (all capitals: <c>POD</c>, <c>SERVICE</c>).</summary>
    /// <remarks>A step with a hole in it is worse than no step: at 3 a.m. it is copied and run as it is.</remarks>
    internal static string? FillCommand(string template, IReadOnlyDictionary<string, string> vars)
    {
        var runnable = true;
        var text = Placeholder().Replace(template, x =>
        {
            var (value, bound) = Resolve(x.Groups[1].Value, vars);
            if (!bound && (!x.Groups[1].Value.Contains('|', StringComparison.Ordinal) || IsTypeIn(value)))
            {
                runnable = false;
            }
            return value;
        });
        return runnable ? text : null;
    }

    private static (string Text, bool Bound) Resolve(string placeholder, IReadOnlyDictionary<string, string> vars)
    {
        var alternatives = placeholder.Split('|');
        foreach (var name in alternatives)
        {
            if (vars.TryGetValue(name.Trim(), out var v) && v.Length > 0)
            {
                return (v, true);
            }
        }
        return (alternatives.Length > 1 ? alternatives[^1] : "", false);
    }

    private static bool IsTypeIn(string text) => text.Length > 1 && text.All(c => c is (>= 'A' and <= 'Z') or '_');

    /// <summary>Collapses the gaps an empty optional value leaves ("Secret x  which", "( )").</summary>
    private static string Tidy(string text) => Spaces().Replace(EmptyParens().Replace(text, ""), " ").Replace(" ,", ",", StringComparison.Ordinal).Replace(" :", ":", StringComparison.Ordinal).Replace(" .", ".", StringComparison.Ordinal).Trim();

    // Kubernetes pod names: <workload>-<replicaset hash>-<5 chars>, or <statefulset>-<ordinal>.
    [GeneratedRegex(@"(-[a-z0-9]{6,10})?-[a-z0-9]{5}$|-\d+$")]
    private static partial Regex PodSuffix();

    [GeneratedRegex(@"\(\s*\)")]
    private static partial Regex EmptyParens();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*(?:\|[A-Za-z_][A-Za-z0-9_]*)*(?:\|[^{}|]*)?)\}")]
    private static partial Regex Placeholder();

    private sealed class Draft(SignatureMatcher.Match match, double confidence)
    {
        public SignatureMatcher.Match Match { get; } = match;
        public double Confidence { get; set; } = confidence;
        public List<Draft> ExplainedSymptoms { get; } = [];
        public Draft? ExplainedBy { get; set; }
    }
}
