using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Firefighter.Evidence;

namespace Firefighter.Correlation;

/// <summary>How entities relate: pod → replicaset → deployment, statefulset → pods, service → selected pods, and host names/IPs → services.</summary>
/// <remarks>Built once per investigation from the Kubernetes objects; falls back to name patterns when owners are not in the evidence. Thread-safe after construction.</remarks>
public sealed partial class EntityGraph
{
    private readonly Dictionary<EntityRef, EntityRef> _owner = [];
    private readonly Dictionary<EntityRef, List<EntityRef>> _servicesOfPod = [];
    private readonly Dictionary<EntityRef, List<EntityRef>> _servicesOfWorkload = [];
    private readonly Dictionary<EntityRef, EntityRef> _workloadOfService = [];
    private readonly Dictionary<string, EntityRef> _serviceByHost = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<EntityRef> _known = [];

    /// <summary>Builds the graph from the evidence's objects.</summary>
    public EntityGraph(EvidenceSet evidence)
    {
        var pods = evidence.Objects.Where(o => o.Kind == "Pod").ToList();
        foreach (var o in evidence.Objects)
        {
            _known.Add(o.Entity);
            foreach (var (kind, name) in o.Owners)
            {
                _owner[o.Entity] = new EntityRef(kind, o.Namespace, name);
            }
        }
        foreach (var pod in pods)
        {
            // A claim's problems are its pod's problems: tie PVCs to the pod that mounts them.
            if (pod.Json["spec"]?["volumes"] is JsonArray volumes)
            {
                foreach (var v in volumes.OfType<JsonObject>())
                {
                    if (KubeObject.Str(v["persistentVolumeClaim"]?["claimName"]) is { Length: > 0 } claim)
                    {
                        _owner.TryAdd(new EntityRef("PersistentVolumeClaim", pod.Namespace, claim), pod.Entity);
                    }
                }
            }
        }
        foreach (var svc in evidence.Objects.Where(o => o.Kind == "Service"))
        {
            var selector = svc.Json["spec"]?["selector"] as JsonObject;
            if (selector is { Count: > 0 })
            {
                foreach (var pod in pods.Where(p => p.Namespace == svc.Namespace && Selects(selector, p.Labels)))
                {
                    if (!_servicesOfPod.TryGetValue(pod.Entity, out var list))
                    {
                        _servicesOfPod[pod.Entity] = list = [];
                    }
                    list.Add(svc.Entity);
                }
            }
            var ns = svc.Namespace ?? "default";
            foreach (var host in new[] { svc.Name, $"{svc.Name}.{ns}", $"{svc.Name}.{ns}.svc", $"{svc.Name}.{ns}.svc.cluster.local" })
            {
                _serviceByHost.TryAdd(host, svc.Entity);
            }
            if (KubeObject.Str(svc.Json["spec"]?["clusterIP"]) is { Length: > 0 } ip && ip != "None")
            {
                _serviceByHost.TryAdd(ip, svc.Entity);
            }
        }

        // Workloads are only known once every owner is in; resolve them once here rather than on every lookup.
        foreach (var (pod, services) in _servicesOfPod)
        {
            var workload = Workload(pod);
            if (!_servicesOfWorkload.TryGetValue(workload, out var list))
            {
                _servicesOfWorkload[workload] = list = [];
            }
            foreach (var svc in services)
            {
                if (!list.Contains(svc))
                {
                    list.Add(svc);
                }
                _workloadOfService.TryAdd(svc, workload);
            }
        }

        // Callers often log the pod IP they dialled (an endpoint, not the Service's name): a pod IP behind a Service stands for that
        // Service, so "connection refused to 10.1.3.45:8080" is about the workload whose pod has that address.
        foreach (var pod in pods)
        {
            if (!_servicesOfPod.TryGetValue(pod.Entity, out var services) || services.Count == 0)
            {
                continue;
            }
            foreach (var ip in PodIps(pod))
            {
                _serviceByHost.TryAdd(ip, services[0]);
            }
        }
    }

