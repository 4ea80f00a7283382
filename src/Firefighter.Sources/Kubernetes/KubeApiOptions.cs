namespace Firefighter.Sources.Kubernetes;

/// <summary>How to reach a live cluster: a kubeconfig (and context) or the pod's service account, and what to list.</summary>
public sealed record KubeApiOptions
{
    /// <summary>Path of the kubeconfig; null uses <c>KUBECONFIG</c> or <c>~/.kube/config</c> as kubectl does.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>kubeconfig context; null uses its current-context.</summary>
    public string? Context { get; init; }

    /// <summary>Use the in-cluster service account (token and CA under /var/run/secrets/kubernetes.io/serviceaccount).</summary>
    public bool InCluster { get; init; }

    /// <summary>Only this namespace; null lists all namespaces. Cluster-scoped kinds (nodes, PVs, storage classes) are listed either way.</summary>
    public string? Namespace { get; init; }

    /// <summary>Time allowed for each list call.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The resources to list (default: <see cref="KubeApiResource.All"/>).</summary>
    public IReadOnlyList<KubeApiResource> Resources { get; init; } = KubeApiResource.All;
}
