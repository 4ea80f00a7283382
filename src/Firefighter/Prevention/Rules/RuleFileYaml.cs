using System.Globalization;
using System.Text;
using YamlDotNet.RepresentationModel;
using static Firefighter.Parsing.YamlNodes;

namespace Firefighter.Prevention.Rules;

/// <summary>Reads and writes Prometheus rule files (YAML).</summary>
public static class RuleFileYaml
{
    /// <summary>Parses rule-file text; never throws: problems are returned in <see cref="RuleFile.Errors"/> naming <paramref name="source"/> and the line.</summary>
    public static RuleFile Parse(string text, string source)
    {
        var errors = new List<string>();
        var groups = new List<RuleGroup>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception ex)
        {
            return new RuleFile { Errors = [$"{source}: not valid YAML: {ex.Message}"] };
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || Child(root, "groups") is not YamlSequenceNode gs)
        {
            return new RuleFile { Errors = [$"{source}: no 'groups:' list"] };
        }
        foreach (var gNode in gs.Children.OfType<YamlMappingNode>())
        {
            var name = Scalar(gNode, "name");
            if (name is null)
            {
                errors.Add($"{source}:{gNode.Start.Line}: group without a name");
                continue;
            }
            var rules = new List<AlertingRule>();
            if (Child(gNode, "rules") is YamlSequenceNode rs)
            {
                foreach (var rNode in rs.Children.OfType<YamlMappingNode>())
                {
                    var expr = Scalar(rNode, "expr");
                    var alert = Scalar(rNode, "alert");
                    var record = Scalar(rNode, "record");
                    if (expr is null || (alert is null && record is null))
                    {
                        errors.Add($"{source}:{rNode.Start.Line}: rule needs 'expr' and 'alert' or 'record'");
                        continue;
                    }
                    var forText = Scalar(rNode, "for");
                    if (forText is not null && PromDuration.TryParse(forText) is null)
                    {
                        errors.Add($"{source}:{rNode.Start.Line}: 'for: {forText}' is not a duration");
                    }
                    rules.Add(new AlertingRule
                    {
                        Alert = alert,
                        Record = record,
                        Expr = expr,
                        For = forText,
                        Labels = Map(rNode, "labels"),
                        Annotations = Map(rNode, "annotations"),
                    });
                }
            }
            groups.Add(new RuleGroup { Name = name, Interval = Scalar(gNode, "interval"), Rules = rules });
        }
        return new RuleFile { Groups = groups, Errors = errors };
    }

    /// <summary>Writes a rule file as YAML that <c>promtool check rules</c> accepts; <paramref name="header"/> lines become comments.</summary>
    public static string Write(RuleFile file, IEnumerable<string>? header = null)
    {
        var sb = new StringBuilder();
        foreach (var h in header ?? [])
        {
            sb.Append("# ").Append(h).Append('\n');
        }
        sb.Append("groups:\n");
        foreach (var g in file.Groups)
        {
            sb.Append("- name: ").Append(Quote(g.Name)).Append('\n');
            if (g.Interval is not null)
            {
                sb.Append("  interval: ").Append(g.Interval).Append('\n');
            }
            sb.Append("  rules:\n");
            foreach (var r in g.Rules)
            {
                foreach (var line in Wrap(r.Comment))
                {
                    sb.Append("  # ").Append(line).Append('\n');
                }
                sb.Append(r.IsAlert ? "  - alert: " + Quote(r.Alert!) : "  - record: " + Quote(r.Record!)).Append('\n');
                sb.Append("    expr: ");
                AppendBlock(sb, r.Expr.Trim(), "      ");
                if (r.IsAlert)
                {
                    sb.Append("    for: ").Append(r.For ?? "0m").Append('\n');
                }
                AppendMap(sb, "labels", r.Labels);
                AppendMap(sb, "annotations", r.Annotations);
            }
        }
        return sb.ToString();
    }

    /// <summary>Quotes a string as a YAML double-quoted scalar.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < ' ')
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
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

    private static IEnumerable<string> Wrap(string? comment)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            yield break;
        }
        var line = new StringBuilder();
        foreach (var word in comment.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + word.Length > 110)
            {
                yield return line.ToString();
                line.Clear();
            }
            line.Append(line.Length > 0 ? " " : "").Append(word);
        }
        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    private static void AppendBlock(StringBuilder sb, string text, string indent)
    {
        // Multi-line PromQL reads best as a literal block; trailing spaces would break the block, so those get quoted.
        if (text.Contains('\n') && !text.Split('\n').Any(l => l.EndsWith(' ') || l.EndsWith('\t')))
        {
            sb.Append("|-\n");
            foreach (var line in text.Split('\n'))
            {
                sb.Append(line.Length == 0 ? "" : indent).Append(line).Append('\n');
            }
            return;
        }
        sb.Append(Quote(text)).Append('\n');
    }

    private static void AppendMap(StringBuilder sb, string key, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return;
        }
        sb.Append("    ").Append(key).Append(":\n");
        foreach (var (k, v) in map)
        {
            sb.Append("      ").Append(k).Append(": ").Append(Quote(v)).Append('\n');
        }
    }
}
