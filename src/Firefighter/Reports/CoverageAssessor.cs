using Firefighter.Evidence;

namespace Firefighter.Reports;

/// <summary>Works out, from the files read and the warnings, what each source contributed and whether the evidence can support a verdict.</summary>
/// <remarks>O(files + warnings + distinct entity names × named targets). Never throws.</remarks>
public static class CoverageAssessor
{
    /// <summary>The six standard sources, in the order they are shown.</summary>
    public static IReadOnlyList<string> StandardSources { get; } = ["logs", "metrics", "k8s", "traces", "changes", "alerts"];

    // Sources whose records can show the state of a workload; changes and alerts alone say nothing about it being healthy.
    private static readonly string[] SignalSources = ["logs", "metrics", "k8s", "traces"];

    // Alert labels that name a workload (namespace, prometheus, severity... do not).
    private static readonly string[] TargetLabels = ["service", "app", "app_kubernetes_io_name", "deployment", "statefulset", "daemonset", "pod", "container"];

    private const int MaxSkippedInMessage = 3;

    /// <summary>Assesses the coverage of <paramref name="evidence"/>.</summary>
    public static EvidenceCoverage Assess(EvidenceSet evidence)
    {
        var sources = Sources(evidence);
        return new EvidenceCoverage(sources, Missing(evidence, sources));
    }

    /// <summary>The source a bundle path belongs to, from the kind its reader gave it or else its top folder.</summary>
    public static string SourceOf(string path, string? readerKind)
    {
        switch (readerKind)
        {
            case "logs" or "metrics" or "k8s" or "traces" or "changes" or "alerts":
                return readerKind;
            case "events":
                return "k8s";
            case "incident":
                return "incident";
        }
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var folder = slash <= 0 ? "" : path[..slash];
        foreach (var s in StandardSources)
        {
            if (string.Equals(folder, s, StringComparison.OrdinalIgnoreCase))
            {
                return s;
            }
        }
        return "other";
    }

    private static List<SourceCoverage> Sources(EvidenceSet evidence)
    {
        var byPath = new Dictionary<string, SourceFile>(StringComparer.Ordinal);
        foreach (var f in evidence.Files)
        {
            byPath[f.Path] = f;
        }
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        var dropped = new Dictionary<string, int>(StringComparer.Ordinal);
        var orphanSkips = new List<(string Source, SkippedFile File)>();
        foreach (var w in evidence.Warnings)
        {
            byPath.TryGetValue(w.Source, out var file);
            var source = SourceOf(w.Source, file?.Kind);
            if (w.Dropped > 0)
            {
                dropped[source] = dropped.GetValueOrDefault(source) + w.Dropped;
            }
            if (file is null)
            {
                // A path the readers never opened (an unreadable directory, an archive entry refused): skipped as a whole.
                if (w.Message.StartsWith("not read", StringComparison.Ordinal) && source is not "incident")
                {
                    orphanSkips.Add((source, new SkippedFile(w.Source, w.Message)));
                }
                continue;
            }
            reasons.TryAdd(w.Source, w.Message);
        }

        var result = new List<SourceCoverage>();
        var all = StandardSources.ToList();
        if (evidence.Files.Any(f => SourceOf(f.Path, f.Kind) == "other") || orphanSkips.Any(s => s.Source == "other"))
        {
            all.Add("other");
        }
        foreach (var source in all)
        {
            var files = evidence.Files.Where(f => SourceOf(f.Path, f.Kind) == source).ToList();
            var skipped = files.Where(f => f.Items == 0)
                .Select(f => new SkippedFile(f.Path, reasons.GetValueOrDefault(f.Path) ?? "no records found in it"))
                .Concat(orphanSkips.Where(s => s.Source == source).Select(s => s.File))
                .OrderBy(s => s.Path, StringComparer.Ordinal).ToList();
            result.Add(new SourceCoverage(source, files.Count(f => f.Items > 0), files.Sum(f => f.Items), dropped.GetValueOrDefault(source), skipped));
        }
        return result;
    }

    private static string? Missing(EvidenceSet evidence, List<SourceCoverage> sources)
    {
        var signal = sources.Where(s => SignalSources.Contains(s.Source)).ToList();
        if (!signal.Any(s => s.Read))
        {
            var skipped = sources.SelectMany(s => s.Skipped).ToList();
            var what = skipped.Count == 0
                ? evidence.Files.Count == 0 ? "the bundle has no files" : "no file held logs, metrics, Kubernetes objects or traces"
                : $"{Count(skipped.Count, "file")} could not be used: " + string.Join("; ", skipped.Take(MaxSkippedInMessage).Select(s => $"{s.Path}: {s.Reason}"))
                  + (skipped.Count > MaxSkippedInMessage ? $"; +{skipped.Count - MaxSkippedInMessage} more" : "");
            return $"no logs, metrics, Kubernetes objects or traces could be read ({what})";
        }
        var names = KnownNames(evidence);
        foreach (var (target, who) in Targets(evidence))
        {
            if (!names.Any(n => Names(n, target)))
            {
                return $"{who} points at '{target}', but no logs, metrics, Kubernetes objects or traces about '{target}' were read";
            }
        }
        return null;
    }

    private static IEnumerable<(string Target, string Who)> Targets(EvidenceSet evidence)
    {
        foreach (var s in evidence.Incident.Services)
        {
            if (!string.IsNullOrWhiteSpace(s))
            {
                yield return (s, "incident.yaml");
            }
        }
        foreach (var a in evidence.Alerts)
        {
            foreach (var label in TargetLabels)
            {
                if (a.Label(label) is { Length: > 0 } v)
                {
                    yield return (v, $"the alert {a.Name}");
                    break;
                }
            }
        }
    }

    private static HashSet<string> KnownNames(EvidenceSet evidence)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var l in evidence.Logs)
        {
            if (l.Entity is { } e)
            {
                names.Add(e.Name);
            }
        }
        foreach (var m in evidence.Metrics)
        {
            foreach (var v in m.Labels.Values)
            {
                names.Add(v);
            }
        }
        foreach (var o in evidence.Objects)
        {
            names.Add(o.Name);
            foreach (var v in o.Labels.Values)
            {
                names.Add(v);
            }
        }
        foreach (var e in evidence.Events)
        {
            names.Add(e.Involved.Name);
        }
        foreach (var s in evidence.Spans)
        {
            names.Add(s.Service);
        }
        return names;
    }

    // A pod "api-5c9f88d7b5-2kl8n" or a container "api" names the workload "api".
    private static bool Names(string name, string target) =>
        name.Equals(target, StringComparison.OrdinalIgnoreCase)
        || (name.Length > target.Length && name[target.Length] == '-' && name.StartsWith(target, StringComparison.OrdinalIgnoreCase));

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";
}
