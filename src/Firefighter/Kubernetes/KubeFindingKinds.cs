using Firefighter.Analysis;
using static Firefighter.Analysis.FindingSeverity;

namespace Firefighter.Kubernetes;

/// <summary>The <c>k8s.*</c> finding kinds. A container problem has the Pod as entity (attribute <c>container</c>); workload problems the Deployment/StatefulSet/...;
/// <c>deployment</c>/<c>statefulset</c>/<c>job</c> name the owner when known, <c>node</c> where the pod runs.</summary>
public static class KubeFindingKinds
{
    private static readonly FindingKindList List = new();

    /// <summary>Every kind defined here, in definition order.</summary>
    public static IReadOnlyList<FindingKind> All => List.All;

    /// <summary>A container was OOMKilled.</summary>
    public static readonly FindingKind ContainerOomKilled = List.Define("k8s.container.oomkilled", Critical,
        "A container was killed by the kernel for exceeding its memory limit (exit 137, reason OOMKilled).",
        "container", "exitCode", "exitMeaning", "reason", "lastReason", "state", "restarts", "limit", "limitBytes", "image", "init", "deployment", "statefulset", "job", "node");

    /// <summary>A container is crash-looping.</summary>
    public static readonly FindingKind ContainerCrashLoop = List.Define("k8s.container.crashloop", Critical,
        "A container keeps exiting and being restarted (CrashLoopBackOff, or repeated terminations).",
        "container", "restarts", "lastReason", "exitCode", "exitMeaning", "state", "image", "init", "message", "count", "deployment", "statefulset", "job", "node");

    /// <summary>An image cannot be pulled.</summary>
    public static readonly FindingKind ContainerImagePull = List.Define("k8s.container.image_pull", Critical,
        "A container image cannot be pulled; class says why: not_found, unauthorized, rate_limited, unreachable, unknown.",
        "container", "image", "class", "reason", "message", "restarts", "count", "init", "deployment", "statefulset", "job", "node");

    /// <summary>A container cannot start because configuration it references is missing.</summary>
    public static readonly FindingKind ContainerConfigError = List.Define("k8s.container.config_error", Critical,
        "A container cannot start because a Secret, ConfigMap or key it references is missing (CreateContainerConfigError).",
        "container", "missingKind", "missingName", "missingKey", "message", "reason", "count", "image", "init", "deployment", "statefulset", "job", "node");

    /// <summary>The runtime cannot start the container process.</summary>
    public static readonly FindingKind ContainerStartError = List.Define("k8s.container.start_error", Critical,
        "The runtime cannot create or start the container process (exit 126/127/128, RunContainerError, CreateContainerError).",
        "container", "exitCode", "exitMeaning", "message", "reason", "lastReason", "state", "restarts", "image", "init", "deployment", "statefulset", "job", "node");

    /// <summary>A container restarts often without being in back-off.</summary>
    public static readonly FindingKind ContainerRestarts = List.Define("k8s.container.restarts", Warning,
        "A container has restarted many times without being in CrashLoopBackOff now.",
        "container", "restarts", "lastReason", "exitCode", "exitMeaning", "image", "init", "deployment", "statefulset", "job", "node");

    /// <summary>A pod cannot be scheduled.</summary>
    public static readonly FindingKind PodUnschedulable = List.Define("k8s.pod.unschedulable", Critical,
        "The scheduler cannot place a pod; class says why: insufficient_cpu, insufficient_memory, insufficient_gpu, node_selector, affinity, anti_affinity, taint, pvc, too_many_pods, unknown.",
        "class", "message", "count", "deployment", "statefulset", "job", "node");

    /// <summary>A pod is stuck in ContainerCreating.</summary>
    public static readonly FindingKind PodContainerCreating = List.Define("k8s.pod.container_creating", Critical,
        "A pod is stuck creating its containers; class: mount, sandbox, unknown.",
        "class", "message", "count", "deployment", "statefulset", "job", "node");

    /// <summary>A pod was evicted.</summary>
    public static readonly FindingKind PodEvicted = List.Define("k8s.pod.evicted", Warning,
        "The kubelet evicted a pod, usually under node resource pressure.",
        "message", "pressure", "count", "deployment", "statefulset", "job", "node");

