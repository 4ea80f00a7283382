using System.Text.RegularExpressions;
using Firefighter.Testing;

namespace Firefighter.Tests.Architecture;

/// <summary>
/// The core's namespaces are stages of the investigation flow, and imports point one way: a stage may use the
/// stages before it, never one after it, and one evidence domain never reaches into another (they meet in
/// Correlation). Read from the sources, so a new back-edge fails here with the file that adds it.
/// </summary>
public sealed partial class LayeringTests
{
    /// <summary>The flow, first to last. Namespaces in one group are peers that must not import each other.</summary>
    private static readonly string[][] Order =
    [
        ["Firefighter.Evidence"],
        ["Firefighter.Parsing"],
        ["Firefighter.Analysis"],
        ["Firefighter.Logs", "Firefighter.Metrics", "Firefighter.Traces", "Firefighter.Kubernetes", "Firefighter.Changes", "Firefighter.Alerts", "Firefighter.Platform"],
        ["Firefighter.Correlation"],
        ["Firefighter.Hypotheses"],
        ["Firefighter.Reports"],
        ["Firefighter.Prevention"],
        ["Firefighter.Reports.Rendering"],
        ["Firefighter.Investigation"],
    ];

    [Fact]
    public void Core_namespaces_import_only_earlier_stages()
    {
        var root = RepoPaths.InRepo("src", "Firefighter");
        var violations = new List<string>();
        var files = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }
            files++;
            violations.AddRange(BackEdges(relative, File.ReadAllText(file)));
        }

        files.ShouldBeGreaterThan(100);
        violations.ShouldBeEmpty(string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void Every_core_namespace_has_a_place_in_the_flow()
    {
        var root = RepoPaths.InRepo("src", "Firefighter");
        var unplaced = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(root, f), Namespace: FileNamespace().Match(File.ReadAllText(f)).Groups[1].Value))
            .Where(x => x.Namespace != "Firefighter" && StageOf(x.Namespace) is null)
            .Select(x => $"{x.File}: namespace {x.Namespace} is in no stage (add it to LayeringTests.Order)")
            .ToList();

        unplaced.ShouldBeEmpty(string.Join(Environment.NewLine, unplaced));
    }

    /// <summary>The projects, lowest first: a project may use the ones before it, never one after (the server never reaches into the CLI).</summary>
    private static readonly string[] Projects = ["Firefighter", "Firefighter.Sources", "Firefighter.Server", "Firefighter.Cli"];

    [Fact]
    public void Projects_import_only_lower_projects()
    {
        var violations = new List<string>();
        for (var i = 0; i < Projects.Length; i++)
        {
            var root = RepoPaths.InRepo("src", Projects[i]);
            foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                var text = File.ReadAllText(file);
                var names = Using().Matches(text).Select(m => m.Groups[1].Value).Concat(Qualified().Matches(text).Select(m => m.Groups[1].Value));
                foreach (var higher in Projects.Skip(i + 1))
                {
                    if (names.Any(n => n == higher || n.StartsWith(higher + ".", StringComparison.Ordinal)))
                    {
                        violations.Add($"{Path.GetRelativePath(RepoPaths.Root, file)}: {Projects[i]} -> {higher}");
                    }
                }
            }
            // The project files say the same: no reference to a higher project.
            var csproj = File.ReadAllText(Path.Combine(root, Projects[i] + ".csproj"));
            foreach (var higher in Projects.Skip(i + 1))
            {
                if (csproj.Contains($"/{higher}.csproj", StringComparison.Ordinal))
                {
                    violations.Add($"{Projects[i]}.csproj references {higher}");
                }
            }
        }

        violations.ShouldBeEmpty(string.Join(Environment.NewLine, violations));
        File.ReadAllText(RepoPaths.InRepo("src", "Firefighter.Cli", "Firefighter.Cli.csproj")).ShouldContain("Firefighter.Server.csproj");
    }

    [Theory]
    [InlineData("namespace Firefighter.Logs;\nusing Firefighter.Hypotheses;\n", "Firefighter.Hypotheses")]
    [InlineData("namespace Firefighter.Logs;\nusing Firefighter.Kubernetes;\n", "Firefighter.Kubernetes")]
    [InlineData("namespace Firefighter.Evidence;\nclass A { Firefighter.Reports.Report? r; }\n", "Firefighter.Reports")]
    [InlineData("namespace Firefighter.Reports;\nusing static Firefighter.Reports.Rendering.Markdown;\n", "Firefighter.Reports.Rendering")]
    public void A_back_edge_or_a_peer_edge_is_reported(string source, string target)
    {
        BackEdges("x.cs", source).ShouldHaveSingleItem().ShouldContain(target);
    }

    [Theory]
    [InlineData("namespace Firefighter.Hypotheses;\nusing Firefighter.Logs;\nusing Firefighter.Analysis;\n")]
    [InlineData("namespace Firefighter.Logs.Analyzers;\nusing Firefighter.Logs;\n")]
    [InlineData("namespace Firefighter.Reports.Rendering;\nusing Firefighter.Reports;\nusing Firefighter.Prevention.Rules;\n")]
    public void Forward_and_same_stage_edges_are_allowed(string source)
    {
        BackEdges("x.cs", source).ShouldBeEmpty();
    }

    private static IEnumerable<string> BackEdges(string file, string source)
    {
        var own = FileNamespace().Match(source);
        if (!own.Success || StageOf(own.Groups[1].Value) is not { } from)
        {
            yield break;
        }
        var referenced = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match m in Using().Matches(source))
        {
            referenced.Add(m.Groups[1].Value);
        }
        foreach (Match m in Qualified().Matches(source))
        {
            referenced.Add(m.Groups[1].Value);
        }
        foreach (var ns in referenced)
        {
            if (StageOf(ns) is not { } to)
            {
                continue;
            }
            if (to.Index > from.Index || (to.Index == from.Index && to.Prefix != from.Prefix))
            {
                yield return $"{file}: {from.Prefix} -> {to.Prefix} ({ns})";
            }
        }
    }

    /// <summary>The longest stage prefix a namespace (or a qualified type name) falls under.</summary>
    private static (int Index, string Prefix)? StageOf(string name)
    {
        (int Index, string Prefix)? best = null;
        for (var i = 0; i < Order.Length; i++)
        {
            foreach (var prefix in Order[i])
            {
                if ((name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal)) && (best is null || prefix.Length > best.Value.Prefix.Length))
                {
                    best = (i, prefix);
                }
            }
        }
        return best;
    }

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();

    [GeneratedRegex(@"^using (?:static )?(?:\w+ = )?(Firefighter(?:\.\w+)+);", RegexOptions.Multiline)]
    private static partial Regex Using();

    [GeneratedRegex(@"(?<![\w.])(Firefighter(?:\.[A-Z]\w*)+)")]
    private static partial Regex Qualified();
}
