using System.Globalization;
using System.Text.RegularExpressions;

namespace Firefighter.Kubernetes;

/// <summary>Classifies the free text Kubernetes writes (waiting messages, scheduler and kubelet events) into the finding classes of the kind contract.</summary>
public static partial class KubeClassify
{
    /// <summary>Image pull failure class: not_found, unauthorized, rate_limited, unreachable or unknown.</summary>
    public static string ImagePull(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return "unknown";
        }
        var m = message.ToLowerInvariant();
        if (m.Contains("toomanyrequests") || m.Contains("429") || m.Contains("rate limit"))
        {
            return "rate_limited";
        }
        if (m.Contains("no such host") || m.Contains("i/o timeout") || m.Contains("connection refused") || m.Contains("network is unreachable")
            || m.Contains("tls handshake timeout") || m.Contains("context deadline exceeded") || m.Contains("dial tcp") || m.Contains("connection reset"))
        {
            return "unreachable";
        }
        if (m.Contains("401") || m.Contains("403") || m.Contains("unauthorized") || m.Contains("authentication required") || m.Contains("no basic auth credentials")
            || m.Contains("forbidden") || m.Contains("denied: ") || m.Contains("failed to authorize"))
        {
            return "unauthorized";
        }
        if (m.Contains("not found") || m.Contains("manifest unknown") || m.Contains("does not exist") || m.Contains("name unknown") || m.Contains("pull access denied")
            || m.Contains("invalid reference format") || m.Contains("couldn't parse image"))
        {
            return "not_found";
        }
        return "unknown";
    }

    /// <summary>A human phrase for an image pull class.</summary>
    public static string ImagePullPhrase(string cls) => cls switch
    {
        "not_found" => "the image or tag does not exist",
        "unauthorized" => "the registry refused the credentials (imagePullSecrets)",
        "rate_limited" => "the registry is rate-limiting pulls",
        "unreachable" => "the registry cannot be reached from the node",
        _ => "the image cannot be pulled",
    };

    /// <summary>Parses a CreateContainerConfigError message into (missingKind Secret|ConfigMap|key, name, key).</summary>
    public static (string Kind, string? Name, string? Key)? MissingConfig(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return null;
        }
        var key = MissingKey().Match(message);
        if (key.Success)
        {
            var name = key.Groups["name"].Value;
            var slash = name.LastIndexOf('/');
            return ("key", slash >= 0 ? name[(slash + 1)..] : name, key.Groups["key"].Value);
        }
        var obj = MissingObject().Match(message);
        if (obj.Success)
        {
            var kind = obj.Groups["kind"].Value.Equals("secret", StringComparison.OrdinalIgnoreCase) ? "Secret" : "ConfigMap";
            return (kind, obj.Groups["name"].Value, null);
        }
        return null;
    }

    /// <summary>The container-or-object a missing key lives in (Secret or ConfigMap) from a message, or null.</summary>
    public static string? MissingKeyOwnerKind(string? message)
    {
        var key = MissingKey().Match(message ?? "");
        return key.Success ? (key.Groups["kind"].Value.Equals("secret", StringComparison.OrdinalIgnoreCase) ? "Secret" : "ConfigMap") : null;
    }

    /// <summary>Scheduling failure class from a FailedScheduling / Unschedulable message; the class covering the most nodes wins.</summary>
    public static string Scheduling(string? message, bool podHasNodeAffinity)
    {
        if (string.IsNullOrEmpty(message))
        {
            return "unknown";
        }
        var best = "unknown";
        var bestCount = -1;
        // "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {x}." — split the reasons and weigh each by its node count.
        var colon = message.IndexOf(": ", StringComparison.Ordinal);
        var body = colon >= 0 && message.Contains("nodes are available", StringComparison.Ordinal) ? message[(colon + 2)..] : message;
        foreach (var part in body.Split(", "))
        {
            var cls = SchedulingPart(part, podHasNodeAffinity);
            if (cls == "unknown")
            {
                continue;
            }
            var m = LeadingCount().Match(part.Trim());
            var count = m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : 0;
            if (count > bestCount)
            {
                best = cls;
                bestCount = count;
            }
        }
        return best;
    }

    /// <summary>A human phrase for a scheduling class.</summary>
    public static string SchedulingPhrase(string cls) => cls switch
    {
        "insufficient_cpu" => "no node has enough free CPU for its requests",
        "insufficient_memory" => "no node has enough free memory for its requests",
        "insufficient_gpu" => "no node has a free GPU",
        "node_selector" => "no node matches its nodeSelector",
        "affinity" => "no node satisfies its (pod/node) affinity",
        "anti_affinity" => "its pod anti-affinity rules exclude every node",
        "taint" => "the nodes have taints it does not tolerate",
        "pvc" => "its PersistentVolumeClaim is not bound (or bound to a volume on another zone/node)",
        "too_many_pods" => "the nodes are at their pod limit",
        _ => "the scheduler found no fitting node",
    };

    /// <summary>Mount or sandbox class for a stuck ContainerCreating pod from its event reason.</summary>
    public static string? CreatingClass(string reason) => reason switch
    {
        "FailedMount" or "FailedAttachVolume" or "FailedMapVolume" => "mount",
        "FailedCreatePodSandBox" or "FailedKillPodSandBox" or "FailedPodSandBoxStatus" => "sandbox",
        _ => null,
    };

    /// <summary>Class of a ReplicaSet/Job FailedCreate message: quota, service_account, security_policy, limit_range, webhook or unknown.</summary>
    public static string FailedCreate(string? message)
    {
        var m = (message ?? "").ToLowerInvariant();
        if (m.Contains("exceeded quota") || m.Contains("resourcequota"))
        {
            return "quota";
        }
        if (m.Contains("serviceaccount") || m.Contains("service account"))
        {
            return "service_account";
        }
        if (m.Contains("podsecurity") || m.Contains("security context constraint") || m.Contains("violates pod") || m.Contains("podsecuritypolicy"))
        {
            return "security_policy";
        }
        if (m.Contains("limitrange") || m.Contains("maximum cpu usage") || m.Contains("maximum memory usage") || m.Contains("minimum cpu usage") || m.Contains("minimum memory usage"))
        {
            return "limit_range";
        }
        if (m.Contains("admission webhook"))
        {
            return "webhook";
        }
        return "unknown";
    }

    /// <summary>The pressure resource of an eviction message (<c>memory</c>, <c>ephemeral-storage</c>, <c>nodefs</c>, <c>pid</c>), or null.</summary>
    public static string? EvictionResource(string? message)
    {
        var m = EvictionRes().Match(message ?? "");
        return m.Success ? m.Groups[1].Value : null;
    }

    private static string SchedulingPart(string part, bool podHasNodeAffinity)
    {
        var p = part.ToLowerInvariant();
        if (p.Contains("insufficient"))
        {
            return p.Contains("gpu") ? "insufficient_gpu" : p.Contains("memory") ? "insufficient_memory" : p.Contains("cpu") ? "insufficient_cpu" : "unknown";
        }
        if (p.Contains("too many pods"))
        {
            return "too_many_pods";
        }
        if (p.Contains("anti-affinity"))
        {
            return "anti_affinity";
        }
        if (p.Contains("node affinity/selector") || p.Contains("node selector"))
        {
            return podHasNodeAffinity ? "affinity" : "node_selector";
        }
        if (p.Contains("affinity") && !p.Contains("volume node affinity"))
        {
            return "affinity";
        }
        if (p.Contains("taint"))
        {
            return "taint";
        }
        if (p.Contains("persistentvolumeclaim") || p.Contains("volume node affinity") || p.Contains("unbound") || p.Contains("volume"))
        {
            return "pvc";
        }
        return "unknown";
    }

    [GeneratedRegex("""couldn't find key (?<key>\S+) in (?<kind>Secret|ConfigMap) (?<name>[\w./-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MissingKey();

    [GeneratedRegex("""(?<kind>secret|configmap)s? "(?<name>[^"]+)" not found""", RegexOptions.IgnoreCase)]
    private static partial Regex MissingObject();

    [GeneratedRegex(@"^(\d+)")]
    private static partial Regex LeadingCount();

    [GeneratedRegex(@"low on resource: ([\w.-]+)")]
    private static partial Regex EvictionRes();
}