    /// <summary>A pod failed.</summary>
    public static readonly FindingKind PodFailed = List.Define("k8s.pod.failed", Critical,
        "A pod ended in phase Failed.",
        "reason", "message", "deployment", "statefulset", "job", "node");

    /// <summary>A pod is stuck terminating.</summary>
    public static readonly FindingKind PodTerminatingStuck = List.Define("k8s.pod.terminating_stuck", Warning,
        "A pod has been terminating far longer than its grace period (finalizers, an unreachable node).",
        "deployment", "statefulset", "job", "node");

    /// <summary>A probe fails.</summary>
    public static readonly FindingKind ProbeFailed = List.Define("k8s.probe.failed", Critical,
        "A readiness, liveness or startup probe fails (probe says which; port and portDeclared when it checks a port).",
        "probe", "container", "message", "port", "portDeclared", "count", "restarts", "image", "deployment", "statefulset", "job", "node");

    /// <summary>A Deployment has fewer available replicas than desired.</summary>
    public static readonly FindingKind DeploymentUnavailable = List.Define("k8s.deployment.unavailable", Critical,
        "A Deployment has fewer available replicas than it wants.",
        "deployment", "desired", "available", "ready", "updated", "revision");

    /// <summary>A Deployment exceeded its progress deadline.</summary>
    public static readonly FindingKind DeploymentProgressDeadline = List.Define("k8s.deployment.progress_deadline", Critical,
        "A Deployment rollout stopped progressing (ProgressDeadlineExceeded).",
        "deployment", "desired", "available", "ready", "updated", "revision", "message");

    /// <summary>A Deployment is scaled to zero.</summary>
    public static readonly FindingKind DeploymentScaledToZero = List.Define("k8s.deployment.scaled_to_zero", Info,
        "A Deployment is scaled to zero replicas.",
        "deployment", "desired", "available", "ready", "updated");

    /// <summary>A StatefulSet has fewer ready pods than desired.</summary>
    public static readonly FindingKind StatefulSetUnavailable = List.Define("k8s.statefulset.unavailable", Critical,
        "A StatefulSet has fewer ready pods than it wants.",
        "statefulset", "desired", "ready");

    /// <summary>A DaemonSet has fewer available pods than desired.</summary>
    public static readonly FindingKind DaemonSetUnavailable = List.Define("k8s.daemonset.unavailable", Critical,
        "A DaemonSet has fewer available pods than nodes it should run on.",
        "daemonset", "desired", "available");

    /// <summary>A ReplicaSet cannot create pods.</summary>
    public static readonly FindingKind ReplicaSetFailedCreate = List.Define("k8s.replicaset.failed_create", Critical,
        "A ReplicaSet cannot create pods (ReplicaFailure: quota, admission, service account...); class says which.",
        "class", "message", "reason", "deployment");

    /// <summary>A Job failed.</summary>
    public static readonly FindingKind JobFailed = List.Define("k8s.job.failed", Critical,
        "A Job failed (backoff limit or deadline exceeded).",
        "job", "cronjob", "failed", "reason", "message");

    /// <summary>A CronJob's jobs keep failing.</summary>
    public static readonly FindingKind CronJobFailing = List.Define("k8s.cronjob.failing", Warning,
        "A CronJob has not succeeded since its last schedule.",
        "cronjob", "failed", "failedJobs", "count", "lastSuccessfulTime", "message");

    /// <summary>A CronJob's schedule does not parse.</summary>
    public static readonly FindingKind CronJobInvalidSchedule = List.Define("k8s.cronjob.invalid_schedule", Critical,
        "A CronJob's schedule is not a valid cron expression.",
        "cronjob", "schedule");

    /// <summary>A CronJob is suspended.</summary>
    public static readonly FindingKind CronJobSuspended = List.Define("k8s.cronjob.suspended", Info,
        "A CronJob is suspended.",
        "cronjob");

    /// <summary>The pod template changed between the last two revisions.</summary>
    public static readonly FindingKind RolloutDiff = List.Define("k8s.rollout.diff", Warning,
        "What changed in the pod template between the previous and the current ReplicaSet (image, env, resources...).",
        "deployment", "oldImage", "newImage", "oldRevision", "newRevision", "oldReplicaSet", "newReplicaSet", "changed");

