using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Firefighter.Evidence;

namespace Firefighter.Kubernetes;

/// <summary>Lookups over the Kubernetes objects and events of an evidence set: by kind, by name, events by object, owners.</summary>
/// <remarks>Built once per evidence set and shared by the analyzers (thread-safe after construction).</remarks>
public sealed partial class KubeIndex
{
    private static readonly ConditionalWeakTable<EvidenceSet, KubeIndex> Cache = new();
    private static readonly Lock CacheLock = new();

    private readonly Dictionary<string, List<KubeObject>> _byKind = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Kind, string? Ns, string Name), KubeObject> _byKey = new();
    private readonly Dictionary<(string Kind, string? Ns, string Name), List<KubeEvent>> _events = new();
    private readonly Dictionary<(string Kind, string? Ns), int> _countByNs = new();
    private readonly Dictionary<string, List<KubeObject>> _podsByNs = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Ns, string Key, string Value), List<KubeObject>> _podsByLabel = new();
    private readonly Dictionary<(string Ns, string Kind, string Name), List<KubeObject>> _podsByOwner = new();
    private readonly Dictionary<KubeObject, IReadOnlyDictionary<string, string>> _podLabels = new(ReferenceEqualityComparer.Instance);
    private readonly int _objectCount;
    private readonly int _eventCount;

    /// <summary>Builds an index over the objects and events.</summary>
    public KubeIndex(IReadOnlyList<KubeObject> objects, IReadOnlyList<KubeEvent> events)
    {
        _objectCount = objects.Count;
        _eventCount = events.Count;
        foreach (var o in objects)
        {
            if (!_byKind.TryGetValue(o.Kind, out var list))
            {
                _byKind[o.Kind] = list = [];
            }
            list.Add(o);
            _byKey[(o.Kind, o.Namespace, o.Name)] = o;
            var nsKey = (o.Kind, o.Namespace);
            _countByNs[nsKey] = _countByNs.GetValueOrDefault(nsKey) + 1;
            if (o.Kind == "Pod")
            {
                var podNs = o.Namespace ?? "";
                if (!_podsByNs.TryGetValue(podNs, out var pods))
                {
                    _podsByNs[podNs] = pods = [];
                }
                pods.Add(o);
                var labels = o.Labels;
                _podLabels[o] = labels;
                foreach (var (k, v) in labels)
                {
                    Add(_podsByLabel, (podNs, k, v), o);
                }
                foreach (var (ok, on) in o.Owners)
                {
                    Add(_podsByOwner, (podNs, ok, on), o);
                }
            }
        }
        foreach (var e in events)
        {
            var key = (e.Involved.Kind, e.Involved.Namespace, e.Involved.Name);
            if (!_events.TryGetValue(key, out var list))
            {
                _events[key] = list = [];
            }
            list.Add(e);
        }
        Events = events;
    }

    /// <summary>All events.</summary>
    public IReadOnlyList<KubeEvent> Events { get; }

    /// <summary>The shared index of an evidence set, rebuilt when its objects or events changed.</summary>
    public static KubeIndex For(EvidenceSet evidence)
    {
        lock (CacheLock)
        {
            if (Cache.TryGetValue(evidence, out var idx) && idx._objectCount == evidence.Objects.Count && idx._eventCount == evidence.Events.Count)
            {
                return idx;
            }
            idx = new KubeIndex(evidence.Objects, evidence.Events);
            Cache.AddOrUpdate(evidence, idx);
            return idx;
        }
    }

    /// <summary>Objects of one kind (empty when none).</summary>
    public IReadOnlyList<KubeObject> OfKind(string kind) => _byKind.TryGetValue(kind, out var l) ? l : [];

    /// <summary>The object with that kind, namespace and name, or null.</summary>
    public KubeObject? Get(string kind, string? ns, string name) => _byKey.GetValueOrDefault((kind, ns, name));

    /// <summary>True when the snapshot holds at least one object of the kind in the namespace (so an absence means something).</summary>
    public bool Covers(string kind, string? ns) => _countByNs.ContainsKey((kind, ns));

    /// <summary>Events about the entity, oldest first as read.</summary>
    public IReadOnlyList<KubeEvent> EventsFor(EntityRef entity) =>
        _events.TryGetValue((entity.Kind, entity.Namespace, entity.Name), out var l) ? l : [];

    /// <summary>The owning Deployment's name of a pod or ReplicaSet: via ownerReferences when the ReplicaSet is present, else from the <c>&lt;deploy&gt;-&lt;rs-hash&gt;-&lt;pod-hash&gt;</c> name pattern.</summary>
    public string? DeploymentOf(KubeObject obj)
    {
        if (obj.Kind == "Deployment")
        {
            return obj.Name;
        }
        var owners = obj.Owners;
        if (obj.Kind == "ReplicaSet")
        {
            foreach (var (k, n) in owners)
            {
                if (k == "Deployment")
                {
                    return n;
                }
            }
            return owners.Count == 0 ? StripHash(obj.Name, obj.Labels.GetValueOrDefault("pod-template-hash")) : null;
        }
        foreach (var (k, n) in owners)
        {
            if (k == "ReplicaSet")
            {
                if (Get("ReplicaSet", obj.Namespace, n) is { } rs)
                {
                    return DeploymentOf(rs);
                }
                return StripHash(n, obj.Labels.GetValueOrDefault("pod-template-hash"));
            }
            if (k is "Deployment")
            {
                return n;
            }
        }
        if (owners.Count > 0)
        {
            return null;
        }
        var m = PodOfDeployment().Match(obj.Name);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The controller owner of an object as (kind, name), or null.</summary>
    public static (string Kind, string Name)? ControllerOf(KubeObject obj) => obj.Owners.Count > 0 ? obj.Owners[0] : null;

    /// <summary>The labels of a pod of this index, read once (other objects: read now).</summary>
    public IReadOnlyDictionary<string, string> LabelsOf(KubeObject obj) => _podLabels.TryGetValue(obj, out var l) ? l : obj.Labels;

    /// <summary>Pods whose ownerReferences name the owner (a ReplicaSet, Job, StatefulSet...).</summary>
    public IReadOnlyList<KubeObject> PodsOwnedBy(string kind, string? ns, string name) =>
        _podsByOwner.TryGetValue((ns ?? "", kind, name), out var l) ? l : [];

    /// <summary>The pods of one namespace (empty when none), so per-namespace lookups do not scan every pod.</summary>
    public IReadOnlyList<KubeObject> PodsIn(string? ns) => _podsByNs.TryGetValue(ns ?? "", out var l) ? l : [];

    /// <summary>Pods in the namespace whose labels include every selector pair.</summary>
    public IReadOnlyList<KubeObject> PodsMatching(string? ns, IReadOnlyDictionary<string, string> selector)
    {
        var result = new List<KubeObject>();
        if (selector.Count == 0)
        {
            return result;
        }
        // Start from the smallest posting list of one selector pair, then check the others: O(matching pods), not O(pods).
        List<KubeObject>? candidates = null;
        foreach (var (k, v) in selector)
        {
            if (!_podsByLabel.TryGetValue((ns ?? "", k, v), out var list))
            {
                return result;
            }
            if (candidates is null || list.Count < candidates.Count)
            {
                candidates = list;
            }
        }
        foreach (var p in candidates!)
        {
            var labels = LabelsOf(p);
            var all = true;
            foreach (var (k, v) in selector)
            {
                if (!labels.TryGetValue(k, out var lv) || lv != v)
                {
                    all = false;
                    break;
                }
            }
            if (all)
            {
                result.Add(p);
            }
        }
        return result;
    }

    private static void Add<TKey>(Dictionary<TKey, List<KubeObject>> map, TKey key, KubeObject o)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }
        list.Add(o);
    }

    /// <summary>Reads a string map (labels, selector.matchLabels) from a JSON node.</summary>
    public static Dictionary<string, string> StringMap(JsonNode? node)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o)
            {
                if (KubeObject.Str(v) is { } s)
                {
                    map[k] = s;
                }
            }
        }
        return map;
    }

    private static string? StripHash(string rsName, string? hash)
    {
        if (hash is { Length: > 0 } && rsName.EndsWith("-" + hash, StringComparison.Ordinal))
        {
            return rsName[..^(hash.Length + 1)];
        }
        var m = ReplicaSetOfDeployment().Match(rsName);
        return m.Success ? m.Groups[1].Value : null;
    }

    [GeneratedRegex("^(.+)-[bcdfghjklmnpqrstvwxz0-9]{6,10}-[bcdfghjklmnpqrstvwxz0-9]{5}$")]
    private static partial Regex PodOfDeployment();

    [GeneratedRegex("^(.+)-[bcdfghjklmnpqrstvwxz0-9]{6,10}$")]
    private static partial Regex ReplicaSetOfDeployment();
}
