using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Reports;

/// <summary>Replaces the names in a report (namespaces, objects, containers, nodes, images, referenced secrets...) with stable
/// placeholders (<c>ns-1</c>, <c>pod-3</c>), so a report can be shared outside the team.</summary>
/// <remarks>O(names × text length) per masked string; names are replaced longest first so <c>checkout-5d8f</c> goes before <c>checkout</c>.</remarks>
public sealed class NameMasker
{
    private static readonly string[] SensitiveAttributes =
    [
        "container", "deployment", "node", "image", "missingName", "service", "secret", "pvc", "pv", "statefulset", "daemonset", "job", "cronjob",
        "oldImage", "newImage", "subject", "hpa", "ingress", "oldReplicaSet", "newReplicaSet", "networkpolicy", "podNames", "pdb", "quota", "refused",
        "missingKey", "storageClass", "claim", "volume", "target",
    ];

    private readonly List<(string Real, string Fake)> _pairs;

    /// <summary>Learns the names to mask from the evidence's objects and the findings' entities and attributes.</summary>
    public NameMasker(EvidenceSet evidence, IEnumerable<Finding> findings)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var counters = new Dictionary<string, int>(StringComparer.Ordinal);
        void See(string? real, string prefix)
        {
            if (string.IsNullOrEmpty(real) || real.Length < 3 || map.ContainsKey(real))
            {
                return;
            }
            var n = counters[prefix] = counters.GetValueOrDefault(prefix) + 1;
            map[real] = $"{prefix}-{n}";
        }
        foreach (var o in evidence.Objects)
        {
            See(o.Namespace, "ns");
        }
        foreach (var f in findings)
        {
            See(f.Entity.Namespace, "ns");
            See(f.Entity.Name, f.Entity.Kind.ToLowerInvariant());
            foreach (var a in SensitiveAttributes)
            {
                foreach (var part in (f.Attr(a) ?? "").Split(','))
                {
                    See(part, a.ToLowerInvariant());
                }
            }
        }
        foreach (var o in evidence.Objects)
        {
            See(o.Name, o.Kind.ToLowerInvariant());
        }
        _pairs = map.OrderByDescending(kv => kv.Key.Length).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ToList();
    }

    /// <summary>The text with every known name replaced.</summary>
    public string Apply(string text)
    {
        foreach (var (real, fake) in _pairs)
        {
            if (text.Contains(real, StringComparison.Ordinal))
            {
                text = text.Replace(real, fake, StringComparison.Ordinal);
            }
        }
        return text;
    }
}