    /// <summary>A node is NotReady.</summary>
    public static readonly FindingKind NodeNotReady = List.Define("k8s.node.not_ready", Critical,
        "A node is NotReady (the kubelet stopped reporting or reports not ready).",
        "node", "condition", "status", "reason", "message", "pods", "count");

    /// <summary>A node reports resource pressure.</summary>
    public static readonly FindingKind NodePressure = List.Define("k8s.node.pressure", Warning,
        "A node reports MemoryPressure, DiskPressure or PIDPressure.",
        "node", "condition", "status", "reason", "message");

    /// <summary>A node's network is unavailable.</summary>
    public static readonly FindingKind NodeNetworkUnavailable = List.Define("k8s.node.network_unavailable", Critical,
        "A node reports NetworkUnavailable (its pod network is not configured).",
        "node", "condition", "status", "reason", "message");

    /// <summary>A node reports another problem condition.</summary>
    public static readonly FindingKind NodeProblem = List.Define("k8s.node.problem", Warning,
        "A node reports a problem condition set by node-problem-detector or another agent.",
        "node", "condition", "status", "reason", "message");

    /// <summary>A node is cordoned.</summary>
    public static readonly FindingKind NodeCordoned = List.Define("k8s.node.cordoned", Info,
        "A node is cordoned (spec.unschedulable).",
        "node");

    /// <summary>A Service selects no ready pod.</summary>
    public static readonly FindingKind ServiceNoEndpoints = List.Define("k8s.service.no_endpoints", Critical,
        "A Service has no ready endpoint: its selector matches no pod, or none of the matched pods is ready; class says which.",
        "service", "selector", "class", "pods");

    /// <summary>A Service's targetPort is not a port of its pods.</summary>
    public static readonly FindingKind ServicePortMismatch = List.Define("k8s.service.port_mismatch", Critical,
        "A Service's targetPort names or numbers a port its pods do not declare.",
        "service", "targetPort");

    /// <summary>A LoadBalancer Service has no external address.</summary>
    public static readonly FindingKind ServiceLbPending = List.Define("k8s.service.lb_pending", Critical,
        "A LoadBalancer Service has no external address yet.",
        "service", "type");

    /// <summary>An Ingress has no address.</summary>
    public static readonly FindingKind IngressNoAddress = List.Define("k8s.ingress.no_address", Warning,
        "An Ingress has no load-balancer address (no controller picked it up).",
        "ingress", "class");

    /// <summary>An Ingress names no class.</summary>
    public static readonly FindingKind IngressNoClass = List.Define("k8s.ingress.no_class", Info,
        "An Ingress names no IngressClass and none is marked default.",
        "ingress", "class");

    /// <summary>An Ingress routes to a Service that does not exist.</summary>
    public static readonly FindingKind IngressMissingBackend = List.Define("k8s.ingress.missing_backend", Critical,
        "An Ingress rule routes to a Service (or port) that does not exist.",
        "ingress", "service");

    /// <summary>An Ingress names a TLS Secret that does not exist.</summary>
    public static readonly FindingKind IngressMissingTlsSecret = List.Define("k8s.ingress.missing_tls_secret", Critical,
        "An Ingress names a TLS Secret that does not exist.",
        "ingress", "secret");

    /// <summary>A PVC is Pending.</summary>
    public static readonly FindingKind PvcPending = List.Define("k8s.pvc.pending", Warning,
        "A PersistentVolumeClaim is not bound (no matching volume, no provisioner, a storage class that does not exist...).",
        "pvc", "phase", "size", "storageClass", "class", "message", "pods", "count");

    /// <summary>A PVC lost its volume.</summary>
    public static readonly FindingKind PvcLost = List.Define("k8s.pvc.lost", Critical,
        "A PersistentVolumeClaim is Lost: its volume is gone.",
        "pvc", "phase", "size", "storageClass", "volume");

    /// <summary>A PV is Pending.</summary>
    public static readonly FindingKind PvPending = List.Define("k8s.pv.pending", Warning,
        "A PersistentVolume is Pending.",
        "pv", "phase", "claim", "class");

    /// <summary>A PV failed.</summary>
    public static readonly FindingKind PvFailed = List.Define("k8s.pv.failed", Critical,
        "A PersistentVolume failed reclamation.",
        "pv", "phase", "claim", "class");

