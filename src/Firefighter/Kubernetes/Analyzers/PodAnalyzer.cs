using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Parsing;
using Firefighter.Kubernetes;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Pod and container states: crash loops (with the exit code explained), OOM kills, image pulls, config errors, scheduling, stuck creation, probes, evictions, stuck termination, restart storms; init containers too.</summary>
public sealed class PodAnalyzer : IAnalyzer
{
    /// <summary>An OOM kill older than this, on a container that has been fine since, is history rather than a problem.</summary>
    private static readonly TimeSpan RecentTermination = TimeSpan.FromHours(24);

    /// <inheritdoc />
    public string Name => "k8s.pods";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.ContainerConfigError, KubeFindingKinds.ContainerCrashLoop, KubeFindingKinds.ContainerImagePull, KubeFindingKinds.ContainerOomKilled, KubeFindingKinds.ContainerRestarts, KubeFindingKinds.ContainerStartError, KubeFindingKinds.PodContainerCreating, KubeFindingKinds.PodEvicted, KubeFindingKinds.PodFailed, KubeFindingKinds.PodTerminatingStuck, KubeFindingKinds.PodUnschedulable, KubeFindingKinds.ProbeFailed];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var pod in index.OfKind("Pod"))
        {
            new PodScan(pod, index, context.Now, findings, Name).Run();
        }
        return AnalyzerResult.Of(findings);
    }

    private sealed class PodScan(KubeObject pod, KubeIndex index, DateTimeOffset now, List<Finding> findings, string analyzer)
    {
        private readonly JsonObject? _status = pod.Json["status"] as JsonObject;
        private readonly JsonObject? _spec = pod.Json["spec"] as JsonObject;
        private readonly IReadOnlyList<KubeEvent> _events = index.EventsFor(pod.Entity);
        private readonly string? _deployment = index.DeploymentOf(pod);
        private string Ns => KubeFindings.Ns(pod.Namespace);
        private string Describe => $"kubectl describe pod {pod.Name}{Ns}";
        private string GetEvents => $"kubectl get events{Ns} --field-selector involvedObject.name={pod.Name} --sort-by=.lastTimestamp";
        private bool PodReady => KubeObject.Str(KubeFindings.Condition(_status?["conditions"], "Ready")?["status"]) == "True";
        private string? Node => KubeObject.Str(_spec?["nodeName"]);

        public void Run()
        {
            if (Terminating() || Evicted())
            {
                return;
            }
            var phase = KubeObject.Str(_status?["phase"]);
            if (phase == "Succeeded")
            {
                return;
            }
            if (Unschedulable())
            {
                return;
            }
            var before = findings.Count;
            var initBlocked = false;
            if (_status?["initContainerStatuses"] is JsonArray inits)
            {
                for (var i = 0; i < inits.Count; i++)
                {
                    if (inits[i] is JsonObject cs && Container(cs, $"status.initContainerStatuses[{i}]", init: true))
                    {
                        initBlocked = true;
                    }
                }
            }
            if (!initBlocked && _status?["containerStatuses"] is JsonArray statuses)
            {
                for (var i = 0; i < statuses.Count; i++)
                {
                    if (statuses[i] is JsonObject cs)
                    {
                        Container(cs, $"status.containerStatuses[{i}]", init: false);
                    }
                }
            }
            ProbeEvents();
            ProbePorts();
            if (findings.Count == before && phase == "Failed")
            {
                var reason = KubeObject.Str(_status?["reason"]) ?? "Failed";
                var message = KubeObject.Str(_status?["message"]);
                Add(KubeFindingKinds.PodFailed, FindingSeverity.Critical, 0.7, $"Pod {pod.Name} failed ({reason}){(message is null ? "" : ": " + message)}", null,
                    [pod.At("status.phase", "Failed")], [Describe, GetEvents], new() { ["reason"] = reason, ["message"] = message });
            }
        }

        private bool Terminating()
        {
            var deleted = KubeObject.Time(pod.Json["metadata"]?["deletionTimestamp"]);
            if (deleted is null)
            {
                return false;
            }
            var grace = KubeFindings.Int(pod.Json["metadata"]?["deletionGracePeriodSeconds"]) ?? KubeFindings.Int(_spec?["terminationGracePeriodSeconds"]) ?? 30;
            var overdue = now - deleted.Value - TimeSpan.FromSeconds(grace);
            if (overdue > TimeSpan.FromMinutes(5))
            {
                var finalizers = pod.Json["metadata"]?["finalizers"] is JsonArray f ? string.Join(",", f.Select(KubeObject.Str)) : null;
                var nodeHint = Node is { } n && index.Get("Node", null, n) is { } node && !NodeReady(node) ? $"; its node {n} is not Ready" : "";
                Add(KubeFindingKinds.PodTerminatingStuck, FindingSeverity.Warning, 0.8,
                    $"Pod {pod.Name} has been Terminating for {KubeFindings.Ago(now - deleted.Value)}{(finalizers is { Length: > 0 } ? $" (finalizers: {finalizers})" : "")}{nodeHint}",
                    deleted, [pod.At("metadata.deletionTimestamp", deleted.Value.ToString("O", CultureInfo.InvariantCulture))],
                    [Describe, $"kubectl get pod {pod.Name}{Ns} -o jsonpath='{{.metadata.finalizers}}'", $"kubectl delete pod {pod.Name}{Ns} --grace-period=0 --force"],
                    new() { ["finalizers"] = finalizers, ["node"] = Node });
            }
            return true;
        }

        private bool Evicted()
        {
            if (KubeObject.Str(_status?["reason"]) != "Evicted")
            {
                return false;
            }
            var message = KubeObject.Str(_status?["message"])?.Trim() ?? "evicted";
            var resource = KubeClassify.EvictionResource(message);
            Add(KubeFindingKinds.PodEvicted, FindingSeverity.Warning, 0.8,
                $"Pod {pod.Name} was evicted{(Node is null ? "" : $" from node {Node}")}: {message}",
                KubeObject.Time(KubeFindings.Condition(_status?["conditions"], "Ready")?["lastTransitionTime"]) ?? KubeObject.Time(_status?["startTime"]),
                [pod.At("status.reason", "Evicted"), pod.At("status.message", message)],
                [Describe, Node is null ? "kubectl get nodes" : $"kubectl describe node {Node}", $"kubectl delete pod {pod.Name}{Ns}"],
                new() { ["message"] = message, ["pressure"] = resource, ["node"] = Node });
            return true;
        }

        private bool Unschedulable()
        {
            var cond = KubeFindings.Condition(_status?["conditions"], "PodScheduled");
            var condFalse = KubeObject.Str(cond?["status"]) == "False";
            var schedEvent = _events.Where(e => e.Reason == "FailedScheduling").MaxBy(e => e.LastSeen ?? e.FirstSeen ?? DateTimeOffset.MinValue);
            if (!condFalse && (schedEvent is null || Node is not null || KubeObject.Str(_status?["phase"]) != "Pending"))
            {
                return false;
            }
            var message = (condFalse ? KubeObject.Str(cond?["message"]) : null) ?? schedEvent?.Message ?? "unschedulable";
            var hasAffinity = _spec?["affinity"] is JsonObject aff && (aff["nodeAffinity"] is not null || aff["podAffinity"] is not null);
            var cls = KubeClassify.Scheduling(message, hasAffinity);
            var evidence = new List<EvidenceRef>();
            if (condFalse)
            {
                evidence.Add(pod.At($"status.conditions[{KubeFindings.ConditionIndex(_status?["conditions"], "PodScheduled")}].message", message));
            }
            if (schedEvent is not null)
            {
                evidence.Add(schedEvent.Ref);
            }
            var pvcHint = cls == "pvc" ? ClaimsOf().FirstOrDefault() : null;
            Add(KubeFindingKinds.PodUnschedulable, FindingSeverity.Critical, 0.9, $"Pod {pod.Name} cannot be scheduled: {KubeClassify.SchedulingPhrase(cls)} ({message})",
                KubeFindings.Earliest(KubeObject.Time(cond?["lastTransitionTime"]), schedEvent?.FirstSeen, pod.Created), evidence,
                [Describe, GetEvents, "kubectl describe nodes | grep -A5 'Allocated resources'", "kubectl get nodes -o custom-columns=NAME:.metadata.name,TAINTS:.spec.taints"],
                new() { ["class"] = cls, ["message"] = message, ["pvc"] = pvcHint, ["count"] = schedEvent?.Count.ToString(CultureInfo.InvariantCulture) });
            return true;
        }

        private IEnumerable<string> ClaimsOf() =>
            _spec?["volumes"] is JsonArray vols
                ? vols.Select(v => KubeObject.Str(v?["persistentVolumeClaim"]?["claimName"])).OfType<string>()
                : [];

        /// <summary>Analyzes one container status; true when the container blocks the pod (used for init containers).</summary>
        private bool Container(JsonObject cs, string path, bool init)
        {
            var name = KubeObject.Str(cs["name"]) ?? "?";
            var spec = SpecContainer(name, init);
            var image = KubeObject.Str(spec?["image"]) ?? KubeObject.Str(cs["image"]);
            var restarts = KubeFindings.Int(cs["restartCount"]) ?? 0;
            var ready = cs["ready"] is JsonValue rv && rv.TryGetValue<bool>(out var rb) && rb;
            var waiting = cs["state"]?["waiting"] as JsonObject;
            var terminated = cs["state"]?["terminated"] as JsonObject;
            var running = cs["state"]?["running"] as JsonObject;
            var last = cs["lastState"]?["terminated"] as JsonObject;
            var waitingReason = KubeObject.Str(waiting?["reason"]);
            var waitingMessage = KubeObject.Str(waiting?["message"]);
            var label = init ? $"init container {name}" : $"container {name}";
            var logs = $"kubectl logs {pod.Name}{Ns} -c {name} --previous";
            var attrs = new Dictionary<string, string?>
            {
                ["container"] = name,
                ["image"] = image,
                ["restarts"] = restarts.ToString(CultureInfo.InvariantCulture),
                ["init"] = init ? "true" : null,
                ["node"] = Node,
            };

            switch (waitingReason)
            {
                case "CrashLoopBackOff" or "RunContainerError":
                    Termination(last ?? terminated, $"{path}.lastState.terminated", label, restarts, attrs, spec, crashLoop: true, waitingReason);
                    return true;
                case "ImagePullBackOff" or "ErrImagePull" or "InvalidImageName" or "ErrImageNeverPull" or "RegistryUnavailable":
                    ImagePull(name, image, waitingReason, waitingMessage, path, label, attrs);
                    return true;
                case "CreateContainerConfigError":
                    ConfigError(name, waitingMessage, path, label, attrs);
                    return true;
                case "CreateContainerError" or "PreCreateHookError" or "PostStartHookError":
                    attrs["message"] = waitingMessage;
                    attrs["reason"] = waitingReason;
                    Add(KubeFindingKinds.ContainerStartError, FindingSeverity.Critical, 0.85, $"{Cap(label)} of pod {pod.Name} cannot be created ({waitingReason}): {waitingMessage}",
                        Start(), [pod.At($"{path}.state.waiting.reason", waitingReason), pod.At($"{path}.state.waiting.message", waitingMessage)],
                        [Describe, GetEvents], attrs);
                    return true;
                case "ContainerCreating" or "PodInitializing" when !init:
                    Creating(path, waitingReason);
                    return true;
            }
            if (terminated is not null)
            {
                var exit = KubeFindings.Int(terminated["exitCode"]);
                var reason = KubeObject.Str(terminated["reason"]);
                if (exit is not (null or 0) || reason is "OOMKilled" or "StartError" or "ContainerCannotRun" or "Error")
                {
                    Termination(terminated, $"{path}.state.terminated", label, restarts, attrs, spec, crashLoop: false, null);
                    return true;
                }
                return false;
            }
            if (running is not null)
            {
                var lastReason = KubeObject.Str(last?["reason"]);
                var lastAt = KubeObject.Time(last?["finishedAt"]);
                var recent = lastAt is null || now - lastAt.Value < RecentTermination;
                if (lastReason == "OOMKilled" && recent)
                {
                    Termination(last!, $"{path}.lastState.terminated", label, restarts, attrs, spec, crashLoop: false, null, recovering: PodReady);
                }
                else if (restarts >= 5 && lastAt is { } la && now - la < TimeSpan.FromHours(1))
                {
                    attrs["lastReason"] = lastReason;
                    attrs["exitCode"] = KubeObject.Str(last?["exitCode"]);
                    Add(KubeFindingKinds.ContainerRestarts, FindingSeverity.Warning, Math.Min(1, 0.4 + restarts / 50.0),
                        $"{Cap(label)} of pod {pod.Name} restarted {restarts} times, last {KubeFindings.Ago(now - la)} ago ({lastReason ?? "unknown reason"}, exit {KubeObject.Str(last?["exitCode"]) ?? "?"})",
                        la, [pod.At($"{path}.restartCount", restarts.ToString(CultureInfo.InvariantCulture)), pod.At($"{path}.lastState.terminated", lastReason)],
                        [Describe, logs], attrs);
                }
                if (!init && !ready)
                {
                    NotReady(cs, spec, name, path, running, attrs);
                }
            }
            return false;
        }

        private void Termination(JsonObject? term, string path, string label, int restarts, Dictionary<string, string?> attrs, JsonObject? spec,
            bool crashLoop, string? waitingReason, bool recovering = false)
        {
            var reason = KubeObject.Str(term?["reason"]);
            var exit = KubeFindings.Int(term?["exitCode"]);
            var message = KubeObject.Str(term?["message"])?.Trim();
            var finished = KubeObject.Time(term?["finishedAt"]);
            var meaning = KubeExitCodes.Explain(exit, reason);
            var name = attrs["container"]!;
            var logs = $"kubectl logs {pod.Name}{Ns} -c {name} --previous";
            var backOff = _events.Where(e => e.Reason is "BackOff" or "OOMKilling").Select(e => e.FirstSeen).Min();
            var start = KubeFindings.Earliest(backOff, finished);
            var evidence = new List<EvidenceRef>();
            if (waitingReason is not null)
            {
                evidence.Add(pod.At(path.Replace(".lastState.terminated", ".state.waiting.reason", StringComparison.Ordinal), waitingReason));
            }
            if (term is not null)
            {
                evidence.Add(pod.At($"{path}.reason", reason));
                evidence.Add(pod.At($"{path}.exitCode", exit?.ToString(CultureInfo.InvariantCulture)));
            }
            evidence.AddRange(_events.Where(e => e.Reason is "BackOff" or "OOMKilling").Select(e => e.Ref));
            attrs["exitCode"] = exit?.ToString(CultureInfo.InvariantCulture);
            attrs["exitMeaning"] = meaning;
            attrs["lastReason"] = reason;
            attrs["state"] = waitingReason;
            var controller = ControllerCommand();
            if (reason == "OOMKilled" || (exit == 137 && _events.Any(e => e.Reason == "OOMKilling")))
            {
                var limit = KubeObject.Str(spec?["resources"]?["limits"]?["memory"]);
                var limitBytes = KubeQuantity.Parse(limit);
                attrs["reason"] = "OOMKilled";
                attrs["limit"] = limit;
                attrs["limitBytes"] = limitBytes is { } lb ? ((long)lb).ToString(CultureInfo.InvariantCulture) : null;
                if (exit == 137 || exit is null)
                {
                    attrs["exitCode"] = "137";
                }
                var severity = crashLoop || !recovering ? FindingSeverity.Critical : FindingSeverity.Warning;
                var when = finished is { } f ? $", last {KubeFindings.Ago(now - f)} ago" : "";
                var mitigate = new List<string> { Describe, logs };
                if (limitBytes is { } bytes && controller is not null)
                {
                    mitigate.Add($"kubectl set resources {controller}{Ns} -c {name} --limits=memory={KubeQuantity.FormatBytes(bytes * 2)}");
                }
                if (_deployment is not null)
                {
                    mitigate.Add($"kubectl rollout undo deployment/{_deployment}{Ns}");
                }
                Add(KubeFindingKinds.ContainerOomKilled, severity, crashLoop ? 0.95 : 0.85,
                    $"{Cap(label)} of pod {pod.Name} was OOMKilled{(limit is null ? " (no memory limit set: the node ran out of memory)" : $" at its {limit} memory limit")}, restarted {restarts} times{when}{(crashLoop ? "; now in CrashLoopBackOff" : recovering ? "; running again" : "")}",
                    start, evidence, mitigate, attrs);
                return;
            }
            if (exit is 126 or 127 or 128 || reason is "StartError" or "ContainerCannotRun")
            {
                attrs["message"] = message;
                Add(KubeFindingKinds.ContainerStartError, FindingSeverity.Critical, 0.9,
                    $"{Cap(label)} of pod {pod.Name} cannot start: {meaning}{(message is null ? "" : $" — {Trim(message, 200)}")}",
                    start, evidence, [Describe, GetEvents, $"kubectl get pod {pod.Name}{Ns} -o jsonpath='{{.spec.containers[?(@.name==\"{name}\")].command}}'"], attrs);
                return;
            }
            var title = crashLoop
                ? $"{Cap(label)} of pod {pod.Name} is in CrashLoopBackOff ({restarts} restarts): last exit {(exit?.ToString(CultureInfo.InvariantCulture) ?? "not recorded")}{(reason is null ? "" : $" ({reason})")} — {meaning}"
                : $"{Cap(label)} of pod {pod.Name} terminated with exit {(exit?.ToString(CultureInfo.InvariantCulture) ?? "not recorded")}{(reason is null ? "" : $" ({reason})")} — {meaning}";
            if (attrs["init"] is not null)
            {
                title += "; the pod cannot start until it succeeds";
            }
            var commands = new List<string> { logs, Describe, GetEvents };
            if (_deployment is not null)
            {
                commands.Add($"kubectl rollout undo deployment/{_deployment}{Ns}");
            }
            Add(KubeFindingKinds.ContainerCrashLoop, FindingSeverity.Critical, crashLoop ? 0.9 : 0.75, title, start, evidence, commands, attrs);
        }

        private void ImagePull(string name, string? image, string reason, string? message, string path, string label, Dictionary<string, string?> attrs)
        {
            var pullEvents = _events.Where(e => e.Type == "Warning" && (e.Reason is "Failed" or "ErrImagePull" or "InspectFailed") &&
                (e.Message.Contains("image", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("pull", StringComparison.OrdinalIgnoreCase))).ToList();
            var cls = reason == "InvalidImageName" ? "not_found" : "unknown";
            var detail = message;
            foreach (var e in pullEvents.OrderByDescending(e => e.LastSeen ?? DateTimeOffset.MinValue))
            {
                var c = KubeClassify.ImagePull(e.Message);
                if (c != "unknown")
                {
                    cls = c;
                    detail = e.Message;
                    break;
                }
            }
            if (cls == "unknown")
            {
                cls = KubeClassify.ImagePull(message);
            }
            attrs["class"] = cls;
            attrs["reason"] = reason;
            attrs["message"] = detail;
            var evidence = new List<EvidenceRef> { pod.At($"{path}.state.waiting.reason", reason) };
            if (message is not null)
            {
                evidence.Add(pod.At($"{path}.state.waiting.message", message));
            }
            evidence.AddRange(pullEvents.Select(e => e.Ref));
            var commands = new List<string> { Describe, GetEvents };
            commands.Add(cls == "unauthorized"
                ? $"kubectl get pod {pod.Name}{Ns} -o jsonpath='{{.spec.imagePullSecrets}}'"
                : $"crane manifest {image} # or: docker manifest inspect {image}");
            if (_deployment is not null)
            {
                commands.Add($"kubectl rollout undo deployment/{_deployment}{Ns}");
            }
            Add(KubeFindingKinds.ContainerImagePull, FindingSeverity.Critical, cls == "unknown" ? 0.75 : 0.9,
                $"{Cap(label)} of pod {pod.Name} cannot pull image {image} ({reason}): {KubeClassify.ImagePullPhrase(cls)}",
                pullEvents.Select(e => e.FirstSeen).Min() ?? KubeObject.Time(_status?["startTime"]), evidence, commands, attrs);
        }

        private void ConfigError(string name, string? message, string path, string label, Dictionary<string, string?> attrs)
        {
            var missing = KubeClassify.MissingConfig(message) ?? MissingFromEvents();
            attrs["missingKind"] = missing?.Kind;
            attrs["missingName"] = missing?.Name;
            attrs["missingKey"] = missing?.Key;
            attrs["message"] = message;
            var what = missing switch
            {
                ("key", var n, var k) => $"key {k} is missing from {(KubeClassify.MissingKeyOwnerKind(message) ?? "Secret/ConfigMap")} {n}",
                (var kind, var n, _) => $"{kind} {n} does not exist",
                _ => message ?? "its configuration cannot be resolved",
            };
            var ownerKind = missing?.Kind == "key" ? (KubeClassify.MissingKeyOwnerKind(message) ?? "secret").ToLowerInvariant() : missing?.Kind.ToLowerInvariant();
            var commands = new List<string> { Describe };
            if (missing is { Name: not null })
            {
                commands.Add($"kubectl get {ownerKind} {missing.Value.Name}{Ns} -o yaml");
                if (missing.Value.Kind == "Secret")
                {
                    commands.Add($"kubectl create secret generic {missing.Value.Name}{Ns} --from-literal=KEY=VALUE");
                }
            }
            Add(KubeFindingKinds.ContainerConfigError, FindingSeverity.Critical, missing is null ? 0.7 : 0.95,
                $"{Cap(label)} of pod {pod.Name} cannot start: {what}",
                KubeFindings.Earliest(_events.Where(e => e.Reason == "Failed").Select(e => e.FirstSeen).Min(), KubeObject.Time(_status?["startTime"]), pod.Created),
                [pod.At($"{path}.state.waiting.reason", "CreateContainerConfigError"), pod.At($"{path}.state.waiting.message", message)],
                commands, attrs);
        }

        private (string Kind, string? Name, string? Key)? MissingFromEvents()
        {
            foreach (var e in _events)
            {
                if (KubeClassify.MissingConfig(e.Message) is { } m)
                {
                    return m;
                }
            }
            return null;
        }

        private bool _creatingDone;

        private void Creating(string path, string reason)
        {
            if (_creatingDone)
            {
                return;
            }
            _creatingDone = true;
            var failures = _events.Where(e => e.Type == "Warning" && KubeClassify.CreatingClass(e.Reason) is not null).ToList();
            // A volume that cannot attach is why the mount times out: the attach failure names the cause (Multi-Attach, zone), the mount only waits.
            var cause = failures.LastOrDefault(e => e.Reason == "FailedAttachVolume") ?? failures.LastOrDefault();
            var cls = cause is not null ? KubeClassify.CreatingClass(cause.Reason)! : "unknown";
            var since = KubeFindings.Earliest(KubeObject.Time(_status?["startTime"]), pod.Created);
            var age = since is { } s ? now - s : (TimeSpan?)null;
            if (failures.Count == 0 && age is { } a && a < TimeSpan.FromMinutes(2))
            {
                return;
            }
            var severity = failures.Count > 0 && age is { } a2 && a2 > TimeSpan.FromMinutes(10) ? FindingSeverity.Critical : failures.Count > 0 || age is null || age > TimeSpan.FromMinutes(10) ? FindingSeverity.Warning : FindingSeverity.Info;
            var message = cause is not null ? cause.Message : $"still {reason} after {(age is { } x ? KubeFindings.Ago(x) : "an unknown time")}";
            var evidence = new List<EvidenceRef> { pod.At($"{path}.state.waiting.reason", reason) };
            evidence.AddRange(failures.Select(e => e.Ref));
            Add(KubeFindingKinds.PodContainerCreating, severity, failures.Count > 0 ? 0.85 : 0.4,
                $"Pod {pod.Name} is stuck in {reason}{(age is { } y ? $" for {KubeFindings.Ago(y)}" : "")}: {(cls == "mount" ? "a volume cannot be mounted — " : cls == "sandbox" ? "the pod sandbox (network) cannot be created — " : "")}{Trim(message, 200)}",
                since, evidence, [Describe, GetEvents, Node is null ? "kubectl get nodes" : $"kubectl describe node {Node}"],
                new() { ["class"] = cls, ["message"] = message, ["node"] = Node });
        }

        private void NotReady(JsonObject cs, JsonObject? spec, string name, string path, JsonObject running, Dictionary<string, string?> attrs)
        {
            if (spec?["readinessProbe"] is not JsonObject probe)
            {
                return;
            }
            var startedAt = KubeObject.Time(running["startedAt"]);
            var delay = KubeFindings.Int(probe["initialDelaySeconds"]) ?? 0;
            var period = KubeFindings.Int(probe["periodSeconds"]) ?? 10;
            var threshold = KubeFindings.Int(probe["failureThreshold"]) ?? 3;
            var grace = TimeSpan.FromSeconds(delay + (period * threshold)) + TimeSpan.FromMinutes(1);
            if (startedAt is not { } st || now - st < grace)
            {
                return;
            }
            var unhealthy = _events.Where(e => e.Reason == "Unhealthy" && e.Message.StartsWith("Readiness", StringComparison.Ordinal)).ToList();
            var message = unhealthy.Count > 0 ? unhealthy[^1].Message : $"running for {KubeFindings.Ago(now - st)} but never passed its readiness probe ({ProbeText(probe)})";
            var probeAttrs = new Dictionary<string, string?>(attrs) { ["probe"] = "readiness", ["message"] = message, ["port"] = ProbePort(probe) };
            var evidence = new List<EvidenceRef> { pod.At($"{path}.ready", "false"), pod.At($"{path}.state.running.startedAt", startedAt.Value.ToString("O", CultureInfo.InvariantCulture)) };
            evidence.AddRange(unhealthy.Select(e => e.Ref));
            _probeReported.Add(("readiness", name));
            Add(KubeFindingKinds.ProbeFailed, PodReady ? FindingSeverity.Warning : FindingSeverity.Critical, unhealthy.Count > 0 ? 0.9 : 0.7,
                $"Container {name} of pod {pod.Name} is not ready: {Trim(message, 200)}", startedAt, evidence,
                [Describe, GetEvents, $"kubectl logs {pod.Name}{Ns} -c {name}"], probeAttrs);
            _ = cs;
        }

        private readonly HashSet<(string Probe, string Container)> _probeReported = [];

        private void ProbeEvents()
        {
            var containers = SpecContainers(false).ToList();
            foreach (var group in _events.Where(e => e.Type == "Warning" && e.Reason == "Unhealthy").GroupBy(e => ProbeKind(e.Message)))
            {
                var probe = group.Key;
                var container = ContainerOfEvent(group.First(), containers);
                if (probe is null || _probeReported.Contains((probe, container ?? "")))
                {
                    continue;
                }
                var latest = group.MaxBy(e => e.LastSeen ?? e.FirstSeen ?? DateTimeOffset.MinValue)!;
                var count = group.Sum(e => e.Count);
                var spec = containers.FirstOrDefault(c => KubeObject.Str(c["name"]) == container);
                var port = spec?[probe + "Probe"] is JsonObject p ? ProbePort(p) : null;
                var declared = port is null || spec is null ? null : DeclaresPort(spec, port);
                var portNote = declared == false ? $"; probe port {port} is not a declared container port" : "";
                var severity = probe == "readiness" && PodReady ? FindingSeverity.Warning : probe == "liveness" && count >= 3 ? FindingSeverity.Critical : FindingSeverity.Warning;
                Add(KubeFindingKinds.ProbeFailed, severity, Math.Min(0.95, 0.6 + count / 20.0),
                    $"{Cap(probe)} probe of {(container is null ? "pod " + pod.Name : $"container {container} in pod {pod.Name}")} failed {count} times: {Trim(latest.Message, 160)}{portNote}",
                    group.Select(e => e.FirstSeen).Min(), group.Select(e => e.Ref).ToList(),
                    [Describe, GetEvents, $"kubectl logs {pod.Name}{Ns}{(container is null ? "" : " -c " + container)}{(probe == "liveness" ? " --previous" : "")}"],
                    new() { ["probe"] = probe, ["message"] = latest.Message, ["port"] = port, ["container"] = container, ["count"] = count.ToString(CultureInfo.InvariantCulture), ["portDeclared"] = declared?.ToString().ToLowerInvariant() });
            }
        }

        private void ProbePorts()
        {
            var list = SpecContainers(false).ToList();
            for (var i = 0; i < list.Count; i++)
            {
                var c = list[i];
                foreach (var probe in new[] { "liveness", "readiness", "startup" })
                {
                    if (c[probe + "Probe"] is not JsonObject p || ProbePort(p) is not { } port || int.TryParse(port, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                    {
                        continue;
                    }
                    // A named probe port must resolve to a declared port; a numeric one need not be declared.
                    if (DeclaresPort(c, port) == false)
                    {
                        var name = KubeObject.Str(c["name"]);
                        Add(KubeFindingKinds.ProbeFailed, FindingSeverity.Warning, 0.8,
                            $"{Cap(probe)} probe of container {name} in pod {pod.Name} uses port '{port}', which the container does not declare: the probe cannot succeed",
                            pod.Created, [pod.At($"spec.containers[{i}].{probe}Probe", port)], [Describe, $"kubectl get pod {pod.Name}{Ns} -o jsonpath='{{.spec.containers[{i}].ports}}'"],
                            new() { ["probe"] = probe, ["port"] = port, ["container"] = name, ["portDeclared"] = "false", ["message"] = "named probe port not declared" });
                    }
                }
            }
        }

        private static string? ProbeKind(string message) =>
            message.StartsWith("Readiness", StringComparison.Ordinal) ? "readiness"
            : message.StartsWith("Liveness", StringComparison.Ordinal) ? "liveness"
            : message.StartsWith("Startup", StringComparison.Ordinal) ? "startup" : null;

        private static string? ContainerOfEvent(KubeEvent e, List<JsonObject> containers)
        {
            if (e.FieldPath is { } fp && fp.IndexOf('{') is var i and >= 0 && fp.EndsWith('}'))
            {
                return fp[(i + 1)..^1];
            }
            return containers.Count == 1 ? KubeObject.Str(containers[0]["name"]) : null;
        }

        private static string? ProbePort(JsonObject probe) =>
            KubeObject.Str(probe["httpGet"]?["port"]) ?? KubeObject.Str(probe["tcpSocket"]?["port"]) ?? KubeObject.Str(probe["grpc"]?["port"]);

        private static string ProbeText(JsonObject probe) =>
            probe["httpGet"] is JsonObject h ? $"HTTP GET {KubeObject.Str(h["path"]) ?? "/"} on port {KubeObject.Str(h["port"])}"
            : probe["tcpSocket"] is JsonObject t ? $"TCP port {KubeObject.Str(t["port"])}"
            : probe["exec"]?["command"] is JsonArray cmd ? "exec: " + string.Join(' ', cmd.Select(KubeObject.Str))
            : "probe";

        /// <summary>Whether the container declares the port (number or name); null when it declares no ports at all.</summary>
        private static bool? DeclaresPort(JsonObject container, string port)
        {
            if (container["ports"] is not JsonArray ports || ports.Count == 0)
            {
                return null;
            }
            foreach (var p in ports)
            {
                if (KubeObject.Str(p?["containerPort"]) == port || KubeObject.Str(p?["name"]) == port)
                {
                    return true;
                }
            }
            return false;
        }

        private IEnumerable<JsonObject> SpecContainers(bool init) =>
            _spec?[init ? "initContainers" : "containers"] is JsonArray arr ? arr.OfType<JsonObject>() : [];

        private JsonObject? SpecContainer(string name, bool init) => SpecContainers(init).FirstOrDefault(c => KubeObject.Str(c["name"]) == name);

        private string? ControllerCommand()
        {
            if (_deployment is not null)
            {
                return $"deployment/{_deployment}";
            }
            return KubeIndex.ControllerOf(pod) is { } o && o.Kind is "StatefulSet" or "DaemonSet" ? $"{o.Kind.ToLowerInvariant()}/{o.Name}" : null;
        }

        private DateTimeOffset? Start() => KubeFindings.Earliest(KubeObject.Time(_status?["startTime"]), pod.Created);

        private static bool NodeReady(KubeObject node) =>
            KubeObject.Str(KubeFindings.Condition(node.Json["status"]?["conditions"], "Ready")?["status"]) == "True";

        private void Add(string kind, FindingSeverity severity, double strength, string title, DateTimeOffset? start, IReadOnlyList<EvidenceRef> evidence,
            IReadOnlyList<string> commands, Dictionary<string, string?> attrs)
        {
            attrs.TryAdd("deployment", _deployment);
            attrs.TryAdd("node", Node);
            if (KubeIndex.ControllerOf(pod) is { } owner && owner.Kind != "ReplicaSet")
            {
                attrs.TryAdd(owner.Kind.ToLowerInvariant(), owner.Name);
            }
            findings.Add(KubeFindings.Make(analyzer, kind, severity, strength, title, pod.Entity, start, evidence, commands, attrs));
        }

        private static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

        private static string Trim(string s, int max) => s.Length <= max ? s : s[..max] + "…";
    }
}
