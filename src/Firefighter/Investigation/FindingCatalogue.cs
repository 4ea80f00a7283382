using System.Text;
using Firefighter.Alerts;
using Firefighter.Analysis;
using Firefighter.Changes;
using Firefighter.Correlation;
using Firefighter.Kubernetes;
using Firefighter.Logs;
using Firefighter.Metrics;
using Firefighter.Platform;
using Firefighter.Traces;

namespace Firefighter.Investigation;

/// <summary>Every finding kind any stage can emit: the contract between analyzers and the signature knowledge base.</summary>
public static class FindingCatalogue
{
    /// <summary>All kinds, grouped by domain in pipeline order.</summary>
    public static IReadOnlyList<FindingKind> All { get; } =
    [
        .. KubeFindingKinds.All, .. LogFindingKinds.All, .. MetricFindingKinds.All, .. TraceFindingKinds.All,
        .. PlatformFindingKinds.All, .. ChangeFindingKinds.All, .. AlertFindingKinds.All, .. CorrelationFindingKinds.All,
    ];

    private static readonly Lazy<Dictionary<string, FindingKind>> ByCode = new(() => All.ToDictionary(k => k.Code, StringComparer.Ordinal));

    /// <summary>The kind with this code, or null.</summary>
    public static FindingKind? Find(string code) => ByCode.Value.GetValueOrDefault(code);

    /// <summary>The catalogue as Markdown: the text of <c>docs/finding-kinds.md</c>.</summary>
    public static string Markdown()
    {
        var sb = new StringBuilder();
        sb.Append("# Finding kinds\n\n")
          .Append("The contract between analyzers and the signature knowledge base. Generated from the catalogue in the code\n")
          .Append("(`src/Firefighter/*/*FindingKinds.cs`) by `FindingCatalogueTests`; edit the code, not this file.\n\n")
          .Append("A finding is a kind, an entity, a time span, a strength in 0..1, a severity (`info` < `warning` < `critical`;\n")
          .Append("the column gives the highest a kind is emitted with), attributes and evidence references. Signatures match on the\n")
          .Append("kind and on attributes (`where:`), and fill their text from attributes (`{attr}`). `namespace` is set whenever the\n")
          .Append("entity has one. A signature naming a kind that is not here does not load.\n");
        foreach (var group in All.GroupBy(k => k.Domain))
        {
            sb.Append("\n## ").Append(group.Key).Append("\n\n| kind | max severity | meaning | attributes |\n|---|---|---|---|\n");
            foreach (var k in group)
            {
                var attrs = string.Join(", ", k.Attributes.Select(a => a == FindingKind.AnyAttribute ? "any label" : $"`{a}`"));
                sb.Append("| `").Append(k.Code).Append("` | ").Append(k.MaxSeverity.ToString().ToLowerInvariant()).Append(" | ")
                  .Append(k.Meaning.Replace("|", "\\|", StringComparison.Ordinal)).Append(" | ").Append(attrs).Append(" |\n");
            }
        }
        return sb.ToString();
    }
}