    /// <summary>A PV is Released.</summary>
    public static readonly FindingKind PvReleased = List.Define("k8s.pv.released", Info,
        "A PersistentVolume is Released: its claim was deleted and it awaits reclamation.",
        "pv", "phase", "claim", "class");

    /// <summary>A PV is Available and unused.</summary>
    public static readonly FindingKind PvAvailable = List.Define("k8s.pv.available", Info,
        "A PersistentVolume is Available: provisioned but bound to no claim.",
        "pv", "phase", "claim", "class");

    /// <summary>An HPA is at its maximum.</summary>
    public static readonly FindingKind HpaAtMax = List.Define("k8s.hpa.at_max", Warning,
        "A HorizontalPodAutoscaler runs at its maxReplicas and still wants more.",
        "hpa", "target", "currentReplicas", "maxReplicas", "class", "condition", "reason", "message");

    /// <summary>An HPA cannot read its metrics.</summary>
    public static readonly FindingKind HpaMetricsUnavailable = List.Define("k8s.hpa.metrics_unavailable", Warning,
        "A HorizontalPodAutoscaler cannot read its metrics (ScalingActive false): it does not scale.",
        "hpa", "target", "condition", "reason", "message", "class", "currentReplicas", "maxReplicas");

    /// <summary>An HPA cannot scale.</summary>
    public static readonly FindingKind HpaUnableToScale = List.Define("k8s.hpa.unable_to_scale", Warning,
        "A HorizontalPodAutoscaler cannot scale its target (AbleToScale false).",
        "hpa", "target", "condition", "reason", "message", "class", "currentReplicas", "maxReplicas");

    /// <summary>NetworkPolicies block DNS.</summary>
    public static readonly FindingKind NetworkPolicyDnsBlocked = List.Define("k8s.networkpolicy.dns_blocked", Critical,
        "Pods selected by egress NetworkPolicies none of which allows UDP/TCP 53: they cannot resolve names.",
        "networkpolicy", "pods", "podNames", "notReady");

    /// <summary>A PDB blocks every voluntary disruption.</summary>
    public static readonly FindingKind PdbBlocking = List.Define("k8s.pdb.blocking", Warning,
        "A PodDisruptionBudget allows no voluntary disruption: drains and rollouts of its pods block.",
        "pdb", "minAvailable", "maxUnavailable", "expectedPods");

    /// <summary>A ResourceQuota is exhausted.</summary>
    public static readonly FindingKind QuotaExhausted = List.Define("k8s.quota.exhausted", Critical,
        "A ResourceQuota is used up for some resource; critical when pods were refused for it.",
        "quota", "exhausted", "refused");

    /// <summary>An object references something that does not exist.</summary>
    public static readonly FindingKind ReferenceMissing = List.Define("k8s.reference.missing", Critical,
        "A workload or pod references a Secret, ConfigMap, key, ServiceAccount, PVC or StorageClass that is not in the snapshot (only judged when the snapshot holds that kind in that namespace).",
        "missingKind", "missingName", "missingKey", "field", "deployment", "statefulset", "job");

    /// <summary>A TLS certificate expires soon or has expired.</summary>
    public static readonly FindingKind TlsExpiring = List.Define("k8s.tls.expiring", Critical,
        "A TLS certificate in a Secret expires soon or has expired.",
        "secret", "notAfter", "daysLeft", "expired", "subject");

    /// <summary>A Warning event no other kind covers.</summary>
    public static readonly FindingKind EventWarning = List.Define("k8s.event.warning", Warning,
        "A Warning event that no more specific kind covers.",
        "reason", "message", "count", "deployment", "statefulset", "job", "node");

    /// <summary>A Service selector matches no pod template.</summary>
    public static readonly FindingKind ServiceSelectorMismatch = List.Define("k8s.service.selector_mismatch", Critical,
        "A Service's selector matches no pod template of any workload in its namespace (read from manifests, where no pods exist to match); label/expected name the pair that differs from the nearest template.",
        "service", "selector", "label", "value", "expected", "workload");

    /// <summary>Configuration names a host that does not resolve in the cluster.</summary>
    public static readonly FindingKind ConfigUnresolvableHost = List.Define("k8s.config.unresolvable_host", Critical,
        "A workload's configuration (ConfigMap value, env value, argument) calls a host that is no Service of the namespace it resolves in, or a port its Service does not expose; class: no_service, wrong_port.",
        "host", "port", "url", "source", "key", "class", "servicePorts", "workload", "deployment", "statefulset", "job");

