using Firefighter.Evidence;
using Firefighter.Logs;
using Firefighter.Metrics;
using Firefighter.Traces;

namespace Firefighter.Correlation;

/// <summary>The time the fusion splits "before" from "after": when the fault under investigation began.</summary>
/// <remarks>Traces and logs are captured around the incident; when they cover less time than the metrics (a few minutes of spans against a
/// quarter of an hour of series), the fault is inside their window, and an earlier episode in the metrics' longer past is history, not
/// this incident. Inside that window the traces' own change point comes first (per-trace badness, sub-second resolution); else the time
/// after which the metrics moved most; else the investigation's onset. Never throws.</remarks>
internal static class FaultOnset
{
    /// <summary>The fault's onset, or null when nothing gives one.</summary>
    public static DateTimeOffset? Find(EvidenceSet evidence, TraceAnalysis? traces, DateTimeOffset? onset, ScreenResult screen, IReadOnlyList<MetricSeries> rates,
        Func<EntityRef, string?> serviceOf)
    {
        var window = Window(evidence);
        // The user's window start (incident.yaml) bounds it too: the fault is not before the time they say to look from.
        if (evidence.Incident.Start is { } start)
        {
            window = window is { } w0 ? (w0.From > start ? w0.From : start, w0.To) : (start, DateTimeOffset.MaxValue);
        }
        bool Inside(DateTimeOffset t) => window is not { } w || (t >= w.From && t <= w.To);
        if (traces is { OnsetGiven: true, Onset: { } given })
        {
            return given;
        }
        if (traces?.Onset is { } t && Inside(t))
        {
            return t;
        }
        if (evidence.Logs.Count > 0 && LogShifts.Onset(evidence.Logs, serviceOf, TimeSpan.FromSeconds(30)) is { } l && Inside(l))
        {
            return l;
        }
        if (rates.Count > 0)
        {
            var from = window is { } w1 ? w1.From.ToUnixTimeMilliseconds() / 1000.0 : double.NegativeInfinity;
            var to = window is { } w2 && w2.To != DateTimeOffset.MaxValue ? w2.To.ToUnixTimeMilliseconds() / 1000.0 : double.PositiveInfinity;
            var m = MetricShifts.BestSplit(rates, from, to);
            if (!double.IsNaN(m))
            {
                return MetricEntities.ToTime(m);
            }
        }
        _ = screen;
        return onset is { } o && Inside(o) ? o : window is { } w3 ? w3.From : onset;
    }

    /// <summary>The splits worth trying: <paramref name="found"/>, and every 20 seconds across the traces' and logs' window (leaving half a
    /// minute at each end so both sides have data); only <paramref name="found"/> without such a window or when the user gave the start.</summary>
    public static IReadOnlyList<DateTimeOffset> Candidates(EvidenceSet evidence, DateTimeOffset found)
    {
        var list = new List<DateTimeOffset> { found };
        if (evidence.Incident.Start is not null || Window(evidence) is not { } w)
        {
            return list;
        }
        for (var t = w.From.AddSeconds(30); t <= w.To.AddSeconds(-30); t = t.AddSeconds(20))
        {
            list.Add(t);
        }
        return list;
    }

    /// <summary>The time range the traces and logs cover, when it is shorter than the metrics' (else null: no narrower window).</summary>
    internal static (DateTimeOffset From, DateTimeOffset To)? Window(EvidenceSet evidence)
    {
        long from = long.MaxValue, to = long.MinValue;
        foreach (var s in evidence.Spans)
        {
            from = Math.Min(from, s.Start.UtcTicks);
            to = Math.Max(to, s.Start.UtcTicks);
        }
        if (evidence.LogTimeRange() is { } logs)
        {
            from = Math.Min(from, logs.From.UtcTicks);
            to = Math.Max(to, logs.To.UtcTicks);
        }
        if (from == long.MaxValue)
        {
            return null;
        }
        double mFrom = double.PositiveInfinity, mTo = double.NegativeInfinity;
        foreach (var m in evidence.Metrics)
        {
            if (m.Timestamps.Length > 0)
            {
                mFrom = Math.Min(mFrom, m.Timestamps[0]);
                mTo = Math.Max(mTo, m.Timestamps[^1]);
            }
        }
        var fine = TimeSpan.FromTicks(to - from).TotalSeconds;
        // Only a clearly narrower capture says where the incident is: the same window everywhere says nothing.
        return double.IsFinite(mFrom) && fine < 0.6 * (mTo - mFrom)
            ? (new DateTimeOffset(from, TimeSpan.Zero), new DateTimeOffset(to, TimeSpan.Zero))
            : null;
    }
}
