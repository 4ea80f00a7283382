using Firefighter.Analysis;
using Firefighter.Correlation;
using Firefighter.Evidence;

namespace Firefighter.Hypotheses;

/// <summary>Critical findings that no signature explains still become hypotheses that state them: an investigation that found something broken
/// never ends with an empty answer because the knowledge base lacks the pattern.</summary>
/// <remarks>One hypothesis per component (the strongest critical finding on it; the next ones join its cause), ranked after the signature
/// hypotheses it does not outweigh and never called the root cause: the confidence stays below the support threshold. A kind unexplained on
/// more than <see cref="MaxComponentsPerKind"/> components is stated once, by its strongest instance, with its confidence divided by how many
/// components share it (it singles none of them out).</remarks>
public static class UnexplainedFindings
{
    /// <summary>Signature id prefix of these hypotheses (<c>finding:k8s.reference.missing</c>).</summary>
    public const string SignaturePrefix = "finding:";

    private const double MaxConfidence = 0.45;

    /// <summary>Components one finding kind may be stated on separately; beyond this it is stated once.</summary>
    public const int MaxComponentsPerKind = 3;

    /// <summary>The ranked hypotheses with one more per component whose critical findings none of them cites; ranks renumbered.</summary>
    /// <param name="ranked">The signature hypotheses, ranked.</param>
    /// <param name="findings">Every finding of the investigation.</param>
    /// <param name="meaning">What a finding kind means (the catalogue's sentence), or null.</param>
    /// <param name="graph">The entity graph, to group findings by component.</param>
    public static IReadOnlyList<Hypothesis> Append(IReadOnlyList<Hypothesis> ranked, IReadOnlyList<Finding> findings, Func<string, string?> meaning, EntityGraph graph)
    {
        var cited = new HashSet<(string, string)>();
        foreach (var h in ranked)
        {
            foreach (var c in h.Evidence)
            {
                cited.Add((c.Finding, c.Text.StartsWith("Explains: ", StringComparison.Ordinal) ? c.Text["Explains: ".Length..] : c.Text));
            }
        }
        var explainedComponents = ranked.Where(h => h.Confidence >= 0.5).Select(h => Component(h.Entity, graph)).ToHashSet();
        var open = findings
            .Where(f => f.Severity == FindingSeverity.Critical && !Correlator.IsPrecursor(f) && f.Attr("status") != "resolved"
                        && !f.Kind.StartsWith("alert.", StringComparison.Ordinal) && !f.Kind.StartsWith("fusion.", StringComparison.Ordinal)
                        && !cited.Contains((f.Kind, f.Title)))
            .GroupBy(f => Component(f.Entity, graph))
            .Where(g => !explainedComponents.Contains(g.Key))
            .Select(g => g.OrderByDescending(f => f.Strength).ThenBy(f => f.Start ?? DateTimeOffset.MaxValue).ThenBy(f => f.Title, StringComparer.Ordinal).ToList())
            .OrderByDescending(g => g[0].Strength).ThenBy(g => g[0].Title, StringComparer.Ordinal)
            .ToList();
        // A kind left unexplained on many components at once (a level shift on thirty pods) describes the estate, not one component's
        // fault: it is stated once, by its strongest instance, with how many others share it, rather than crowding out the causes.
        var others = new Dictionary<List<Finding>, int>();
        foreach (var kind in open.GroupBy(g => g[0].Kind).Where(k => k.Count() > MaxComponentsPerKind).ToList())
        {
            var keep = kind.First();
            others[keep] = kind.Count() - 1;
            open.RemoveAll(g => g[0].Kind == kind.Key && !ReferenceEquals(g, keep));
        }
        if (open.Count == 0)
        {
            return ranked;
        }
        // The signature hypotheses keep their order (it holds tie-breaks and folded symptoms); each stated finding goes before the first
        // unsupported one it outweighs.
        var result = ranked.ToList();
        foreach (var extra in open.Select(g => ToHypothesis(g, meaning, others.GetValueOrDefault(g))))
        {
            var at = result.FindIndex(h => !h.Supported && h.Confidence < extra.Confidence);
            result.Insert(at < 0 ? result.Count : at, extra);
        }
        return result.Select((h, i) => h with { Rank = i + 1 }).ToList();
    }

    private static EntityRef Component(EntityRef e, EntityGraph graph) => e.Kind == "Service" ? graph.WorkloadOfService(e) ?? e : graph.Workload(e);

    private static Hypothesis ToHypothesis(List<Finding> group, Func<string, string?> meaning, int sameOnOthers)
    {
        var f = group[0];
        var others = group.Skip(1).Select(o => o.Title).Distinct(StringComparer.Ordinal).Take(2).ToList();
        var cause = f.Title + (f.Title.EndsWith('.') ? "" : ".");
        if (others.Count > 0)
        {
            cause += " Also: " + string.Join("; ", others) + ".";
        }
        if (sameOnOthers > 0)
        {
            cause += $" The same ({f.Kind}) is found on {sameOnOthers} other component{(sameOnOthers == 1 ? "" : "s")}, so it may be background rather than this component's fault.";
        }
        if (meaning(f.Kind) is { Length: > 0 } m)
        {
            cause += " (" + m.TrimEnd('.') + ".)";
        }
        return new Hypothesis
        {
            Signature = SignaturePrefix + f.Kind,
            Title = f.Title,
            Cause = cause,
            // Found on many components at once, it says little about this one: the more share it, the less it singles this one out.
            Confidence = Math.Round(Math.Min(MaxConfidence, 0.2 + 0.25 * f.Strength) * MaxComponentsPerKind / (MaxComponentsPerKind + sameOnOthers), 3),
            Supported = false,
            Entity = f.Entity,
            Category = f.Kind.Split('.') is { Length: > 1 } parts ? parts[1] : f.Kind,
            Evidence = group.Take(3).Select(x => new Citation(x.Kind, x.Title, x.Evidence)).ToList(),
            Against = [new Citation("hypothesis", "No known cause in the knowledge base matches this finding: it is stated as found, not explained", [])],
            Mitigation = f.Commands.Take(3).Select(c => new PlanStep(c, "Confirm the finding and see what it affects", null)).ToList(),
            Collect = f.Commands.ToList(),
        };
    }
}
