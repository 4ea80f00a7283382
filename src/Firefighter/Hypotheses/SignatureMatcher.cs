using System.Text.RegularExpressions;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Correlation;

namespace Firefighter.Hypotheses;

/// <summary>Matches signatures against findings: one candidate hypothesis per (signature, anchor entity) whose required clauses all hold.</summary>
/// <remarks>Deterministic; never throws. O(signatures × findings × clauses).</remarks>
public sealed class SignatureMatcher(IReadOnlyList<Signature> signatures, EntityGraph graph)
{
    /// <summary>A signature matched on an anchor, with the findings behind each clause.</summary>
    public sealed record Match(Signature Signature, EntityRef Anchor, IReadOnlyList<(EvidenceClause Clause, IReadOnlyList<Finding> Findings)> Clauses, double Confidence, IReadOnlyList<EntityRef> Callers);

    /// <summary>All matches, unranked.</summary>
    public IReadOnlyList<Match> MatchAll(IReadOnlyList<Finding> findings, DateTimeOffset? onset)
    {
        var result = new List<Match>();
        foreach (var sig in signatures)
        {
            var first = sig.Evidence.First(c => c.Role == "required");
            var firstGroup = GroupOf(sig, first);
            var anchors = new List<EntityRef>();
            foreach (var clause in sig.Evidence.Where(c => c.Role == "required" && GroupOf(sig, c) == firstGroup))
            {
                foreach (var f in findings.Where(f => KindMatches(clause, f) && WhereMatches(clause, f) && WhenMatches(clause, f, onset)))
                {
                    var anchor = AnchorOf(sig, clause, f);
                    if (anchor is not null && !anchors.Contains(anchor))
                    {
                        anchors.Add(anchor);
                    }
                }
            }
            foreach (var anchor in anchors)
            {
                if (Evaluate(sig, anchor, findings, onset) is { } m)
                {
                    result.Add(m);
                }
            }
        }
        return result;
    }

    private Match? Evaluate(Signature sig, EntityRef anchor, IReadOnlyList<Finding> findings, DateTimeOffset? onset)
    {
        // Callers are the entities whose errors name the anchor as their target: they feed "dependents" clauses.
        var callers = findings.Where(f => TargetsAnchor(f, anchor)).Select(f => f.Entity).Distinct().ToList();
        var matched = new List<(EvidenceClause, IReadOnlyList<Finding>)>();
        var satisfiedGroups = new HashSet<string>(StringComparer.Ordinal);
        var requiredGroups = sig.Evidence.Where(c => c.Role == "required").Select(c => GroupOf(sig, c)).ToHashSet(StringComparer.Ordinal);
        var confidence = sig.Prior;
        foreach (var clause in sig.Evidence)
        {
            var hits = findings.Where(f => KindMatches(clause, f) && WhereMatches(clause, f) && WhenMatches(clause, f, onset)
                                           && ScopeMatches(clause, f, anchor, callers))
                .OrderByDescending(f => f.Strength).ThenBy(f => f.Start ?? DateTimeOffset.MaxValue).ToList();
            matched.Add((clause, hits));
            switch (clause.Role)
            {
                case "required" or "support" when hits.Count > 0:
                    if (clause.Role == "required")
                    {
                        satisfiedGroups.Add(GroupOf(sig, clause));
                    }
                    confidence += clause.Weight * (0.6 + 0.4 * hits[0].Strength);
                    break;
                case "against" when hits.Count > 0:
                    confidence -= clause.Weight;
                    break;
                case "expected" when hits.Count == 0:
                    confidence -= clause.Weight;
                    break;
            }
        }
        if (!requiredGroups.IsSubsetOf(satisfiedGroups))
        {
            return null;
        }
        return new Match(sig, anchor, matched, Math.Clamp(confidence, 0, 0.99), callers);
    }

