using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Logs.Analyzers;

/// <summary>Why containers died, from their last log lines: for every previous-container log, every log of a container the Kubernetes
/// evidence shows terminated, crash-looping or failed (Job pods included), and every log that ends in a fatal error, the decisive error line
/// near the end, classified by <see cref="CrashClassifier"/> (<c>logs.crash_cause</c>).</summary>
/// <remarks>The tail is the last <see cref="Tail"/> records; of the lines there that classify, the most specific class wins, the latest line
/// breaking ties (a dependency refusal beats the generic exception it raised). A log with no Kubernetes evidence of an exit counts only when one
/// of its last records is a fatal error, so a service that logged one error hours ago and kept running is not called crashed.</remarks>
public sealed class CrashCauseAnalyzer : IAnalyzer
{
    private const int Tail = 40;
    private const int FatalTail = 5;

    // How long before the latest record of the evidence a log must stop for its last error to count as the process ending.
    private static readonly TimeSpan StoppedEarly = TimeSpan.FromMinutes(2);

    /// <inheritdoc />
    public string Name => "logs.crash-cause";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [LogFindingKinds.CrashCause];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var sources = LogSources.For(context.Evidence);
        var exits = Exits(context.Evidence);
        var byFile = new Dictionary<string, List<LogRecord>>(StringComparer.Ordinal);
        foreach (var r in context.Evidence.Logs)
        {
            if (!byFile.TryGetValue(r.Ref.Source, out var list))
            {
                byFile[r.Ref.Source] = list = [];
            }
            list.Add(r);
        }
        DateTimeOffset? latest = null;
        foreach (var r in context.Evidence.Logs)
        {
            if (r.Timestamp is { } t && (latest is null || t > latest))
            {
                latest = t;
            }
        }
        var findings = new List<Finding>();
        var done = new HashSet<(EntityRef, string?)>();
        // Previous-container logs first: they hold the exit itself; the current log of the same container only when none exists.
        foreach (var (source, records) in byFile.OrderByDescending(f => sources.IsPrevious(f.Value[0])).ThenBy(f => f.Key, StringComparer.Ordinal))
        {
            if (sources.IsAggregated(source))
            {
                continue;
            }
            var first = records[0];
            var entity = sources.EntityOf(first);
            var container = sources.ContainerOf(first);
            var previous = sources.IsPrevious(first);
            var exit = exits.GetValueOrDefault((entity.Namespace, entity.Name, container ?? "")) ?? exits.GetValueOrDefault((entity.Namespace, entity.Name, ""));
            var tail = records.Count <= Tail ? records : records.GetRange(records.Count - Tail, Tail);
            var best = Decisive(tail);
            if (best is null)
            {
                continue;
            }
            // Without an exit in the Kubernetes evidence or a previous-container log, an error near the end is a crash only when the line
            // itself says the process ended (fatal, panic, out of memory, refusing to run as root) or when the log stops while the rest of
            // the evidence goes on: a running service that logs an exception in the last minute of a capture has not crashed.
            var nearEnd = tail.Count - 1 - best.Value.Index < FatalTail;
            var terminal = best.Value.Record.Level >= LogLevel.Fatal || best.Value.Verdict.Class is "panic" or "oom" or "root";
            var stoppedEarly = records[^1].Timestamp is { } last && latest is { } end && end - last > StoppedEarly
                && (best.Value.Record.Level >= LogLevel.Error || best.Value.Verdict.Class is "exception");
            var fatalAtEnd = nearEnd && (terminal || stoppedEarly);
            if (!previous && exit is null && !fatalAtEnd)
            {
                continue;
            }
            if (!done.Add((entity, container)))
            {
                continue;
            }
            var (record, verdict, _) = best.Value;
            var line = Clip(KeyLine(record.Fields.Count == 0 ? record.Message : WithTrace(record), verdict.Class));
            var attrs = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["class"] = verdict.Class,
                ["line"] = line,
                ["summary"] = verdict.Summary,
            };
            if (entity.Namespace is { } ns)
            {
                attrs["namespace"] = ns;
            }
            Put(attrs, "container", container);
            Put(attrs, "target", verdict.Target);
            Put(attrs, "key", verdict.Key);
            Put(attrs, "file", verdict.File);
            Put(attrs, "exception", verdict.Exception);
            Put(attrs, "frame", verdict.Frame);
            var exitCode = verdict.ExitCode ?? exit?.ExitCode;
            if (exitCode is { } code)
            {
                attrs["exitCode"] = code.ToString(CultureInfo.InvariantCulture);
                attrs["exitMeaning"] = CrashClassifier.ExitMeaning(code);
            }
            if (previous)
            {
                attrs["previous"] = "true";
            }
            var volumeText = "";
            if (verdict.Class == "disk_full" && VolumeOf(context.Evidence, entity, container, verdict.File) is { } vol)
            {
                attrs["volume"] = vol.Claim;
                attrs["mountPath"] = vol.MountPath;
                Put(attrs, "size", vol.Size);
                volumeText = $" on {vol.MountPath} (PersistentVolumeClaim {vol.Claim}{(vol.Size is null ? "" : $", {vol.Size}")})";
            }
            var how = exit?.How ?? (previous ? "exited" : "crashed");
            var who = container is null || entity.Name == container ? entity.Name : $"{entity.Name} ({container})";
            findings.Add(new Finding(LogFindingKinds.CrashCause, $"{who} {how}: {verdict.Summary}{volumeText} — \"{line}\"", entity, record.Timestamp, null,
                previous || exit is not null ? 0.9 : 0.75, [record.Ref with { Excerpt = line }])
            {
                Severity = FindingSeverity.Critical,
                Attributes = attrs,
                Commands = entity.Kind == "Pod" ? [$"kubectl logs {entity.Name}{(entity.Namespace is null ? "" : " -n " + entity.Namespace)}{(container is null ? "" : " -c " + container)} --previous --tail=50"] : [],
                Analyzer = Name,
            });
        }
        return AnalyzerResult.Of(findings);
    }

    private static (LogRecord Record, CrashClassifier.Verdict Verdict, int Index)? Decisive(List<LogRecord> tail)
    {
        (LogRecord, CrashClassifier.Verdict, int)? best = null;
        for (var i = 0; i < tail.Count; i++)
        {
            var r = tail[i];
            var text = r.Fields.Count == 0 ? r.Message : WithTrace(r);
            if (CrashClassifier.Classify(text) is not { } v)
            {
                continue;
            }
            // An untimestamped panic or stack trace (printed to stderr) joins the line before it, whatever that line's level: it still counts.
            if (r.Level is > LogLevel.Unknown and < LogLevel.Warn && !(v.Class is "panic" or "exception" && text.Contains('\n', StringComparison.Ordinal)))
            {
                continue;
            }
            if (best is null || CrashClassifier.Rank(v.Class) >= CrashClassifier.Rank(best.Value.Item2.Class))
            {
                best = (r, v, i);
            }
        }
        return best;
    }

    // Structured lines carry the trace in a field of their own.
    private static string WithTrace(LogRecord r)
    {
        foreach (var key in new[] { "stack_trace", "stacktrace", "stack", "exception", "error", "err", "trace" })
        {
            if (r.Fields.TryGetValue(key, out var v) && v.Length > 0 && !r.Message.Contains(v, StringComparison.Ordinal))
            {
                return r.Message + "\n" + v;
            }
        }
        return r.Message;
    }

    private sealed record Exit(int? ExitCode, string How);

    private sealed record Volume(string Claim, string MountPath, string? Size);

    /// <summary>The persistent volume a full disk is most likely on: the container's PVC mount that holds the path the error names, else its only PVC mount.
    /// Read from the pod, or from the StatefulSet/Deployment template whose name prefixes the pod's (volumeClaimTemplates give claim <c>&lt;template&gt;-&lt;pod&gt;</c>).</summary>
    private static Volume? VolumeOf(EvidenceSet evidence, EntityRef pod, string? container, string? path)
    {
        var owner = evidence.Objects.FirstOrDefault(o => o.Kind == "Pod" && o.Namespace == pod.Namespace && o.Name == pod.Name)
            ?? evidence.Objects.Where(o => o.Kind is "StatefulSet" or "Deployment" or "DaemonSet" && o.Namespace == pod.Namespace && pod.Name.StartsWith(o.Name + "-", StringComparison.Ordinal))
                .OrderByDescending(o => o.Name.Length).FirstOrDefault();
        var spec = owner?.Kind == "Pod" ? owner.Json["spec"] : owner?.Json["spec"]?["template"]?["spec"];
        if (owner is null || spec is null)
        {
            return null;
        }
        var claims = new Dictionary<string, (string Claim, string? Size)>(StringComparer.Ordinal);
        foreach (var v in spec["volumes"] as JsonArray ?? [])
        {
            if (KubeObject.Str(v?["name"]) is { } n && KubeObject.Str(v?["persistentVolumeClaim"]?["claimName"]) is { } claim)
            {
                var pvc = evidence.Objects.FirstOrDefault(o => o.Kind == "PersistentVolumeClaim" && o.Namespace == pod.Namespace && o.Name == claim);
                claims[n] = (claim, KubeObject.Str(pvc?.Json["spec"]?["resources"]?["requests"]?["storage"]));
            }
        }
        foreach (var t in owner.Json["spec"]?["volumeClaimTemplates"] as JsonArray ?? [])
        {
            if (KubeObject.Str(t?["metadata"]?["name"]) is { } n)
            {
                claims[n] = ($"{n}-{pod.Name}", KubeObject.Str(t?["spec"]?["resources"]?["requests"]?["storage"]));
            }
        }
        var mounts = (spec["containers"] as JsonArray ?? []).Where(c => container is null || KubeObject.Str(c?["name"]) == container)
            .SelectMany(c => c?["volumeMounts"] as JsonArray ?? [])
            .Select(m => (Name: KubeObject.Str(m?["name"]) ?? "", Path: KubeObject.Str(m?["mountPath"]) ?? ""))
            .Where(m => claims.ContainsKey(m.Name)).ToList();
        var chosen = path is not null ? mounts.Where(m => path.StartsWith(m.Path, StringComparison.Ordinal)).OrderByDescending(m => m.Path.Length).FirstOrDefault() : default;
        if (chosen.Name is null && mounts.Count == 1)
        {
            chosen = mounts[0];
        }
        return chosen.Name is null ? null : new Volume(claims[chosen.Name].Claim, chosen.Path, claims[chosen.Name].Size);
    }

    /// <summary>Containers the Kubernetes evidence shows exited: restarted, terminated, waiting in CrashLoopBackOff, or in a Failed pod; keyed by (namespace, pod, container) and (namespace, pod, "").</summary>
    private static Dictionary<(string?, string, string), Exit> Exits(EvidenceSet evidence)
    {
        var exits = new Dictionary<(string?, string, string), Exit>();
        foreach (var pod in evidence.Objects)
        {
            if (pod.Kind != "Pod")
            {
                continue;
            }
            var failed = KubeObject.Str(pod.Json["status"]?["phase"]) == "Failed";
            foreach (var group in new[] { "initContainerStatuses", "containerStatuses" })
            {
                foreach (var cs in pod.Json["status"]?[group] as JsonArray ?? [])
                {
                    var name = KubeObject.Str(cs?["name"]) ?? "";
                    var terminated = cs?["state"]?["terminated"] ?? cs?["lastState"]?["terminated"];
                    var waiting = KubeObject.Str(cs?["state"]?["waiting"]?["reason"]);
                    var restarts = int.TryParse(KubeObject.Str(cs?["restartCount"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
                    var code = int.TryParse(KubeObject.Str(terminated?["exitCode"]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : (int?)null;
                    if (waiting == "CrashLoopBackOff" || restarts > 0 || (terminated is not null && code != 0) || failed)
                    {
                        var how = waiting == "CrashLoopBackOff" ? "crash-loops" : failed ? "failed" : "exited";
                        exits[(pod.Namespace, pod.Name, name)] = new Exit(code, code is { } x && x != 0 ? $"{how} (exit code {x})" : how);
                        exits.TryAdd((pod.Namespace, pod.Name, ""), exits[(pod.Namespace, pod.Name, name)]);
                    }
                }
            }
        }
        return exits;
    }

    private static void Put(Dictionary<string, string> attrs, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            attrs[key] = value;
        }
    }

    /// <summary>The line of a multi-line record that says it: the last line that classifies the same on its own (a traceback's exception line), else the first.</summary>
    private static string KeyLine(string text, string cls)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length > 1)
        {
            for (var i = lines.Length - 1; i >= 0; i--)
            {
                if (CrashClassifier.Classify(lines[i])?.Class == cls)
                {
                    return lines[i];
                }
            }
        }
        return lines.Length == 0 ? text.Trim() : lines[0];
    }

    private static string Clip(string s) => s.Length <= 200 ? s : s[..200] + "…";
}
