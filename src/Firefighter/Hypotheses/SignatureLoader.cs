using System.Globalization;
using System.Text.RegularExpressions;
using Firefighter.Evidence;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Firefighter.Parsing;

namespace Firefighter.Hypotheses;

/// <summary>Reads signature YAML files; a bad file is a warning naming the file and line, never an exception.</summary>
public static class SignatureLoader
{
    private static readonly string[] Roles = ["required", "support", "against", "expected"];

    /// <summary>Loads every <c>*.yaml</c>/<c>*.yml</c> under the directories, in order; a later id replaces an earlier one (user signatures override built-ins).</summary>
    public static SignatureLoadResult LoadDirectories(IEnumerable<string> directories, SignatureVocabulary? vocabulary = null)
    {
        var byId = new Dictionary<string, Signature>(StringComparer.Ordinal);
        var warnings = new List<EvidenceWarning>();
        foreach (var dir in directories)
        {
            if (!Directory.Exists(dir))
            {
                warnings.Add(new EvidenceWarning(dir, null, "signature directory does not exist"));
                continue;
            }
            var files = Directory.EnumerateFiles(dir, "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal);
            foreach (var file in files)
            {
                string text;
                try
                {
                    text = File.ReadAllText(file);
                }
                catch (IOException e)
                {
                    warnings.Add(new EvidenceWarning(file, null, e.Message));
                    continue;
                }
                var (sig, w) = Parse(text, file, vocabulary);
                warnings.AddRange(w);
                if (sig is not null)
                {
                    byId[sig.Id] = sig;
                }
            }
        }
        return new SignatureLoadResult(byId.Values.OrderBy(s => s.Id, StringComparer.Ordinal).ToList(), warnings);
    }

    /// <summary>Parses one signature document.</summary>
    public static (Signature? Signature, IReadOnlyList<EvidenceWarning> Warnings) Parse(string yaml, string file, SignatureVocabulary? vocabulary = null)
    {
        var warnings = new List<EvidenceWarning>();
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode m)
            {
                return (null, [new EvidenceWarning(file, 1, "not a signature: expected a YAML mapping")]);
            }
            root = m;
        }
        catch (YamlException e)
        {
            return (null, [new EvidenceWarning(file, (int)e.Start.Line, "invalid YAML: " + FirstLine(e.Message))]);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this for some truncated flow collections; it is still a user's YAML error.
            return (null, [new EvidenceWarning(file, null, "invalid YAML: " + FirstLine(e.Message))]);
        }

        // In a signature a plain null, ~ or empty value means "absent" (verify: null).
        string? Str(YamlMappingNode node, string key) =>
            YamlNodes.Child(node, key) is YamlScalarNode s
            && !(s.Style == YamlDotNet.Core.ScalarStyle.Plain && s.Value is "null" or "~" or "") ? s.Value : null;
        IEnumerable<YamlNode> Seq(YamlMappingNode node, string key) => YamlNodes.Items(node, key);
        int LineOf(YamlNode n) => (int)n.Start.Line;

        var id = Str(root, "id");
        var title = Str(root, "title");
        var cause = Str(root, "cause");
        if (id is null || title is null || cause is null)
        {
            return (null, [new EvidenceWarning(file, 1, "signature needs id, title and cause")]);
        }

        var clauses = new List<EvidenceClause>();
        foreach (var node in Seq(root, "evidence"))
        {
            if (node is not YamlMappingNode c || Str(c, "kind") is not { } kind)
            {
                warnings.Add(new EvidenceWarning(file, LineOf(node), "evidence clause needs a kind"));
                continue;
            }
            if (vocabulary is not null && !vocabulary.IsKind(kind))
            {
                return (null, [.. warnings, new EvidenceWarning(file, LineOf(node),
                    $"unknown finding kind '{kind}': not in the catalogue (docs/finding-kinds.md); the signature is not loaded")]);
            }
            var role = Str(c, "role") ?? "support";
            if (!Roles.Contains(role))
            {
                warnings.Add(new EvidenceWarning(file, LineOf(node), $"unknown role '{role}' (use {string.Join(", ", Roles)})"));
                continue;
            }
            var where = new Dictionary<string, string>(StringComparer.Ordinal);
            if (YamlNodes.Child(c, "where") is YamlMappingNode wm)
            {
                foreach (var (k, v) in wm.Children)
                {
                    var pattern = (v as YamlScalarNode)?.Value ?? "";
                    if (!IsValidRegex(pattern))
                    {
                        warnings.Add(new EvidenceWarning(file, LineOf(v), $"invalid regular expression '{pattern}'"));
                        continue;
                    }
                    where[((YamlScalarNode)k).Value ?? ""] = pattern;
                }
            }
            clauses.Add(new EvidenceClause
            {
                Kind = kind,
                Role = role,
                Where = where,
                Scope = Str(c, "scope") ?? "anchor",
                When = Str(c, "when") ?? "",
                WithinHours = Num(Str(c, "within_hours"), 6),
                Weight = Num(Str(c, "weight"), 0.1),
                Says = Str(c, "says") ?? "",
                Group = Str(c, "group") ?? "",
            });
        }
        if (!clauses.Any(c => c.Role == "required"))
        {
            return (null, [.. warnings, new EvidenceWarning(file, 1, "signature needs at least one evidence clause with role: required")]);
        }