    // Clauses are records: two identical clauses are Equal, so an ungrouped clause is named by its position, found by reference.
    private static string GroupOf(Signature sig, EvidenceClause c)
    {
        if (c.Group.Length > 0)
        {
            return c.Group;
        }
        for (var i = 0; i < sig.Evidence.Count; i++)
        {
            if (ReferenceEquals(sig.Evidence[i], c))
            {
                return "#" + i;
            }
        }
        return "#?";
    }

    private EntityRef? AnchorOf(Signature sig, EvidenceClause clause, Finding f)
    {
        if (clause.Scope == "dependents")
        {
            if (f.Attr("target") is not { Length: > 0 } target)
            {
                return null;
            }
            if (graph.ServiceByHost(target) is { } svc)
            {
                return graph.WorkloadOfService(svc) ?? svc;
            }
            var host = HostOf(target);
            return new EntityRef("Service", f.Entity.Namespace, host);
        }
        return sig.Anchor == "entity" ? f.Entity : AnchorEntity(f.Entity);
    }

    private EntityRef AnchorEntity(EntityRef e) => e.Kind == "Service" && graph.WorkloadOfService(e) is { } w ? w : graph.Workload(e);

    private bool TargetsAnchor(Finding f, EntityRef anchor)
    {
        if (f.Attr("target") is not { Length: > 0 } target)
        {
            return false;
        }
        if (graph.ServiceByHost(target) is { } svc)
        {
            return svc == anchor || graph.WorkloadOfService(svc) == anchor;
        }
        return string.Equals(HostOf(target), anchor.Name, StringComparison.OrdinalIgnoreCase);
    }

    private bool ScopeMatches(EvidenceClause clause, Finding f, EntityRef anchor, IReadOnlyList<EntityRef> callers) => clause.Scope switch
    {
        "any" => true,
        "dependents" => TargetsAnchor(f, anchor) || callers.Any(c => graph.Related(c, f.Entity)),
        _ => graph.Related(f.Entity, anchor) || AnchorEntity(f.Entity) == anchor,
    };

    private static bool KindMatches(EvidenceClause c, Finding f) =>
        c.Kind.EndsWith('*') ? f.Kind.StartsWith(c.Kind[..^1], StringComparison.Ordinal) : f.Kind == c.Kind;

    /// <summary>A <c>where</c> key that is not an attribute: whether the finding's <c>target</c> (host or IP, port optional) is a Service
    /// name, cluster IP or current pod IP in the evidence (<c>true</c>/<c>false</c>; absent when the finding has no target).</summary>
    public const string TargetKnownKey = "targetKnown";

    private bool WhereMatches(EvidenceClause c, Finding f)
    {
        foreach (var (key, pattern) in c.Where)
        {
            var value = key switch
            {
                "title" => f.Title,
                TargetKnownKey => f.Attr("target") is { Length: > 0 } t ? (graph.ServiceByHost(t) is not null ? "true" : "false") : null,
                _ => f.Attr(key),
            };
            if (value is null || !Regex.IsMatch(value, pattern, RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(50)))
            {
                return false;
            }
        }
        return true;
    }

    private static bool WhenMatches(EvidenceClause c, Finding f, DateTimeOffset? onset)
    {
        if (c.When.Length == 0 || onset is null)
        {
            return c.When.Length == 0 || f.Start is not null;
        }
        if (f.Start is not { } t)
        {
            return false;
        }
        return c.When switch
        {
            "before_onset" => t <= onset && t >= onset.Value.AddHours(-c.WithinHours),
            "after_onset" => t >= onset,
            _ => true,
        };
    }

    private static string HostOf(string target)
    {
        var host = target;
        var colon = host.LastIndexOf(':');
        if (colon > 0 && host.Count(ch => ch == ':') == 1)
        {
            host = host[..colon];
        }
        // A cluster name (svc, svc.ns, svc.ns.svc.cluster.local) or a short internal one (db.internal) is its first label; an external FQDN stays whole.
        var labels = host.Split('.');
        return labels.Length <= 2 || host.EndsWith(".svc", StringComparison.Ordinal) || host.Contains(".svc.", StringComparison.Ordinal) || host.EndsWith(".cluster.local", StringComparison.Ordinal)
            ? labels[0] : host;
    }
}
