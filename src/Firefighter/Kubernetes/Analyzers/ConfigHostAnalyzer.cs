using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Hosts a workload is configured to call (URLs and host[:port] values in its env, arguments and the ConfigMaps it consumes) that no
/// Service of the namespace they resolve in provides, or ports its Service does not expose.</summary>
/// <remarks>In-cluster DNS resolves a bare name only to a Service of the pod's own namespace (<c>name</c>, <c>name.ns</c>, <c>name.ns.svc[.cluster.local]</c>),
/// so such a name is judged only when the snapshot holds Services in that namespace; external names, IP addresses and StatefulSet pod names
/// (<c>pod.headless.ns</c>) are left alone.</remarks>
public sealed partial class ConfigHostAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.config-hosts";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.ConfigUnresolvableHost];

    /// <summary>A host the configuration names and where it was read.</summary>
    internal sealed record HostRef(string Host, int? Port, string Text, string Source, string Key, EvidenceRef Ref);

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var t in index.PodTemplates())
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var h in HostsOf(t, index))
            {
                if (Judge(h, t.Owner.Namespace, index) is not { } verdict || !seen.Add(h.Host + ":" + h.Port))
                {
                    continue;
                }
                var (cls, svcNs, svcName, ports) = verdict;
                var ns = KubeFindings.Ns(t.Owner.Namespace);
                var title = cls == "no_service"
                    ? $"{t.Owner.Kind} {t.Owner.Name} calls {h.Text} ({h.Source}), but no Service {svcName} exists in namespace {svcNs}: the name {h.Host} does not resolve (DNS lookup fails)"
                    : $"{t.Owner.Kind} {t.Owner.Name} calls {h.Text} ({h.Source}), but Service {svcName} exposes port(s) {ports}, not {h.Port}: connections fail";
                var attrs = KubeIndex.OwnerAttributes(t.Owner);
                attrs["host"] = h.Host;
                attrs["port"] = h.Port?.ToString(CultureInfo.InvariantCulture);
                attrs["url"] = h.Text;
                attrs["source"] = h.Source;
                attrs["key"] = h.Key;
                attrs["class"] = cls;
                attrs["servicePorts"] = ports;
                attrs["workload"] = t.Owner.Name;
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.ConfigUnresolvableHost, FindingSeverity.Critical, 0.85, title, t.Owner.Entity, null,
                    [h.Ref], [$"kubectl get services{KubeFindings.Ns(svcNs)}", $"kubectl exec -it deploy/{t.Owner.Name}{ns} -- nslookup {h.Host}", $"kubectl describe {t.Owner.Kind.ToLowerInvariant()} {t.Owner.Name}{ns}"],
                    attrs));
            }
        }
        return AnalyzerResult.Of(findings);
    }

    /// <summary>(class, namespace of the Service it needs, its name, the ports it has) when the host does not work; null when it does or cannot be judged.</summary>
    private static (string Class, string Ns, string Service, string? Ports)? Judge(HostRef h, string? podNs, KubeIndex index)
    {
        var labels = h.Host.Split('.');
        string? svc = null;
        string? ns = null;
        if (labels.Length == 1)
        {
            (svc, ns) = (labels[0], podNs);
        }
        else if (labels.Length == 2 || (labels.Length >= 3 && labels[2] == "svc"))
        {
            (svc, ns) = (labels[0], labels[1]);
        }
        if (svc is null || ns is null || h.Host == "localhost" || !index.Covers("Service", ns))
        {
            return null;
        }
        // A two-label name whose second label is no namespace of the snapshot is an external name (db.example), not ours to judge.
        if (labels.Length == 2 && !index.Covers("Service", labels[1]))
        {
            return null;
        }
        var service = index.Get("Service", ns, svc);
        if (service is null)
        {
            // The pod can resolve its own hostname, and a workload may be named like the host it serves.
            return index.OfKind("StatefulSet").Any(s => s.Namespace == ns && s.Name == svc) ? null : ("no_service", ns, svc, null);
        }
        if (h.Port is not { } port || KubeObject.Str(service.Json["spec"]?["type"]) == "ExternalName")
        {
            return null;
        }
        var ports = (service.Json["spec"]?["ports"] as JsonArray ?? []).Select(p => KubeObject.Str(p?["port"])).OfType<string>().ToList();
        return ports.Count == 0 || ports.Contains(port.ToString(CultureInfo.InvariantCulture)) ? null : ("wrong_port", ns, svc, string.Join(", ", ports));
    }

    internal static IEnumerable<HostRef> HostsOf(KubeIndex.PodTemplate t, KubeIndex index)
    {
        var consumed = new List<(string Cm, string? Key, string Via)>();
        foreach (var (c, path, _) in KubeIndex.Containers(t.Spec, t.Path))
        {
            var env = c["env"] as JsonArray ?? [];
            for (var i = 0; i < env.Count; i++)
            {
                var name = KubeObject.Str(env[i]?["name"]) ?? "";
                if (KubeObject.Str(env[i]?["value"]) is { } value)
                {
                    foreach (var h in Hosts(value, name, $"env {name}", t.Owner.At($"{path}.env[{i}].value", value)))
                    {
                        yield return h;
                    }
                }
                if (KubeObject.Str(env[i]?["valueFrom"]?["configMapKeyRef"]?["name"]) is { } cm)
                {
                    consumed.Add((cm, KubeObject.Str(env[i]?["valueFrom"]?["configMapKeyRef"]?["key"]), $"env {name}"));
                }
            }
            foreach (var ef in c["envFrom"] as JsonArray ?? [])
            {
                if (KubeObject.Str(ef?["configMapRef"]?["name"]) is { } cm)
                {
                    consumed.Add((cm, null, "envFrom"));
                }
            }
            foreach (var field in new[] { "command", "args" })
            {
                var items = c[field] as JsonArray ?? [];
                for (var i = 0; i < items.Count; i++)
                {
                    if (KubeObject.Str(items[i]) is { } arg)
                    {
                        foreach (var h in Urls(arg, $"{field} of container {KubeObject.Str(c["name"])}", "", t.Owner.At($"{path}.{field}[{i}]")))
                        {
                            yield return h;
                        }
                    }
                }
            }
        }
        foreach (var v in t.Spec["volumes"] as JsonArray ?? [])
        {
            if (KubeObject.Str(v?["configMap"]?["name"]) is { } cm)
            {
                consumed.Add((cm, null, "volume"));
            }
        }
        foreach (var (cmName, onlyKey, _) in consumed.Distinct())
        {
            if (index.Get("ConfigMap", t.Owner.Namespace, cmName) is not { } cm || cm.Json["data"] is not JsonObject data)
            {
                continue;
            }
            foreach (var (key, node) in data)
            {
                if ((onlyKey is null || onlyKey == key) && KubeObject.Str(node) is { } value)
                {
                    foreach (var h in Hosts(value, key, $"ConfigMap {cmName} key {key}", cm.At($"data.{key}", value.Length > 120 ? value[..120] : value)))
                    {
                        yield return h;
                    }
                }
            }
        }
    }

    private static IEnumerable<HostRef> Hosts(string value, string key, string source, EvidenceRef at)
    {
        var any = false;
        foreach (var h in Urls(value, source, key, at))
        {
            any = true;
            yield return h;
        }
        // A bare host[:port] counts only where the key says it is one (DB_HOST, REDIS_ADDR, CACHE_ENDPOINT).
        if (!any && HostKey().IsMatch(key) && BareHost().Match(value.Trim()) is { Success: true } m && Plausible(m.Groups["host"].Value))
        {
            yield return new HostRef(m.Groups["host"].Value.ToLowerInvariant(), Port(m.Groups["port"].Value), value.Trim(), source, key, at);
        }
    }

    private static IEnumerable<HostRef> Urls(string value, string source, string key, EvidenceRef at)
    {
        if (value.Contains("$(", StringComparison.Ordinal) || value.Contains("{{", StringComparison.Ordinal))
        {
            yield break;
        }
        foreach (Match m in Url().Matches(value))
        {
            var host = m.Groups["host"].Value;
            if (Plausible(host))
            {
                yield return new HostRef(host.ToLowerInvariant(), Port(m.Groups["port"].Value), m.Value, source, key, at);
            }
        }
    }

    private static bool Plausible(string host) =>
        host.Length > 0 && !IPAddress.TryParse(host, out _) && !host.Equals("localhost", StringComparison.OrdinalIgnoreCase) && char.IsLetter(host[0]) && !host.EndsWith('.');

    private static int? Port(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536 ? p : null;

    [GeneratedRegex(@"\b[a-z][a-z0-9+.-]*://(?:[^@/\s""']+@)?(?<host>[A-Za-z0-9][A-Za-z0-9_.-]*)(?::(?<port>\d{1,5}))?[^\s""']*", RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"^(?<host>[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*)(?::(?<port>\d{1,5}))?$")]
    private static partial Regex BareHost();

    [GeneratedRegex(@"(HOST|HOSTNAME|ADDR|ADDRESS|ENDPOINT|SERVER|URL|URI)$", RegexOptions.IgnoreCase)]
    private static partial Regex HostKey();
}
