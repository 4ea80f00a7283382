using System.Globalization;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Kubernetes;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Warning events: turned into the specific finding when the object they are about is not in the snapshot (events-only dumps), else reported as <c>k8s.event.warning</c> when no object analyzer covers the reason.</summary>
public sealed class EventAnalyzer : IAnalyzer
{
    // Reasons the object analyzers read from the objects themselves (with these events as supporting evidence).
    private static readonly HashSet<string> CoveredWithObject = new(StringComparer.Ordinal)
    {
        "BackOff", "Failed", "ErrImagePull", "InspectFailed", "Unhealthy", "FailedScheduling", "FailedMount", "FailedAttachVolume",
        "FailedCreatePodSandBox", "Evicted", "FailedCreate", "NodeNotReady", "ProvisioningFailed", "OOMKilling",
    };

    /// <inheritdoc />
    public string Name => "k8s.events";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.ContainerConfigError, KubeFindingKinds.ContainerCrashLoop, KubeFindingKinds.ContainerImagePull, KubeFindingKinds.ContainerOomKilled, KubeFindingKinds.EventWarning, KubeFindingKinds.NodeNotReady, KubeFindingKinds.PodContainerCreating, KubeFindingKinds.PodEvicted, KubeFindingKinds.PodUnschedulable, KubeFindingKinds.ProbeFailed, KubeFindingKinds.PvcPending];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        var groups = index.Events.Where(e => e.Type == "Warning")
            .GroupBy(e => (e.Involved, e.Reason, Probe: e.Reason == "Unhealthy" ? e.Message.Split(' ')[0] : ""));
        foreach (var g in groups)
        {
            var (entity, reason, _) = g.Key;
            var present = index.Get(entity.Kind, entity.Namespace, entity.Name) is not null;
            if (present && CoveredWithObject.Contains(reason))
            {
                continue;
            }
            // ReplicaSet FailedCreate events are read by k8s.workloads even without the ReplicaSet object.
            if (reason == "FailedCreate" && entity.Kind == "ReplicaSet")
            {
                continue;
            }
            var list = g.OrderBy(e => e.LastSeen ?? e.FirstSeen ?? DateTimeOffset.MinValue).ToList();
            var latest = list[^1];
            var count = list.Sum(e => e.Count);
            var first = list.Select(e => e.FirstSeen).Min();
            var ns = KubeFindings.Ns(entity.Namespace);
            var lower = entity.Kind.ToLowerInvariant();
            var describe = $"kubectl describe {lower} {entity.Name}{ns}";
            var getEvents = $"kubectl get events{ns} --field-selector involvedObject.name={entity.Name} --sort-by=.lastTimestamp";
            var container = latest.FieldPath is { } fp && fp.IndexOf('{') is var i and >= 0 && fp.EndsWith('}') ? fp[(i + 1)..^1] : null;
            var attrs = new Dictionary<string, string?>
            {
                ["reason"] = reason,
                ["count"] = count.ToString(CultureInfo.InvariantCulture),
                ["message"] = latest.Message,
                ["container"] = container,
                ["deployment"] = entity.Kind == "Pod" ? DeploymentFromName(index, entity) : null,
            };
            var refs = list.Select(e => e.Ref).ToList();
            // "Error: ImagePullBackOff" follows the message that names the image and why: state the one that says more.
            var message = list.Select(e => e.Message).LastOrDefault(m => ImageIn(m) is not null) ?? latest.Message;
            attrs["message"] = message;
            var (kind, severity, title, cmds) = Specific(entity, reason, message, count, attrs, describe, getEvents, ns);
            findings.Add(KubeFindings.Make(Name, kind, severity, kind == KubeFindingKinds.EventWarning ? Math.Min(0.8, 0.3 + count / 20.0) : 0.75,
                title, entity, first, refs, cmds, attrs));
        }
        return AnalyzerResult.Of(findings);
    }

    private static (string Kind, FindingSeverity Severity, string Title, string[] Commands) Specific(EntityRef entity, string reason, string message, int count,
        Dictionary<string, string?> attrs, string describe, string getEvents, string ns)
    {
        var what = $"{entity.Kind} {entity.Name}";
        var cnt = count > 1 ? $" ({count}×)" : "";
        switch (reason)
        {
            case "BackOff" when message.Contains("restarting failed container", StringComparison.OrdinalIgnoreCase):
                return (KubeFindingKinds.ContainerCrashLoop, FindingSeverity.Critical, $"{what} is crash-looping: {message}{cnt}", [describe, $"kubectl logs {entity.Name}{ns}{(attrs["container"] is { } c ? " -c " + c : "")} --previous", getEvents]);
            case "BackOff" or "Failed" or "ErrImagePull" when message.Contains("image", StringComparison.OrdinalIgnoreCase):
                {
                    var cls = KubeClassify.ImagePull(message);
                    attrs["class"] = cls;
                    attrs["image"] = ImageIn(message);
                    return (KubeFindingKinds.ContainerImagePull, FindingSeverity.Critical, $"{what} cannot pull image {attrs["image"] ?? ""}: {KubeClassify.ImagePullPhrase(cls)}{cnt}", [describe, getEvents]);
                }
            case "Failed" when KubeClassify.MissingConfig(message) is { } m:
                attrs["missingKind"] = m.Kind;
                attrs["missingName"] = m.Name;
                attrs["missingKey"] = m.Key;
                return (KubeFindingKinds.ContainerConfigError, FindingSeverity.Critical, $"{what} cannot start: {message}{cnt}", [describe, getEvents]);
            case "OOMKilling":
                attrs["reason"] = "OOMKilled";
                attrs["exitCode"] = "137";
                return (KubeFindingKinds.ContainerOomKilled, FindingSeverity.Critical, $"{what}: {message}{cnt}", [describe, getEvents]);
            case "FailedScheduling":
                {
                    var cls = KubeClassify.Scheduling(message, false);
                    attrs["class"] = cls;
                    return (KubeFindingKinds.PodUnschedulable, FindingSeverity.Critical, $"{what} cannot be scheduled: {KubeClassify.SchedulingPhrase(cls)} ({message})", [describe, getEvents]);
                }
            case "Unhealthy":
                {
                    var probe = message.Split(' ')[0].ToLowerInvariant();
                    attrs["probe"] = probe;
                    return (KubeFindingKinds.ProbeFailed, probe == "liveness" && count >= 3 ? FindingSeverity.Critical : FindingSeverity.Warning, $"{what}: {message}{cnt}", [describe, getEvents]);
                }
            case "FailedMount" or "FailedAttachVolume" or "FailedCreatePodSandBox":
                attrs["class"] = KubeClassify.CreatingClass(reason);
                return (KubeFindingKinds.PodContainerCreating, FindingSeverity.Warning, $"{what} is stuck creating: {message}{cnt}", [describe, getEvents]);
            case "Evicted":
                attrs["pressure"] = KubeClassify.EvictionResource(message);
                return (KubeFindingKinds.PodEvicted, FindingSeverity.Warning, $"{what} was evicted: {message}", [describe, getEvents]);
            case "NodeNotReady" when entity.Kind == "Node":
                attrs["node"] = entity.Name;
                return (KubeFindingKinds.NodeNotReady, FindingSeverity.Critical, $"Node {entity.Name} became NotReady: {message}{cnt}", [describe]);
            case "ProvisioningFailed":
                return (KubeFindingKinds.PvcPending, FindingSeverity.Warning, $"{what} cannot be provisioned: {message}{cnt}", [describe, getEvents]);
            default:
                return (KubeFindingKinds.EventWarning, count >= 10 ? FindingSeverity.Warning : FindingSeverity.Info, $"{what}: {reason} — {message}{cnt}", [describe, getEvents]);
        }
    }

    private static string? ImageIn(string message)
    {
        var q = message.IndexOf('"', StringComparison.Ordinal);
        if (q < 0)
        {
            return null;
        }
        var end = message.IndexOf('"', q + 1);
        return end > q ? message[(q + 1)..end] : null;
    }

    private static string? DeploymentFromName(KubeIndex index, EntityRef pod) =>
        index.DeploymentOf(new KubeObject("Pod", pod.Namespace, pod.Name, [], new EvidenceRef("")));
}
