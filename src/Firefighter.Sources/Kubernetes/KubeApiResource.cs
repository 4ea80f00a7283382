using k8s;

namespace Firefighter.Sources.Kubernetes;

/// <summary>One resource the live scan lists: its kind, RBAC coordinates and the typed KubernetesClient call that lists it.</summary>
/// <param name="Kind">Object kind (<c>Pod</c>).</param>
/// <param name="Plural">Resource name as RBAC and the API path spell it (<c>pods</c>).</param>
/// <param name="ApiVersion">Group and version (<c>v1</c>, <c>apps/v1</c>).</param>
/// <param name="Namespaced">Whether the resource lives in namespaces (cluster-scoped ones are listed whatever <c>--namespace</c> says).</param>
/// <param name="Required">Whether the scan cannot run without it (pods): a refusal of a required resource fails the scan, of any other one is a warning.</param>
/// <param name="List">Lists the resource in one namespace, or in all when the namespace is null.</param>
public sealed record KubeApiResource(string Kind, string Plural, string ApiVersion, bool Namespaced, bool Required,
    Func<IKubernetes, string?, CancellationToken, Task<object>> List)
{
    /// <summary>The read-only resources the scan lists, in the order they are reported; every one needs only <c>list</c>.</summary>
    public static IReadOnlyList<KubeApiResource> All { get; } =
    [
        new("Pod", "pods", "v1", true, true, async (c, ns, ct) => ns is null ? await c.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.CoreV1.ListNamespacedPodAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("Event", "events", "v1", true, false, async (c, ns, ct) => ns is null ? await c.CoreV1.ListEventForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.CoreV1.ListNamespacedEventAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("Service", "services", "v1", true, false, async (c, ns, ct) => ns is null ? await c.CoreV1.ListServiceForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("Endpoints", "endpoints", "v1", true, false, async (c, ns, ct) => ns is null ? await c.CoreV1.ListEndpointsForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.CoreV1.ListNamespacedEndpointsAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("PersistentVolumeClaim", "persistentvolumeclaims", "v1", true, false, async (c, ns, ct) => ns is null ? await c.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("ResourceQuota", "resourcequotas", "v1", true, false, async (c, ns, ct) => ns is null ? await c.CoreV1.ListResourceQuotaForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.CoreV1.ListNamespacedResourceQuotaAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("ServiceAccount", "serviceaccounts", "v1", true, false, async (c, ns, ct) => ns is null ? await c.CoreV1.ListServiceAccountForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.CoreV1.ListNamespacedServiceAccountAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("ConfigMap", "configmaps", "v1", true, false, async (c, ns, ct) => KubeApiRedaction.ConfigMaps(ns is null ? await c.CoreV1.ListConfigMapForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: ct).ConfigureAwait(false))),
        new("Secret", "secrets", "v1", true, false, async (c, ns, ct) => KubeApiRedaction.Secrets(ns is null ? await c.CoreV1.ListSecretForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: ct).ConfigureAwait(false))),
        new("Node", "nodes", "v1", false, false, async (c, _, ct) => await c.CoreV1.ListNodeAsync(cancellationToken: ct).ConfigureAwait(false)),
        new("PersistentVolume", "persistentvolumes", "v1", false, false, async (c, _, ct) => await c.CoreV1.ListPersistentVolumeAsync(cancellationToken: ct).ConfigureAwait(false)),
        new("Deployment", "deployments", "apps/v1", true, false, async (c, ns, ct) => ns is null ? await c.AppsV1.ListDeploymentForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("ReplicaSet", "replicasets", "apps/v1", true, false, async (c, ns, ct) => ns is null ? await c.AppsV1.ListReplicaSetForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.AppsV1.ListNamespacedReplicaSetAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("StatefulSet", "statefulsets", "apps/v1", true, false, async (c, ns, ct) => ns is null ? await c.AppsV1.ListStatefulSetForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.AppsV1.ListNamespacedStatefulSetAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("DaemonSet", "daemonsets", "apps/v1", true, false, async (c, ns, ct) => ns is null ? await c.AppsV1.ListDaemonSetForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.AppsV1.ListNamespacedDaemonSetAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("Job", "jobs", "batch/v1", true, false, async (c, ns, ct) => ns is null ? await c.BatchV1.ListJobForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.BatchV1.ListNamespacedJobAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("CronJob", "cronjobs", "batch/v1", true, false, async (c, ns, ct) => ns is null ? await c.BatchV1.ListCronJobForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.BatchV1.ListNamespacedCronJobAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("Ingress", "ingresses", "networking.k8s.io/v1", true, false, async (c, ns, ct) => ns is null ? await c.NetworkingV1.ListIngressForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.NetworkingV1.ListNamespacedIngressAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("NetworkPolicy", "networkpolicies", "networking.k8s.io/v1", true, false, async (c, ns, ct) => ns is null ? await c.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("HorizontalPodAutoscaler", "horizontalpodautoscalers", "autoscaling/v2", true, false, async (c, ns, ct) => ns is null ? await c.AutoscalingV2.ListHorizontalPodAutoscalerForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("PodDisruptionBudget", "poddisruptionbudgets", "policy/v1", true, false, async (c, ns, ct) => ns is null ? await c.PolicyV1.ListPodDisruptionBudgetForAllNamespacesAsync(cancellationToken: ct).ConfigureAwait(false) : await c.PolicyV1.ListNamespacedPodDisruptionBudgetAsync(ns, cancellationToken: ct).ConfigureAwait(false)),
        new("StorageClass", "storageclasses", "storage.k8s.io/v1", false, false, async (c, _, ct) => await c.StorageV1.ListStorageClassAsync(cancellationToken: ct).ConfigureAwait(false)),
    ];

    /// <summary>The API group (empty for core), as RBAC rules name it.</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    /// <summary>The list path on the API server, as kubectl would request it.</summary>
    public string PathFor(string? ns) =>
        $"{(Group.Length == 0 ? "/api/" : "/apis/")}{ApiVersion}/{(Namespaced && ns is not null ? $"namespaces/{ns}/" : "")}{Plural}";

    /// <summary>How kubectl and RBAC name it: <c>pods</c>, <c>deployments.apps</c>.</summary>
    public string Qualified => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
