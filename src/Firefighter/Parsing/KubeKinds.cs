using Firefighter.Evidence;

namespace Firefighter.Parsing;

/// <summary>Maps kubectl resource names and short names (<c>pod</c>, <c>deploy</c>, <c>deployment.apps</c>) to kinds.</summary>
public static class KubeKinds
{
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pod"] = "Pod",
        ["pods"] = "Pod",
        ["po"] = "Pod",
        ["deployment"] = "Deployment",
        ["deployments"] = "Deployment",
        ["deploy"] = "Deployment",
        ["replicaset"] = "ReplicaSet",
        ["replicasets"] = "ReplicaSet",
        ["rs"] = "ReplicaSet",
        ["statefulset"] = "StatefulSet",
        ["statefulsets"] = "StatefulSet",
        ["sts"] = "StatefulSet",
        ["daemonset"] = "DaemonSet",
        ["daemonsets"] = "DaemonSet",
        ["ds"] = "DaemonSet",
        ["job"] = "Job",
        ["jobs"] = "Job",
        ["cronjob"] = "CronJob",
        ["cronjobs"] = "CronJob",
        ["cj"] = "CronJob",
        ["service"] = "Service",
        ["services"] = "Service",
        ["svc"] = "Service",
        ["node"] = "Node",
        ["nodes"] = "Node",
        ["no"] = "Node",
        ["namespace"] = "Namespace",
        ["ns"] = "Namespace",
        ["configmap"] = "ConfigMap",
        ["configmaps"] = "ConfigMap",
        ["cm"] = "ConfigMap",
        ["secret"] = "Secret",
        ["secrets"] = "Secret",
        ["persistentvolumeclaim"] = "PersistentVolumeClaim",
        ["pvc"] = "PersistentVolumeClaim",
        ["persistentvolume"] = "PersistentVolume",
        ["pv"] = "PersistentVolume",
        ["horizontalpodautoscaler"] = "HorizontalPodAutoscaler",
        ["hpa"] = "HorizontalPodAutoscaler",
        ["ingress"] = "Ingress",
        ["ing"] = "Ingress",
        ["endpoints"] = "Endpoints",
        ["ep"] = "Endpoints",
        ["poddisruptionbudget"] = "PodDisruptionBudget",
        ["pdb"] = "PodDisruptionBudget",
        ["serviceaccount"] = "ServiceAccount",
        ["sa"] = "ServiceAccount",
        ["certificate"] = "Certificate",
    };

    private static readonly HashSet<string> ClusterScoped = new(StringComparer.Ordinal)
    {
        "Node", "Namespace", "PersistentVolume", "ClusterRole", "ClusterRoleBinding", "StorageClass",
    };

    /// <summary>The kind for a resource name, with any API group suffix removed; unknown names are capitalised.</summary>
    public static string FromResource(string resource)
    {
        var dot = resource.IndexOf('.', StringComparison.Ordinal);
        var name = dot > 0 ? resource[..dot] : resource;
        if (Kinds.TryGetValue(name, out var kind))
        {
            return kind;
        }
        return name.Length == 0 ? "Unknown" : char.ToUpperInvariant(name[0]) + name[1..];
    }

    /// <summary>Whether objects of the kind have no namespace.</summary>
    public static bool IsClusterScoped(string kind) => ClusterScoped.Contains(kind);

    /// <summary>Parses <c>kind/name</c> (<c>deployment.apps/api</c>, <c>pod/api-1</c>) to an entity in <paramref name="ns"/>; a bare name is a Service.</summary>
    public static EntityRef ParseTarget(string text, string? ns)
    {
        var t = text.Trim();
        var slash = t.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return new EntityRef("Service", ns, t);
        }
        var kind = FromResource(t[..slash]);
        return new EntityRef(kind, IsClusterScoped(kind) ? null : ns, t[(slash + 1)..]);
    }
}
