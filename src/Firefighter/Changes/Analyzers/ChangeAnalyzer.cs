using Firefighter.Analysis;
using Firefighter.Changes;

namespace Firefighter.Changes.Analyzers;

/// <summary>Turns every deploy, config change, rollback or other change into a <c>change.*</c> finding.</summary>
public sealed class ChangeAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "changes.recent";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [ChangeFindingKinds.Config, ChangeFindingKinds.Deploy, ChangeFindingKinds.Flag, ChangeFindingKinds.Other, ChangeFindingKinds.Rollback, ChangeFindingKinds.Scale];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var findings = new List<Finding>();
        foreach (var c in context.Evidence.Changes)
        {
            var kind = Normalize(c.Kind);
            var version = c.Version is null ? "" : c.PreviousVersion is null ? $" to {c.Version}" : $" from {c.PreviousVersion} to {c.Version}";
            var by = c.Author is null ? "" : $" by {c.Author}";
            var attrs = new Dictionary<string, string> { ["changeKind"] = c.Kind };
            if (c.Version is not null) { attrs["version"] = c.Version; }
            if (c.PreviousVersion is not null) { attrs["previousVersion"] = c.PreviousVersion; }
            if (c.Author is not null) { attrs["author"] = c.Author; }
            if (c.Description is not null) { attrs["description"] = c.Description; }
            var word = kind == ChangeFindingKinds.Other ? c.Kind.Length > 0 ? c.Kind : "change" : kind.Code["change.".Length..];
            findings.Add(new Finding(kind, $"{char.ToUpperInvariant(word[0])}{word[1..]} of {c.Target.Kind.ToLowerInvariant()}/{c.Target.Name}{version}{by}",
                c.Target, c.Time, null, 0.5, [c.Ref])
            {
                Severity = FindingSeverity.Info,
                Attributes = attrs,
                Analyzer = Name,
            });
        }
        return AnalyzerResult.Of(findings);
    }

    private static FindingKind Normalize(string kind) => kind.ToLowerInvariant() switch
    {
        "deploy" or "deployment" or "release" or "rollout" => ChangeFindingKinds.Deploy,
        "config" or "configuration" or "configmap" or "secret" => ChangeFindingKinds.Config,
        "rollback" or "undo" => ChangeFindingKinds.Rollback,
        "scale" or "scaling" => ChangeFindingKinds.Scale,
        "flag" or "feature_flag" or "feature-flag" => ChangeFindingKinds.Flag,
        _ => ChangeFindingKinds.Other,
    };
}
