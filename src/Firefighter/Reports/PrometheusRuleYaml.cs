using System.Text;
using System.Text.RegularExpressions;
using Firefighter.Hypotheses;

namespace Firefighter.Reports;

/// <summary>Writes alert rule suggestions as a Prometheus rule file (groups, rules: alert, expr, for, labels.severity, annotations.summary).</summary>
public static partial class PrometheusRuleYaml
{
    private static readonly HashSet<string> YamlKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    };

    /// <summary>The rule file text for one group, ending with a newline.</summary>
    public static string Build(string groupName, IEnumerable<AlertRuleSuggestion> rules)
    {
        var sb = new StringBuilder();
        sb.Append("groups:\n");
        sb.Append("  - name: ").Append(Scalar(groupName)).Append('\n');
        sb.Append("    rules:\n");
        foreach (var r in rules)
        {
            sb.Append("      - alert: ").Append(Scalar(r.Name)).Append('\n');
            sb.Append("        expr: ").Append(Scalar(r.Expr)).Append('\n');
            if (!string.IsNullOrWhiteSpace(r.For))
            {
                sb.Append("        for: ").Append(Scalar(r.For)).Append('\n');
            }
            sb.Append("        labels:\n");
            sb.Append("          severity: ").Append(Scalar(r.Severity)).Append('\n');
            sb.Append("        annotations:\n");
            sb.Append("          summary: ").Append(Quoted(r.Summary)).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>A rule group name derived from a signature name (<c>firefighter-oom-after-deploy</c>).</summary>
    public static string GroupName(string signature)
    {
        var slug = NonSlug().Replace(signature.ToLowerInvariant(), "-").Trim('-');
        return slug.Length == 0 ? "firefighter" : "firefighter-" + slug;
    }

    /// <summary>A YAML scalar: plain when it cannot be misread, else double-quoted.</summary>
    public static string Scalar(string value) =>
        (PlainSafe().IsMatch(value) && !YamlKeywords.Contains(value)) || DurationLike().IsMatch(value) ? value : Quoted(value);

    /// <summary>A double-quoted YAML scalar with backslash, quote and control characters escaped.</summary>
    public static string Quoted(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex PlainSafe();

    [GeneratedRegex("^[0-9]+(ms|s|m|h|d|w|y)$")]
    private static partial Regex DurationLike();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();
}
