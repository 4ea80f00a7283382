using System.Text;
using YamlDotNet.RepresentationModel;
using Firefighter.Parsing;

namespace Firefighter.Prevention.Rules;

/// <summary>The curated library of well-known alert rules (awesome-prometheus-alerts' <c>rules.yml</c> format), looked up by alert name.</summary>
public sealed class AlertLibrary
{
    private static readonly Lazy<AlertLibrary> Embedded = new(LoadEmbedded);
    private readonly Dictionary<string, LibraryRule> _byAlert;

    private AlertLibrary(IReadOnlyList<LibraryRule> rules, IReadOnlyList<string> errors)
    {
        Rules = rules;
        Errors = errors;
        _byAlert = new Dictionary<string, LibraryRule>(StringComparer.Ordinal);
        foreach (var r in rules)
        {
            _byAlert.TryAdd(r.Alert, r);
        }
    }

    /// <summary>The extract shipped inside Firefighter (node, cAdvisor, blackbox, MySQL, PostgreSQL, Redis, nginx, Kubernetes, TLS, cert-manager).</summary>
    public static AlertLibrary BuiltIn => Embedded.Value;

    /// <summary>Every rule, in file order.</summary>
    public IReadOnlyList<LibraryRule> Rules { get; }

    /// <summary>What could not be read, naming source and line.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The rule whose alert name is <paramref name="alert"/>, null when the library has none.</summary>
    public LibraryRule? Find(string alert) => _byAlert.GetValueOrDefault(alert);

    /// <summary>The library's alert name for a rule title: each word capitalized, the rest lower-cased, non-alphanumerics removed.</summary>
    public static string AlertName(string title)
    {
        var sb = new StringBuilder();
        foreach (var word in title.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var first = true;
            foreach (var c in word)
            {
                if (!char.IsAsciiLetterOrDigit(c))
                {
                    continue;
                }
                sb.Append(first ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
                first = false;
            }
        }
        return sb.ToString();
    }

    /// <summary>Reads a library file; never throws: problems are returned in <see cref="Errors"/>.</summary>
    public static AlertLibrary Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
        {
            return new AlertLibrary([], [$"{source}: not valid YAML: {ex.Message}"]);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return new AlertLibrary([], [$"{source}: no 'groups:' list"]);
        }
        var rules = new List<LibraryRule>();
        var errors = new List<string>();
        foreach (var g in YamlNodes.Items(root, "groups").OfType<YamlMappingNode>())
        {
            foreach (var svc in YamlNodes.Items(g, "services").OfType<YamlMappingNode>())
            {
                var service = YamlNodes.Scalar(svc, "name") ?? "";
                foreach (var exp in YamlNodes.Items(svc, "exporters").OfType<YamlMappingNode>())
                {
                    foreach (var r in YamlNodes.Items(exp, "rules").OfType<YamlMappingNode>())
                    {
                        var title = YamlNodes.Scalar(r, "name");
                        var query = YamlNodes.Scalar(r, "query");
                        if (title is null || query is null)
                        {
                            errors.Add($"{source}:{r.Start.Line}: rule needs 'name' and 'query'");
                            continue;
                        }
                        rules.Add(new LibraryRule(service, title, AlertName(title), YamlNodes.Scalar(r, "description") ?? title, query.Trim(),
                            YamlNodes.Scalar(r, "severity") ?? "warning", YamlNodes.Scalar(r, "for"), YamlNodes.Scalar(r, "comments")?.Trim()));
                    }
                }
            }
        }
        return new AlertLibrary(rules, errors);
    }

    private static AlertLibrary LoadEmbedded()
    {
        const string name = "Firefighter.Prevention.Rules.Library.awesome-prometheus-alerts.yml";
        using var stream = typeof(AlertLibrary).Assembly.GetManifestResourceStream(name);
        if (stream is null)
        {
            return new AlertLibrary([], [name + ": embedded resource missing"]);
        }
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "awesome-prometheus-alerts.yml");
    }
}