    /// <summary>A container runs a server binary as root that refuses to run as root.</summary>
    public static readonly FindingKind ContainerRunsAsRoot = List.Define("k8s.container.runs_as_root", Critical,
        "A container's command starts a server that refuses to run as root (its image's entrypoint, which drops privileges, is overridden) and no securityContext sets a non-root user.",
        "container", "binary", "image", "field", "refusal", "deployment", "statefulset", "job");

    /// <summary>An object targets a namespace that does not exist.</summary>
    public static readonly FindingKind NamespaceMissing = List.Define("k8s.namespace.missing", Critical,
        "An object is declared in a namespace that does not exist, while a namespace with a near-identical name does (a typo): applying it fails with namespaces \"X\" not found.",
        "missingNamespace", "similar", "objectKind", "object");

    /// <summary>A probe checks a port the container does not declare.</summary>
    public static readonly FindingKind ProbePortMismatch = List.Define("k8s.probe.port_mismatch", Critical,
        "A liveness/readiness/startup probe checks a port (number or name) that the container does not declare: the probe fails and the kubelet restarts the container or keeps it unready.",
        "probe", "container", "port", "declared", "field", "deployment", "statefulset", "job");

    /// <summary>Scheduling constraints that cannot be met with the nodes in the snapshot.</summary>
    public static readonly FindingKind SchedulingUnsatisfiable = List.Define("k8s.scheduling.unsatisfiable", Critical,
        "A workload's scheduling constraints cannot all be met with the nodes in the snapshot (required anti-affinity with more replicas than topology domains, a nodeSelector no node matches); class says which.",
        "class", "replicas", "domains", "topologyKey", "label", "nodes", "field", "deployment", "statefulset");

    /// <summary>An HPA scales on a resource its target's containers do not request.</summary>
    public static readonly FindingKind HpaMissingRequests = List.Define("k8s.hpa.missing_requests", Critical,
        "A HorizontalPodAutoscaler scales on CPU or memory utilisation of a target whose containers set no request for it: utilisation cannot be computed and the HPA never scales.",
        "hpa", "target", "resource", "container", "field");

    /// <summary>A pod spec asks for more than a ResourceQuota allows.</summary>
    public static readonly FindingKind QuotaSpecExceeds = List.Define("k8s.quota.spec_exceeds", Critical,
        "A workload's pods, at their requested replicas, ask for more of a resource than the namespace's ResourceQuota allows: the API server refuses the pods beyond it (exceeded quota).",
        "quota", "resource", "requested", "hard", "perPod", "replicas", "workload", "deployment", "statefulset");

    /// <summary>An egress NetworkPolicy blocks what the pods call.</summary>
    public static readonly FindingKind NetworkPolicyEgressBlocked = List.Define("k8s.networkpolicy.egress_blocked", Critical,
        "Pods selected by egress NetworkPolicies call a host (from their configuration) that no egress rule of those policies allows: the connections time out.",
        "networkpolicy", "host", "port", "source", "workload");

    /// <summary>An Argo CD Application fails to sync or is unhealthy.</summary>
    public static readonly FindingKind ArgoSyncFailed = List.Define("k8s.argocd.sync_failed", Critical,
        "An Argo CD Application's last sync failed or one of its resources cannot be applied (OutOfSync/Missing with an error message); resource names the object, message says why.",
        "application", "phase", "syncStatus", "health", "message", "resource", "resourceKind", "resourceNamespace", "missingNamespace");

    /// <summary>Container CPU use at its limit.</summary>
    public static readonly FindingKind ContainerCpuThrottled = List.Define("k8s.container.cpu_throttled", Warning,
        "A pod's CPU use (kubectl top) is at or near its CPU limit: the kernel throttles it (CFS quota) and requests slow down.",
        "container", "usage", "limit", "ratio", "deployment", "statefulset", "node");

    /// <summary>A node runs as many pods as it allows.</summary>
    public static readonly FindingKind NodePodCapacity = List.Define("k8s.node.pod_capacity", Warning,
        "A node runs as many pods as its allocatable pod count: new pods cannot be scheduled on it (Too many pods).",
        "node", "pods", "capacity");
}