    private static IEnumerable<string> PodIps(KubeObject pod)
    {
        if (KubeObject.Str(pod.Json["status"]?["podIP"]) is { Length: > 0 } ip)
        {
            yield return ip;
        }
        if (pod.Json["status"]?["podIPs"] is JsonArray ips)
        {
            foreach (var entry in ips.OfType<JsonObject>())
            {
                if (KubeObject.Str(entry["ip"]) is { Length: > 0 } more)
                {
                    yield return more;
                }
            }
        }
    }

    /// <summary>The entity's owner, from ownerReferences or, for pods and replicasets, the generated-name pattern.</summary>
    public EntityRef? Owner(EntityRef e)
    {
        if (_owner.TryGetValue(e, out var o))
        {
            return o;
        }
        if (e.Kind == "Pod" && PodOfReplicaSet().Match(e.Name) is { Success: true } m)
        {
            return new EntityRef("ReplicaSet", e.Namespace, m.Groups[1].Value);
        }
        if (e.Kind == "Pod" && PodOfStatefulSet().Match(e.Name) is { Success: true } s
            && _known.Contains(new EntityRef("StatefulSet", e.Namespace, s.Groups[1].Value)))
        {
            return new EntityRef("StatefulSet", e.Namespace, s.Groups[1].Value);
        }
        if (e.Kind == "ReplicaSet" && ReplicaSetOfDeployment().Match(e.Name) is { Success: true } r)
        {
            return new EntityRef("Deployment", e.Namespace, r.Groups[1].Value);
        }
        return null;
    }

    /// <summary>The top-level workload that owns the entity (Deployment, StatefulSet, DaemonSet, Job...), or the entity itself.</summary>
    public EntityRef Workload(EntityRef e)
    {
        var current = e;
        for (var i = 0; i < 5 && Owner(current) is { } up; i++)
        {
            current = up;
        }
        return current;
    }

    /// <summary>Services whose selector matches the pod (or the workload's pods).</summary>
    public IReadOnlyList<EntityRef> ServicesOf(EntityRef e)
    {
        if (_servicesOfPod.TryGetValue(e, out var direct))
        {
            return direct;
        }
        var workload = Workload(e);
        return _servicesOfWorkload.TryGetValue(workload, out var services) ? services : [];
    }

    /// <summary>Resolves a host (service name, FQDN or cluster IP, port optional) to the Service entity, when known.</summary>
    public EntityRef? ServiceByHost(string host)
    {
        var h = host;
        var colon = h.LastIndexOf(':');
        if (colon > 0 && !h.Contains(']', StringComparison.Ordinal) && h.Count(c => c == ':') == 1)
        {
            h = h[..colon];
        }
        return _serviceByHost.TryGetValue(h, out var s) ? s : null;
    }

    /// <summary>The workload behind a service (the owner of the pods it selects), when known.</summary>
    public EntityRef? WorkloadOfService(EntityRef service) => _workloadOfService.TryGetValue(service, out var w) ? w : null;

    /// <summary>True when two entities belong to the same workload, or one is a service of the other's pods.</summary>
    public bool Related(EntityRef a, EntityRef b)
    {
        if (a == b)
        {
            return true;
        }
        var wa = Workload(a);
        var wb = Workload(b);
        if (wa == wb || SameName(wa, wb))
        {
            return true;
        }
        return ServicesOf(a).Contains(b) || ServicesOf(b).Contains(a)
            || (a.Kind == "Service" && WorkloadOfService(a) == wb)
            || (b.Kind == "Service" && WorkloadOfService(b) == wa);
    }

    // A service and a workload of the same name in the same namespace are the same component when objects are missing.
    private static bool SameName(EntityRef a, EntityRef b) =>
        a.Name == b.Name && (a.Namespace == b.Namespace || a.Namespace is null || b.Namespace is null);

    private static bool Selects(JsonObject selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == KubeObject.Str(kv.Value));

    [GeneratedRegex(@"^(.+-[a-z0-9]{6,10})-[a-z0-9]{5}$")]
    private static partial Regex PodOfReplicaSet();

    [GeneratedRegex(@"^(.+)-\d+$")]
    private static partial Regex PodOfStatefulSet();

    [GeneratedRegex(@"^(.+)-[a-z0-9]{6,10}$")]
    private static partial Regex ReplicaSetOfDeployment();
}
