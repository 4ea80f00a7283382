using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Kubernetes;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Workload controllers: Deployment availability and progress deadline, ReplicaSet FailedCreate, StatefulSet and DaemonSet readiness, failed Jobs, CronJobs.</summary>
public sealed class WorkloadAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.workloads";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.CronJobFailing, KubeFindingKinds.CronJobInvalidSchedule, KubeFindingKinds.CronJobSuspended, KubeFindingKinds.DaemonSetUnavailable, KubeFindingKinds.DeploymentProgressDeadline, KubeFindingKinds.DeploymentScaledToZero, KubeFindingKinds.DeploymentUnavailable, KubeFindingKinds.JobFailed, KubeFindingKinds.ReplicaSetFailedCreate, KubeFindingKinds.StatefulSetUnavailable];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var index = KubeIndex.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var d in index.OfKind("Deployment"))
        {
            Deployment(d, findings);
        }
        var failedCreate = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rs in index.OfKind("ReplicaSet"))
        {
            ReplicaSet(rs, index, findings, failedCreate);
        }
        foreach (var e in index.Events)
        {
            if (e.Reason == "FailedCreate" && e.Involved.Kind is "ReplicaSet" && failedCreate.Add(e.Involved.ToString()))
            {
                var cls = KubeClassify.FailedCreate(e.Message);
                var rs = index.Get("ReplicaSet", e.Involved.Namespace, e.Involved.Name);
                var dep = rs is null ? null : index.DeploymentOf(rs);
                findings.Add(KubeFindings.Make(Name, KubeFindingKinds.ReplicaSetFailedCreate, FindingSeverity.Critical, 0.9,
                    $"ReplicaSet {e.Involved.Name} cannot create pods ({ClassPhrase(cls)}): {e.Message}", e.Involved, e.FirstSeen, [e.Ref],
                    [$"kubectl describe rs {e.Involved.Name}{KubeFindings.Ns(e.Involved.Namespace)}", $"kubectl get events{KubeFindings.Ns(e.Involved.Namespace)} --field-selector involvedObject.name={e.Involved.Name}"],
                    new() { ["class"] = cls, ["message"] = e.Message, ["deployment"] = dep, ["count"] = e.Count.ToString(CultureInfo.InvariantCulture) }));
            }
        }
        foreach (var s in index.OfKind("StatefulSet").Where(o => o.Json["status"] is not null))
        {
            Replicated(s, "StatefulSet", KubeFindings.Int(s.Json["spec"]?["replicas"]) ?? 1, KubeFindings.Int(s.Json["status"]?["readyReplicas"]) ?? 0, "status.readyReplicas", "ready", findings);
        }
        foreach (var ds in index.OfKind("DaemonSet").Where(o => o.Json["status"] is not null))
        {
            var st = ds.Json["status"];
            var desired = KubeFindings.Int(st?["desiredNumberScheduled"]) ?? 0;
            var available = KubeFindings.Int(st?["numberAvailable"]) ?? (desired - (KubeFindings.Int(st?["numberUnavailable"]) ?? 0));
            Replicated(ds, "DaemonSet", desired, available, "status.numberAvailable", "available", findings);
        }
        foreach (var job in index.OfKind("Job"))
        {
            Job(job, findings);
        }
        foreach (var cj in index.OfKind("CronJob"))
        {
            CronJob(cj, index, context.Now, findings);
        }
        return AnalyzerResult.Of(findings);
    }

    private void Deployment(KubeObject d, List<Finding> findings)
    {
        var spec = d.Json["spec"];
        var st = d.Json["status"];
        var desired = KubeFindings.Int(spec?["replicas"]) ?? 1;
        var available = KubeFindings.Int(st?["availableReplicas"]) ?? 0;
        var updated = KubeFindings.Int(st?["updatedReplicas"]) ?? 0;
        var ready = KubeFindings.Int(st?["readyReplicas"]) ?? 0;
        var conditions = st?["conditions"];
        var ns = KubeFindings.Ns(d.Namespace);
        var describe = $"kubectl describe deployment {d.Name}{ns}";
        var attrs = new Dictionary<string, string?>
        {
            ["deployment"] = d.Name,
            ["desired"] = Num(desired),
            ["available"] = Num(available),
            ["updated"] = Num(updated),
            ["ready"] = Num(ready),
            ["revision"] = d.Annotations.GetValueOrDefault("deployment.kubernetes.io/revision"),
        };
        var progressing = KubeFindings.Condition(conditions, "Progressing");
        if (KubeObject.Str(progressing?["reason"]) == "ProgressDeadlineExceeded")
        {
            var message = KubeObject.Str(progressing?["message"]);
            findings.Add(KubeFindings.Make(Name, KubeFindingKinds.DeploymentProgressDeadline, FindingSeverity.Critical, 0.95,
                $"Deployment {d.Name} rollout failed: {message ?? "progress deadline exceeded"} ({available}/{desired} available)",
                d.Entity, KubeObject.Time(progressing?["lastTransitionTime"]),
                [d.At($"status.conditions[{KubeFindings.ConditionIndex(conditions, "Progressing")}].reason", "ProgressDeadlineExceeded")],
                [describe, $"kubectl rollout status deployment/{d.Name}{ns}", $"kubectl rollout history deployment/{d.Name}{ns}", $"kubectl rollout undo deployment/{d.Name}{ns}"],
                new(attrs) { ["message"] = message }));
        }
        if (desired == 0)
        {
            findings.Add(KubeFindings.Make(Name, KubeFindingKinds.DeploymentScaledToZero, FindingSeverity.Info, 0.3, $"Deployment {d.Name} is scaled to zero replicas", d.Entity, null,
                [d.At("spec.replicas", "0")], [describe, $"kubectl scale deployment/{d.Name}{ns} --replicas=1"], attrs));
            return;
        }
        // A manifest (what is applied, not what runs) has no status: its absence is not evidence of unavailability.
        if (available < desired && st is not null)
        {
            var availableCond = KubeFindings.Condition(conditions, "Available");
            // A rollout still inside its deadline is expected to be short of replicas for a while.
            var rolling = KubeObject.Str(progressing?["status"]) == "True" && KubeObject.Str(progressing?["reason"]) == "ReplicaSetUpdated";
            var severity = rolling ? FindingSeverity.Info : available == 0 ? FindingSeverity.Critical : FindingSeverity.Warning;
            findings.Add(KubeFindings.Make(Name, KubeFindingKinds.DeploymentUnavailable, severity, rolling ? 0.4 : 0.85,
                $"Deployment {d.Name} has {available}/{desired} replicas available ({updated} updated, {ready} ready){(rolling ? "; a rollout is in progress" : "")}",
                d.Entity, KubeObject.Str(availableCond?["status"]) == "False" ? KubeObject.Time(availableCond?["lastTransitionTime"]) : null,
                [d.At("status.availableReplicas", Num(available)), d.At("spec.replicas", Num(desired))],
                [describe, PodsOf(spec?["selector"]?["matchLabels"], ns, ""), $"kubectl get events{ns} --field-selector involvedObject.name={d.Name}"],
                attrs));
        }
    }

    private void ReplicaSet(KubeObject rs, KubeIndex index, List<Finding> findings, HashSet<string> seen)
    {
        var cond = KubeFindings.Condition(rs.Json["status"]?["conditions"], "ReplicaFailure");
        if (KubeObject.Str(cond?["status"]) != "True")
        {
            return;
        }
        seen.Add(rs.Entity.ToString());
        var message = KubeObject.Str(cond?["message"]) ?? KubeObject.Str(cond?["reason"]) ?? "ReplicaFailure";
        var cls = KubeClassify.FailedCreate(message);
        var ns = KubeFindings.Ns(rs.Namespace);
        var commands = new List<string> { $"kubectl describe rs {rs.Name}{ns}", $"kubectl get events{ns} --field-selector involvedObject.name={rs.Name}" };
        if (cls == "quota")
        {
            commands.Add($"kubectl describe resourcequota{ns}");
        }
        else if (cls == "service_account")
        {
            commands.Add($"kubectl get serviceaccounts{ns}");
        }
        findings.Add(KubeFindings.Make(Name, KubeFindingKinds.ReplicaSetFailedCreate, FindingSeverity.Critical, 0.95,
            $"ReplicaSet {rs.Name} cannot create pods ({ClassPhrase(cls)}): {message}", rs.Entity, KubeObject.Time(cond?["lastTransitionTime"]) ?? rs.Created,
            [rs.At($"status.conditions[{KubeFindings.ConditionIndex(rs.Json["status"]?["conditions"], "ReplicaFailure")}].message", message)], commands,
            new() { ["class"] = cls, ["message"] = message, ["reason"] = KubeObject.Str(cond?["reason"]), ["deployment"] = index.DeploymentOf(rs) }));
    }

    private void Replicated(KubeObject o, string kind, int desired, int ready, string field, string word, List<Finding> findings)
    {
        if (desired <= 0 || ready >= desired)
        {
            return;
        }
        var lower = kind.ToLowerInvariant();
        var ns = KubeFindings.Ns(o.Namespace);
        findings.Add(KubeFindings.Make(Name, kind == "DaemonSet" ? KubeFindingKinds.DaemonSetUnavailable : KubeFindingKinds.StatefulSetUnavailable, ready == 0 ? FindingSeverity.Critical : FindingSeverity.Warning, 0.8,
            $"{kind} {o.Name} has {ready}/{desired} pods {word} ({desired - ready} not {word})", o.Entity, null,
            [o.At(field, Num(ready))],
            [$"kubectl describe {lower} {o.Name}{ns}", $"kubectl rollout status {lower}/{o.Name}{ns}", PodsOf(o.Json["spec"]?["selector"]?["matchLabels"], ns, " -o wide")],
            new() { ["desired"] = Num(desired), [word] = Num(ready), [lower] = o.Name }));
    }

    private void Job(KubeObject job, List<Finding> findings)
    {
        var conditions = job.Json["status"]?["conditions"];
        var failed = KubeFindings.Condition(conditions, "Failed");
        if (KubeObject.Str(failed?["status"]) != "True")
        {
            return;
        }
        var reason = KubeObject.Str(failed?["reason"]) ?? "Failed";
        var message = KubeObject.Str(failed?["message"]);
        var ns = KubeFindings.Ns(job.Namespace);
        var cron = KubeIndex.ControllerOf(job) is { Kind: "CronJob" } o ? o.Name : null;
        var why = reason switch
        {
            "BackoffLimitExceeded" => $"its pods failed {KubeFindings.Int(job.Json["status"]?["failed"]) ?? 0} times, reaching backoffLimit {KubeFindings.Int(job.Json["spec"]?["backoffLimit"]) ?? 6}",
            "DeadlineExceeded" => $"it ran longer than activeDeadlineSeconds {KubeFindings.Int(job.Json["spec"]?["activeDeadlineSeconds"])}",
            _ => message ?? reason,
        };
        findings.Add(KubeFindings.Make(Name, KubeFindingKinds.JobFailed, FindingSeverity.Critical, 0.9, $"Job {job.Name} failed ({reason}): {why}", job.Entity,
            KubeObject.Time(job.Json["status"]?["startTime"]) ?? KubeObject.Time(failed?["lastTransitionTime"]),
            [job.At($"status.conditions[{KubeFindings.ConditionIndex(conditions, "Failed")}].reason", reason)],
            [$"kubectl describe job {job.Name}{ns}", $"kubectl logs job/{job.Name}{ns}", $"kubectl get pods{ns} -l job-name={job.Name}"],
            new() { ["reason"] = reason, ["message"] = message, ["failed"] = KubeObject.Str(job.Json["status"]?["failed"]), ["cronjob"] = cron, ["job"] = job.Name }));
    }

    private void CronJob(KubeObject cj, KubeIndex index, DateTimeOffset now, List<Finding> findings)
    {
        var spec = cj.Json["spec"];
        var ns = KubeFindings.Ns(cj.Namespace);
        var schedule = KubeObject.Str(spec?["schedule"]);
        if (spec?["suspend"] is JsonValue sv && sv.TryGetValue<bool>(out var suspended) && suspended)
        {
            findings.Add(KubeFindings.Make(Name, KubeFindingKinds.CronJobSuspended, FindingSeverity.Info, 0.4, $"CronJob {cj.Name} is suspended: no job will run", cj.Entity, null,
                [cj.At("spec.suspend", "true")], [$"kubectl patch cronjob {cj.Name}{ns} -p '{{\"spec\":{{\"suspend\":false}}}}'"], new() { ["cronjob"] = cj.Name }));
        }
        if (schedule is not null && !ValidSchedule(schedule))
        {
            findings.Add(KubeFindings.Make(Name, KubeFindingKinds.CronJobInvalidSchedule, FindingSeverity.Critical, 0.9, $"CronJob {cj.Name} has an invalid schedule '{schedule}'", cj.Entity, null,
                [cj.At("spec.schedule", schedule)], [$"kubectl describe cronjob {cj.Name}{ns}"], new() { ["schedule"] = schedule, ["cronjob"] = cj.Name }));
        }
        var jobs = index.OfKind("Job").Where(j => j.Namespace == cj.Namespace && KubeIndex.ControllerOf(j) is { Kind: "CronJob" } o && o.Name == cj.Name)
            .OrderBy(j => j.Created ?? DateTimeOffset.MinValue).ToList();
        var lastSuccess = KubeObject.Time(cj.Json["status"]?["lastSuccessfulTime"]);
        var lastSchedule = KubeObject.Time(cj.Json["status"]?["lastScheduleTime"]);
        var failedJobs = jobs.Where(j => KubeObject.Str(KubeFindings.Condition(j.Json["status"]?["conditions"], "Failed")?["status"]) == "True").ToList();
        if (jobs.Count > 0 && failedJobs.Count > 0 && failedJobs[^1] == jobs[^1])
        {
            findings.Add(KubeFindings.Make(Name, KubeFindingKinds.CronJobFailing, FindingSeverity.Warning, 0.8,
                $"CronJob {cj.Name}: its latest job {jobs[^1].Name} failed ({failedJobs.Count} of {jobs.Count} recent jobs failed){(lastSuccess is { } ls ? $"; last success {KubeFindings.Ago(now - ls)} ago" : "")}",
                cj.Entity, failedJobs[0].Created, failedJobs.Select(j => j.At("status.conditions", "Failed")).ToList(),
                [$"kubectl describe cronjob {cj.Name}{ns}", $"kubectl logs job/{jobs[^1].Name}{ns}"],
                new() { ["cronjob"] = cj.Name, ["failedJobs"] = Num(failedJobs.Count), ["lastSuccessfulTime"] = lastSuccess?.ToString("O", CultureInfo.InvariantCulture) }));
        }
        else if (lastSchedule is { } sched && lastSuccess is { } succ && sched - succ > TimeSpan.FromDays(1))
        {
            findings.Add(KubeFindings.Make(Name, KubeFindingKinds.CronJobFailing, FindingSeverity.Warning, 0.6,
                $"CronJob {cj.Name} last succeeded {KubeFindings.Ago(now - succ)} ago although it was scheduled {KubeFindings.Ago(now - sched)} ago",
                cj.Entity, succ, [cj.At("status.lastSuccessfulTime", succ.ToString("O", CultureInfo.InvariantCulture))],
                [$"kubectl describe cronjob {cj.Name}{ns}", $"kubectl get jobs{ns}"], new() { ["cronjob"] = cj.Name }));
        }
    }

    /// <summary>Checks the five-field cron syntax (and the @macros) the CronJob controller accepts.</summary>
    internal static bool ValidSchedule(string schedule)
    {
        var s = schedule.Trim();
        if (s.StartsWith("TZ=", StringComparison.Ordinal) || s.StartsWith("CRON_TZ=", StringComparison.Ordinal))
        {
            var sp = s.IndexOf(' ', StringComparison.Ordinal);
            if (sp < 0)
            {
                return false;
            }
            s = s[(sp + 1)..].Trim();
        }
        if (s.StartsWith('@'))
        {
            return s is "@yearly" or "@annually" or "@monthly" or "@weekly" or "@daily" or "@midnight" or "@hourly" || s.StartsWith("@every ", StringComparison.Ordinal);
        }
        var fields = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return false;
        }
        int[] max = [59, 23, 31, 12, 7];
        for (var i = 0; i < 5; i++)
        {
            foreach (var part in fields[i].Split(','))
            {
                var p = part;
                var slash = p.IndexOf('/', StringComparison.Ordinal);
                if (slash >= 0)
                {
                    if (!int.TryParse(p[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step == 0)
                    {
                        return false;
                    }
                    p = p[..slash];
                }
                if (p is "*" or "?")
                {
                    continue;
                }
                foreach (var bound in p.Split('-'))
                {
                    if (int.TryParse(bound, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    {
                        if (n > max[i] || (n == 0 && i is 2 or 3))
                        {
                            return false;
                        }
                    }
                    else if (!(i is 3 or 4 && bound.Length == 3 && bound.All(char.IsLetter)))
                    {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static string ClassPhrase(string cls) => cls switch
    {
        "quota" => "resource quota exceeded",
        "service_account" => "service account missing",
        "security_policy" => "rejected by pod security policy",
        "limit_range" => "violates a LimitRange",
        "webhook" => "rejected by an admission webhook",
        _ => "pod creation rejected",
    };

    // Without matchLabels in the evidence there is no selector to type: list the namespace's pods rather than print a placeholder.
    private static string PodsOf(JsonNode? matchLabels, string ns, string suffix)
    {
        var map = KubeIndex.StringMap(matchLabels);
        return map.Count == 0 ? $"kubectl get pods{ns}{suffix}" : $"kubectl get pods{ns} -l {string.Join(",", map.Select(kv => $"{kv.Key}={kv.Value}"))}{suffix}";
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