        // A misspelt recipe or library name would silently drop a rule: say which line names it.
        foreach (var node in vocabulary is null ? [] : Seq(root, "alert_recipes"))
        {
            if (node is YamlScalarNode { Value: { } r } && !vocabulary!.AlertRecipes.Contains(r))
            {
                warnings.Add(new EvidenceWarning(file, LineOf(node), $"unknown alert recipe '{r}' (known: {string.Join(", ", vocabulary.AlertRecipes)})"));
            }
        }
        foreach (var node in vocabulary is null ? [] : Seq(root, "library_alerts"))
        {
            if (node is YamlScalarNode { Value: { } a } && !vocabulary!.IsLibraryAlert(a))
            {
                warnings.Add(new EvidenceWarning(file, LineOf(node), $"'{a}' is not an alert of the awesome-prometheus-alerts extract"));
            }
        }

        var sig = new Signature
        {
            Id = id,
            Title = title,
            Cause = cause,
            Category = Str(root, "category") ?? "",
            Prior = Num(Str(root, "prior"), 0.05),
            Anchor = Str(root, "anchor") ?? "workload",
            Level = Str(root, "level") ?? "cause",
            Evidence = clauses,
            Whys = Seq(root, "whys").OfType<YamlMappingNode>()
                .Select(n => new WhyTemplate(Str(n, "q") ?? "", Str(n, "a") ?? "", Str(n, "kind") ?? "")).ToList(),
            Mitigation = Seq(root, "mitigation").OfType<YamlMappingNode>()
                .Select(n => new StepTemplate(Str(n, "command") ?? "", Str(n, "why") ?? "", Str(n, "verify"))).ToList(),
            Fix = Seq(root, "fix").OfType<YamlScalarNode>().Select(n => n.Value ?? "").ToList(),
            Alerts = Seq(root, "alerts").OfType<YamlMappingNode>()
                .Select(n => new AlertTemplate(Str(n, "name") ?? "", Str(n, "expr") ?? "", Str(n, "for") ?? "5m", Str(n, "severity") ?? "warning", Str(n, "summary") ?? "")).ToList(),
            AlertRecipes = Seq(root, "alert_recipes").OfType<YamlScalarNode>().Select(n => n.Value ?? "").ToList(),
            LibraryAlerts = Seq(root, "library_alerts").OfType<YamlScalarNode>().Select(n => n.Value ?? "").ToList(),
            Runbook = YamlNodes.Child(root, "runbook") is YamlMappingNode rb
                ? new RunbookTemplate(Seq(rb, "confirm").OfType<YamlScalarNode>().Select(n => n.Value ?? "").ToList(),
                    Seq(rb, "escalate").OfType<YamlScalarNode>().Select(n => n.Value ?? "").ToList())
                : new RunbookTemplate([], []),
            ActionItems = Seq(root, "action_items").OfType<YamlMappingNode>()
                .Select(n => new ActionTemplate(Str(n, "priority") ?? "P2", Str(n, "category") ?? "prevent", Str(n, "text") ?? "")).ToList(),
            Collect = Seq(root, "collect").OfType<YamlScalarNode>().Select(n => n.Value ?? "").ToList(),
            SourceFile = file,
        };
        return (sig, warnings);
    }

    private static double Num(string? text, double fallback) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    private static bool IsValidRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
