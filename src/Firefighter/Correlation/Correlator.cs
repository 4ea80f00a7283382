using Firefighter.Analysis;
using Firefighter.Alerts;
using Firefighter.Kubernetes;
using Firefighter.Logs;
using Firefighter.Metrics;

namespace Firefighter.Correlation;

/// <summary>Orders findings in time: finds the onset (the start of the densest burst of symptoms) and builds the timeline.</summary>
public static class Correlator
{
    private static readonly TimeSpan ClusterGap = TimeSpan.FromMinutes(20);

    /// <summary>True for findings that describe a cause or precursor rather than a symptom users feel (changes, slow growth, rollout diffs).</summary>
    public static bool IsPrecursor(Finding f) =>
        f.Kind.StartsWith("change.", StringComparison.Ordinal) || f.Kind == MetricFindingKinds.SteadyGrowth || f.Kind == KubeFindingKinds.RolloutDiff;

    /// <summary>True for findings that count as symptoms for the onset.</summary>
    public static bool IsSymptom(Finding f) =>
        !IsPrecursor(f) && f.Start is not null && f.Severity != FindingSeverity.Info && f.Strength >= 0.5
        && f.Attr("status") != "resolved";

    /// <summary>The onset: in the heaviest cluster of symptoms (chained less than 20 minutes apart, weighted by strength and severity),
    /// the first critical symptom that is not an alert; else the first non-alert symptom; else the first symptom.</summary>
    /// <remarks>Warnings that precede the first critical symptom (slow probes) are early signs, and alerts lag or predict the
    /// impact rather than mark it, so neither sets the onset when something better is there.</remarks>
    /// <returns>The onset and the finding it comes from, or nulls when there are no timed symptoms.</returns>
    public static (DateTimeOffset? Onset, Finding? From) FindOnset(IReadOnlyList<Finding> findings)
    {
        var symptoms = findings.Where(IsSymptom).OrderBy(f => f.Start).ThenBy(f => f.Kind, StringComparer.Ordinal).ToList();
        if (symptoms.Count == 0)
        {
            return (null, null);
        }
        (int From, int To) best = (0, 0);
        double bestWeight = -1;
        var i = 0;
        while (i < symptoms.Count)
        {
            var j = i;
            double weight = Weight(symptoms[i]);
            while (j + 1 < symptoms.Count && symptoms[j + 1].Start - symptoms[j].Start <= ClusterGap)
            {
                j++;
                weight += Weight(symptoms[j]);
            }
            if (weight > bestWeight)
            {
                bestWeight = weight;
                best = (i, j);
            }
            i = j + 1;
        }
        var cluster = symptoms.GetRange(best.From, best.To - best.From + 1);
        var onset = cluster.FirstOrDefault(f => f.Severity == FindingSeverity.Critical && f.Kind != AlertFindingKinds.Firing)
                    ?? cluster.FirstOrDefault(f => f.Kind != AlertFindingKinds.Firing)
                    ?? cluster[0];
        return (onset.Start, onset);
    }

    private static double Weight(Finding f) => f.Strength * (f.Severity == FindingSeverity.Critical ? 2 : 1);

    /// <summary>The timeline: changes, the onset, the first finding of each kind per entity, alerts; ascending, at most <paramref name="max"/> rows.</summary>
    public static IReadOnlyList<TimelineEntry> Timeline(IReadOnlyList<Finding> findings, DateTimeOffset? onset, Finding? onsetFinding, int max = 40)
    {
        var rows = new List<TimelineEntry>();
        if (onset is { } o)
        {
            rows.Add(new TimelineEntry(o, "onset", $"Onset: {onsetFinding?.Title ?? "first symptom"}", onsetFinding?.Evidence.Take(2).ToList() ?? []));
        }
        var seen = new HashSet<(string, string)>();
        foreach (var f in findings.Where(f => f.Start is not null).OrderBy(f => f.Start).ThenBy(f => f.Kind, StringComparer.Ordinal))
        {
            // Every change is its own event; other kinds show once per entity (their first occurrence).
            if (f == onsetFinding || (!f.Kind.StartsWith("change.", StringComparison.Ordinal) && !seen.Add((f.Kind, f.Entity.ToString()))))
            {
                continue;
            }
            var kind = f.Kind switch
            {
                var k when k.StartsWith("change.", StringComparison.Ordinal) => "change",
                var k when k == AlertFindingKinds.Firing => "alert",
                var k when k == KubeFindingKinds.ContainerOomKilled || k == KubeFindingKinds.ContainerCrashLoop || k == KubeFindingKinds.ContainerRestarts => "restart",
                var k when k == LogFindingKinds.ErrorBurst || k == LogFindingKinds.Pattern || k == LogFindingKinds.TemplateNew => "error",
                _ => "finding",
            };
            if (f.Severity == FindingSeverity.Info && kind != "change")
            {
                continue;
            }
            rows.Add(new TimelineEntry(f.Start!.Value, kind, f.Title, f.Evidence.Take(2).ToList()));
        }
        var ordered = rows.OrderBy(r => r.Time).ThenBy(r => r.Kind == "onset" ? 0 : 1).ToList();
        if (ordered.Count <= max)
        {
            return ordered;
        }
        // Keep every change and the onset; fill the rest with the earliest other rows.
        var keep = ordered.Where(r => r.Kind is "change" or "onset" or "alert").Take(max / 2).ToHashSet();
        foreach (var r in ordered)
        {
            if (keep.Count >= max) { break; }
            keep.Add(r);
        }
        return ordered.Where(keep.Contains).ToList();
    }
}
