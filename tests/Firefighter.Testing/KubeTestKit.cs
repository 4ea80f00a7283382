using System.Globalization;
using System.Text.RegularExpressions;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Parsing;
using Firefighter.Investigation;

namespace Firefighter.Testing;

/// <summary>Loads YAML into an evidence set and runs every k8s analyzer as of a fixed time.</summary>
public static partial class KubeTestKit
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Replaces the dataset's "@now-5m" style placeholders with times relative to <see cref="Now"/>.</summary>
    public static string SubstituteNow(string text, DateTimeOffset now) =>
        NowPlaceholder().Replace(text, m =>
        {
            var n = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            var span = m.Groups[3].Value switch { "s" => TimeSpan.FromSeconds(n), "m" => TimeSpan.FromMinutes(n), "h" => TimeSpan.FromHours(n), _ => TimeSpan.FromDays(n) };
            var t = m.Groups[1].Value == "-" ? now - span : now + span;
            return t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        });

    public static EvidenceSet Load(params string[] yamls)
    {
        var evidence = new EvidenceSet();
        for (var i = 0; i < yamls.Length; i++)
        {
            KubeYaml.ReadInto(evidence, SubstituteNow(yamls[i], Now), $"k8s/doc{i}.yaml");
        }
        return evidence;
    }

    public static List<Finding> Run(EvidenceSet evidence, DateTimeOffset? now = null)
    {
        var (analyzers, _) = BuiltIn.Analyzers.Select(["k8s"]);
        var context = new AnalysisContext(evidence, now ?? Now);
        return analyzers.SelectMany(a => a.Analyze(context).Findings).ToList();
    }

    public static List<Finding> Run(params string[] yamls) => Run(Load(yamls));

    [GeneratedRegex(@"@now([-+])(\d+)([smhd])")]
    private static partial Regex NowPlaceholder();
}
