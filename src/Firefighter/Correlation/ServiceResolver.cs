using Firefighter.Evidence;

namespace Firefighter.Correlation;

/// <summary>Maps an entity (pod, container, workload, service) to the service name the fusion ranks, and remembers namespaces.</summary>
/// <remarks>Trace service names win when there are traces: a pod is its workload's, its Kubernetes services', or, without objects, the trace
/// service its name starts with ("&lt;service&gt;-"). Nodes, hosts, claims and bare metrics are nobody's service. Not thread-safe.</remarks>
internal sealed class ServiceResolver(EntityGraph graph, IEnumerable<string> traceServices)
{
    private readonly HashSet<string> _traced = new(traceServices, StringComparer.Ordinal);
    private readonly Dictionary<EntityRef, string?> _cache = [];
    private List<string>? _byLength;

    /// <summary>Namespaces seen per service.</summary>
    public Dictionary<string, string> Namespaces { get; } = new(StringComparer.Ordinal);

    /// <summary>The service of <paramref name="e"/>, or null.</summary>
    public string? Of(EntityRef e)
    {
        if (!_cache.TryGetValue(e, out var s))
        {
            _cache[e] = s = Resolve(e);
            if (s is not null && e.Namespace is { Length: > 0 } ns)
            {
                Namespaces.TryAdd(s, ns);
            }
        }
        return s;
    }

    /// <summary>The Service entity for a ranked name (with its namespace when one was seen).</summary>
    public EntityRef Entity(string service) => new("Service", Namespaces.TryGetValue(service, out var ns) ? ns : null, service);

    private string? Resolve(EntityRef e)
    {
        if (e.Kind is "Node" or "Host" or "Metric" or "PersistentVolumeClaim" or "Cluster")
        {
            return null;
        }
        if (_traced.Contains(e.Name))
        {
            return e.Name;
        }
        var workload = e.Kind == "Service" ? graph.WorkloadOfService(e) ?? e : graph.Workload(e);
        if (_traced.Contains(workload.Name))
        {
            return workload.Name;
        }
        foreach (var svc in graph.ServicesOf(e))
        {
            if (_traced.Contains(svc.Name) || _traced.Count == 0)
            {
                return svc.Name;
            }
        }
        if (_traced.Count > 0 && e.Kind is "Pod" or "ReplicaSet" or "Container")
        {
            // Without objects or a recognisable generated name, a pod is its service's when its name starts with "<service>-".
            _byLength ??= _traced.OrderByDescending(x => x.Length).ThenBy(x => x, StringComparer.Ordinal).ToList();
            foreach (var svc in _byLength)
            {
                if (e.Name.Length > svc.Length && e.Name.StartsWith(svc, StringComparison.Ordinal) && e.Name[svc.Length] == '-')
                {
                    return svc;
                }
            }
        }
        return workload.Name;
    }
}
