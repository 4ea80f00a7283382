using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Containers whose command starts, as root, a server that refuses to run as root (PostgreSQL, MySQL/MariaDB, Elasticsearch/OpenSearch).</summary>
/// <remarks>The official images start these servers through an entrypoint script that drops to an unprivileged user; a <c>command</c> overrides
/// that entrypoint, so the server starts as the image's user (root) and exits at once. A securityContext with a non-zero runAsUser (pod or
/// container) avoids it, and so does mysqld's <c>--user</c>.</remarks>
public sealed class RootRefusalAnalyzer : IAnalyzer
{
    // Binary → what it prints when started as root.
    private static readonly Dictionary<string, string> Refusing = new(StringComparer.Ordinal)
    {
        ["postgres"] = "\"root\" execution of the PostgreSQL server is not permitted",
        ["postmaster"] = "\"root\" execution of the PostgreSQL server is not permitted",
        ["pg_ctl"] = "cannot be run as root",
        ["mysqld"] = "Please read \"Security\" section of the manual to find out how to run mysqld as root!",
        ["mariadbd"] = "Please consult the Knowledge Base to find out how to run mysqld as root!",
        ["elasticsearch"] = "can not run elasticsearch as root",
        ["opensearch"] = "can not run opensearch as root",
    };

    /// <inheritdoc />
    public string Name => "k8s.root-refusal";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.ContainerRunsAsRoot];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var t in index.PodTemplates())
        {
            var podUser = User(t.Spec["securityContext"]);
            foreach (var (c, path, _) in KubeIndex.Containers(t.Spec, t.Path))
            {
                if (c["command"] is not JsonArray { Count: > 0 } command || Binary(command, c["args"] as JsonArray) is not { } binary)
                {
                    continue;
                }
                var user = User(c["securityContext"]) ?? podUser;
                var all = string.Join(' ', command.Concat(c["args"] as JsonArray ?? []).Select(KubeObject.Str));
                if (user is > 0 || (binary is "mysqld" or "mariadbd" && all.Contains("--user", StringComparison.Ordinal)))
                {
                    continue;
                }
                var name = KubeObject.Str(c["name"]) ?? "";
                var image = KubeObject.Str(c["image"]) ?? "";
                var attrs = KubeIndex.OwnerAttributes(t.Owner);
                attrs["container"] = name;
                attrs["binary"] = binary;
                attrs["image"] = image;
                attrs["field"] = $"{path}.command";
                attrs["refusal"] = Refusing[binary];
                var ns = KubeFindings.Ns(t.Owner.Namespace);
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.ContainerRunsAsRoot, FindingSeverity.Critical, 0.85,
                    $"{t.Owner.Kind} {t.Owner.Name}: container {name} ({image}) starts {binary} directly as root (its command overrides the image's entrypoint, which drops to an unprivileged user), and {binary} refuses to run as root: it exits at start",
                    t.Owner.Entity, null, [t.Owner.At($"{path}.command", string.Join(' ', command.Select(KubeObject.Str)))],
                    [$"kubectl logs {t.Owner.Kind.ToLowerInvariant()}/{t.Owner.Name}{ns} -c {name} --previous", $"kubectl get pods{ns}"],
                    attrs));
            }
        }
        return AnalyzerResult.Of(findings);
    }

    private static int? User(JsonNode? securityContext) =>
        KubeObject.Str(securityContext?["runAsUser"]) is { } s && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var u) ? u : null;

    /// <summary>The refusing server the command starts: its first word, or the first word of a <c>sh -c</c> script.</summary>
    private static string? Binary(JsonArray command, JsonArray? args)
    {
        var first = Path.GetFileName(KubeObject.Str(command[0]) ?? "");
        if (first is "sh" or "bash" or "ash" or "dash")
        {
            var words = command.Skip(1).Concat(args ?? []).Select(KubeObject.Str).OfType<string>().ToList();
            var script = words.SkipWhile(w => w.StartsWith('-')).FirstOrDefault();
            first = script is null ? "" : Path.GetFileName(script.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => w != "exec") ?? "");
        }
        return Refusing.ContainsKey(first) ? first : null;
    }
}
