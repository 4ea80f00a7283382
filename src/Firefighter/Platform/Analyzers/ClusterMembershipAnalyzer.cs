using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Platform.Analyzers;

/// <summary>Clustered middleware membership (<c>ClusterMembership</c> objects the readers build from RabbitMQ cluster status and similar tools):
/// network partitions, members down while others run, resource alarms.</summary>
/// <remarks>A partition is the strongest statement and includes the members down; a member down without a reported partition is its own
/// finding. Member names are shortened to their host's first label in titles (<c>rabbit@rabbitmq-0.rabbitmq-headless...</c> → <c>rabbitmq-0</c>).</remarks>
public sealed class ClusterMembershipAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "platform.cluster";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [PlatformFindingKinds.ClusterPartition, PlatformFindingKinds.ClusterMemberDown, PlatformFindingKinds.ClusterResourceAlarm];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var findings = new List<Finding>();
        foreach (var c in context.Evidence.Objects.Where(o => o.Kind == "ClusterMembership"))
        {
            var product = KubeObject.Str(c.Json["spec"]?["product"]) ?? "cluster";
            var members = (c.Json["status"]?["members"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var down = members.Where(m => KubeObject.Str(m["running"]) == "false").Select(m => Short(KubeObject.Str(m["name"]) ?? "")).ToList();
            var running = members.Count - down.Count;
            var partitions = (c.Json["status"]?["partitions"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(p => (Reporter: Short(KubeObject.Str(p["member"]) ?? ""), Unreachable: (p["unreachable"] as JsonArray ?? []).Select(u => Short(KubeObject.Str(u) ?? "")).Where(u => u.Length > 0).ToList()))
                .Where(p => p.Unreachable.Count > 0).ToList();
            var counts = new Dictionary<string, string?> { ["product"] = product, ["cluster"] = c.Name, ["members"] = members.Count.ToString(CultureInfo.InvariantCulture), ["running"] = running.ToString(CultureInfo.InvariantCulture) };
            var name = Title(product);
            if (partitions.Count > 0 || KubeObject.Str(c.Json["status"]?["partitionDetected"]) == "true")
            {
                var who = partitions.Count == 0 ? "" : string.Join("; ", partitions.Select(p => $"{p.Reporter} cannot reach {string.Join(", ", p.Unreachable)}"));
                var unreachable = partitions.SelectMany(p => p.Unreachable).Distinct(StringComparer.Ordinal).ToList();
                findings.Add(Make(PlatformFindingKinds.ClusterPartition, FindingSeverity.Critical, 0.95,
                    $"{name} cluster {c.Name} is partitioned (network partition / split brain){(who.Length > 0 ? $": {who}" : "")}{(down.Count > 0 ? $"; {string.Join(", ", down)} not running" : "")} ({running}/{members.Count} members running)",
                    c, new(counts) { ["reporter"] = string.Join(", ", partitions.Select(p => p.Reporter)), ["unreachable"] = string.Join(", ", unreachable), ["down"] = string.Join(", ", down) }));
            }
            else
            {
                foreach (var d in down)
                {
                    findings.Add(Make(PlatformFindingKinds.ClusterMemberDown, FindingSeverity.Critical, 0.85,
                        $"{name} cluster {c.Name}: member {d} is not running ({running}/{members.Count} members running)", c, new(counts) { ["member"] = d }));
                }
            }
            foreach (var m in members)
            {
                foreach (var alarm in m["alarms"] as JsonArray ?? [])
                {
                    var a = KubeObject.Str(alarm) ?? "";
                    var member = Short(KubeObject.Str(m["name"]) ?? "");
                    findings.Add(Make(PlatformFindingKinds.ClusterResourceAlarm, FindingSeverity.Critical, 0.85,
                        $"{name} cluster {c.Name}: member {member} raised a {a} alarm: publishers are blocked until it clears", c,
                        new(counts) { ["member"] = member, ["alarm"] = a, ["used"] = KubeObject.Str(m[a + "Used"]), ["limit"] = KubeObject.Str(m[a + "Limit"]) }));
                }
            }
        }
        return AnalyzerResult.Of(findings);
    }

    private Finding Make(string kind, FindingSeverity severity, double strength, string title, KubeObject c, Dictionary<string, string?> attrs)
    {
        var clean = attrs.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);
        if (c.Namespace is { } ns)
        {
            clean["namespace"] = ns;
        }
        return new Finding(kind, title, new EntityRef("Cluster", c.Namespace, c.Name), KubeObject.Time(c.Json["status"]?["observedAt"]), null, strength, [c.Ref])
        {
            Severity = severity,
            Attributes = clean,
            Analyzer = Name,
        };
    }

    private static string Title(string product) => product switch
    {
        "rabbitmq" => "RabbitMQ",
        "kafka" => "Kafka",
        "etcd" => "etcd",
        "elasticsearch" => "Elasticsearch",
        _ => product,
    };

    /// <summary><c>rabbit@rabbitmq-0.rabbitmq-headless.ns.svc.cluster.local</c> → <c>rabbitmq-0</c>.</summary>
    private static string Short(string member)
    {
        var at = member.IndexOf('@', StringComparison.Ordinal);
        var host = at >= 0 ? member[(at + 1)..] : member;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? host[..dot] : host;
    }
}
