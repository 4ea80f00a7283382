using Firefighter.Analysis;
using Firefighter.Evidence;
using Firefighter.Kubernetes;
using Firefighter.Reports;

namespace Firefighter.Investigation;

/// <summary><c>ff k8s scan</c>: the analysis stage with the Kubernetes analyzers over a snapshot or a live read, findings grouped by cause.</summary>
public static class KubeScan
{
    /// <summary>What to scan and how to show it.</summary>
    /// <param name="Analyzers">Analyzer names or prefixes; empty means every <c>k8s</c> analyzer.</param>
    /// <param name="Now">Judge as of this time; null = the latest event time of a snapshot, or <paramref name="Clock"/> for a live cluster.</param>
    /// <param name="Namespace">Keep only this namespace's objects (cluster-scoped objects stay).</param>
    /// <param name="Anonymize">Mask names in the report.</param>
    /// <param name="Live">The evidence was read from a live cluster.</param>
    /// <param name="Clock">The current time.</param>
    public sealed record Options(IReadOnlyList<string> Analyzers, DateTimeOffset? Now, string? Namespace, bool Anonymize, bool Live, DateTimeOffset Clock);

    /// <summary>The analyzer names the options select, and the names that match none (a usage error).</summary>
    public static (IReadOnlyList<IAnalyzer> Selected, IReadOnlyList<string> Unknown) Select(IReadOnlyList<string> names) =>
        BuiltIn.Analyzers.Select(names.Count > 0 ? names : ["k8s"]);

    /// <summary>Scans the evidence; unknown analyzer names are ignored here (check them with <see cref="Select"/>).</summary>
    public static KubeScanReport Run(EvidenceSet evidence, Options options)
    {
        if (options.Namespace is { } only)
        {
            evidence.Objects.RemoveAll(x => x.Namespace is not null && x.Namespace != only);
            evidence.Events.RemoveAll(x => x.Involved.Namespace is not null && x.Involved.Namespace != only);
        }
        // A dump is judged as of its capture (its latest event); a live cluster as of now.
        var asOf = options.Now ?? (options.Live ? options.Clock : evidence.LatestTime() ?? options.Clock);
        var analyzed = AnalysisStage.Run(Select(options.Analyzers).Selected, new AnalysisContext(evidence, asOf));
        var ordered = analyzed.Findings.OrderByDescending(f => f.Severity).ThenByDescending(f => f.Strength)
            .ThenBy(f => f.Entity.ToString(), StringComparer.Ordinal).ToList();
        var mask = options.Anonymize ? new NameMasker(evidence, ordered) : null;
        string M(string s) => mask?.Apply(s) ?? s;
        static string Short(string s) => s.Length <= 120 ? s : s[..120] + "…";
        static string Code(FindingSeverity s) => s.ToString().ToLowerInvariant();
        string Ref(EvidenceRef e) => M(e.ToString() + (e.Excerpt is { Length: > 0 } x ? " = " + x : ""));

        var findings = ordered.Select(f => new KubeScanFinding(f.Kind, Code(f.Severity),
            new KubeScanEntity(f.Entity.Kind, f.Entity.Namespace is { } ns ? M(ns) : null, M(f.Entity.Name)), M(f.Title), Math.Round(f.Strength, 3), f.Start,
            f.Analyzer, f.Evidence.Select(Ref).ToList(), f.Commands.Select(M).ToList(),
            new SortedDictionary<string, string>(f.Attributes.ToDictionary(kv => kv.Key, kv => M(kv.Value)), StringComparer.Ordinal))).ToList();
        var causes = KubeCauses.Group(ordered).Select(c =>
        {
            var first = c.Findings[0];
            return new KubeScanCause(first.Kind, Code(c.Severity), M(first.Title), c.Findings.Count, c.Findings.Select(x => M(x.Entity.ToString())).Distinct().ToList())
            {
                Names = c.Findings.Select(x => M(x.Entity.Name)).Distinct().ToList(),
                EntityKind = first.Entity.Kind,
                Deployment = c.Deployment is { } d ? M(d) : null,
                Evidence = first.Evidence.Select(e => M(e.ToString()) + (e.Excerpt is { Length: > 0 } x ? $" = {M(Short(x))}" : "")).ToList(),
                Commands = first.Commands.Select(M).ToList(),
            };
        }).ToList();
        var status = ordered.Any(f => f.Severity != FindingSeverity.Info) ? "problems" : "healthy";
        return new KubeScanReport(status, asOf, findings, causes, [.. evidence.Warnings.Select(w => w.ToString()), .. analyzed.Warnings.Select(w => w.ToString())])
        {
            Objects = evidence.Objects.Count,
            Events = evidence.Events.Count,
        };
    }
}
