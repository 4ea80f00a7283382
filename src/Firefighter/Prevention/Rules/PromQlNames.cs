using System.Text.RegularExpressions;

namespace Firefighter.Prevention.Rules;

/// <summary>Name rules of Prometheus (metric and label names) and a light scan of the metric names a PromQL expression reads.</summary>
public static partial class PromQlNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "by", "on", "without", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset",
        "inf", "nan", "Inf", "NaN", "atan2", "start", "end",
    };

    /// <summary>True when <paramref name="name"/> is a valid metric name.</summary>
    public static bool IsMetricName(string name) => MetricNameRegex().IsMatch(name);

    /// <summary>True when <paramref name="name"/> is a valid label name.</summary>
    public static bool IsLabelName(string name) => LabelNameRegex().IsMatch(name);

    /// <summary>The metric names an expression selects (best effort: identifiers that are not functions, keywords or label names).</summary>
    public static IReadOnlyList<string> MetricsIn(string expr)
    {
        // Drop strings, label matchers, ranges and grouping lists so only selectors' names and functions remain.
        var s = StringRegex().Replace(expr, " ");
        s = BracesRegex().Replace(s, " ");
        s = BracketsRegex().Replace(s, " ");
        s = GroupingRegex().Replace(s, " ");
        var names = new List<string>();
        foreach (Match m in IdentRegex().Matches(s))
        {
            var name = m.Groups[1].Value;
            var rest = s.AsSpan(m.Index + m.Length).TrimStart();
            if (Keywords.Contains(name) || (rest.Length > 0 && rest[0] == '(') || char.IsAsciiDigit(name[0]))
            {
                continue;
            }
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }
        return names;
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricNameRegex();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelNameRegex();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex StringRegex();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex BracesRegex();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex BracketsRegex();

    [GeneratedRegex(@"\b(by|on|without|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex GroupingRegex();

    [GeneratedRegex(@"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)")]
    private static partial Regex IdentRegex();
}
