using Firefighter.Analysis;

namespace Firefighter.Changes.Analyzers;

/// <summary>Turns every deploy, config change, rollback or other change into a <c>change.*</c> finding.</summary>
public sealed class ChangeAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "changes.recent";

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
            findings.Add(new Finding($"change.{kind}", $"{char.ToUpperInvariant(kind[0])}{kind[1..]} of {c.Target.Kind.ToLowerInvariant()}/{c.Target.Name}{version}{by}",
                c.Target, c.Time, null, 0.5, [c.Ref])
            {
                Severity = "info",
                Attributes = attrs,
                Analyzer = Name,
            });
        }
        return AnalyzerResult.Of(findings);
    }

    private static string Normalize(string kind) => kind.ToLowerInvariant() switch
    {
        "deploy" or "deployment" or "release" or "rollout" => "deploy",
        "config" or "configuration" or "configmap" or "secret" => "config",
        "rollback" or "undo" => "rollback",
        "scale" or "scaling" => "scale",
        "flag" or "feature_flag" or "feature-flag" => "flag",
        "" => "other",
        var k => k.Replace(' ', '_'),
    };
}
