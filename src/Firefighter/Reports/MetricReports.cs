using System.Text.Json.Serialization;
using Firefighter.Evidence;
using Firefighter.Metrics;
using Firefighter.Metrics.Analyzers;

namespace Firefighter.Reports;

/// <summary>The result of <c>ff metrics detect</c>: every series scored by the streaming detector, as <c>--json</c> writes it.</summary>
/// <param name="Threshold">Score from which a sample is reported.</param>
/// <param name="Files">One entry per series read.</param>
public sealed record MetricDetectReport(double Threshold, IReadOnlyList<SeriesDetection> Files)
{
    /// <summary>Whether any series had a reported sample.</summary>
    [JsonIgnore]
    public bool HasAnomalies => Files.Any(f => f.Anomalies.Count > 0);

    /// <summary>Scans every series (O(total samples)) and looks for one level shift in each.</summary>
    public static MetricDetectReport From(IReadOnlyList<MetricSeries> series)
    {
        var files = new List<SeriesDetection>(series.Count);
        foreach (var s in series)
        {
            var scan = AnomalyScan.Scan(s);
            var cp = ChangePointFinder.Find(s.Timestamps, s.Values);
            var shift = cp is not null && cp.RobustZ >= ShiftsAnalyzer.MinShiftZ
                ? new LevelShift(MetricEntities.ToTime(cp.Time), cp.Before, cp.After, cp.Direction, Math.Round(cp.RobustZ, 2))
                : null;
            files.Add(new SeriesDetection(s.Ref.Source, s.Id, s.Count,
                scan.Anomalies.Select(a => a with { Score = Math.Round(a.Score, 4) }).ToList(), shift, s, scan.Scores));
        }
        return new MetricDetectReport(AnomalyScan.ReportThreshold, files);
    }
}

/// <summary>One series in <see cref="MetricDetectReport"/>.</summary>
/// <param name="File">The file it was read from.</param>
/// <param name="Series">The series id.</param>
/// <param name="Rows">Samples.</param>
/// <param name="Anomalies">Reported samples, in time order.</param>
/// <param name="LevelShift">The series' one level shift, when it has one.</param>
/// <param name="Source">The series itself (not written as JSON).</param>
/// <param name="Scores">Every sample's score, in order (not written as JSON; <c>--scores</c> writes it as CSV).</param>
public sealed record SeriesDetection(
    string File, string Series, int Rows, IReadOnlyList<SeriesAnomaly> Anomalies,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] LevelShift? LevelShift,
    [property: JsonIgnore] MetricSeries Source, [property: JsonIgnore] double[] Scores);

/// <summary>A series' level shift.</summary>
/// <param name="ChangeAt">When it moved.</param>
/// <param name="Before">Level before.</param>
/// <param name="After">Level after.</param>
/// <param name="Direction"><c>up</c> or <c>down</c>.</param>
/// <param name="RobustZ">Size of the move in robust standard deviations.</param>
public sealed record LevelShift(DateTimeOffset ChangeAt, double Before, double After, string Direction, double RobustZ);

/// <summary>The result of <c>ff metrics screen</c>: series and entities ranked by how much they changed at the onset.</summary>
/// <param name="Onset">The onset, given or found; null when nothing changed.</param>
/// <param name="FirstMover">The series that moved first.</param>
/// <param name="Pushdowns">Queries sent to Prometheus as rates instead of raw counters.</param>
/// <param name="SeriesScreened">How many series were screened.</param>
/// <param name="Series">The top series.</param>
/// <param name="Entities">The top entities.</param>
public sealed record MetricScreenReport(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? Onset,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? FirstMover,
    IReadOnlyList<QueryPushdown> Pushdowns, [property: JsonIgnore] int SeriesScreened,
    IReadOnlyList<ScreenedSeriesRow> Series, IReadOnlyList<ScreenedEntityRow> Entities)
{
    /// <summary>Series listed.</summary>
    public const int TopSeries = 50;

    /// <summary>Entities listed.</summary>
    public const int TopEntities = 20;

    /// <summary>When the first mover moved.</summary>
    [JsonIgnore]
    public DateTimeOffset? FirstMoverAt { get; init; }

    /// <summary>Whether any series changed significantly.</summary>
    [JsonIgnore]
    public bool HasProblems { get; init; }

    /// <summary>Screens <paramref name="series"/> at <paramref name="onset"/> (found when null).</summary>
    public static MetricScreenReport From(IReadOnlyList<MetricSeries> series, DateTimeOffset? onset, IReadOnlyList<QueryPushdown> pushdowns)
    {
        var r = SeriesScreener.Screen(series, onset is { } o ? o.ToUnixTimeMilliseconds() / 1000.0 : null);
        static DateTimeOffset? T(double unix) => double.IsNaN(unix) ? null : MetricEntities.ToTime(unix);
        return new MetricScreenReport(T(r.Onset), r.FirstMover?.Series.Id, pushdowns, series.Count,
            r.Series.Take(TopSeries).Select(x => new ScreenedSeriesRow(x.Series.Id, MetricEntities.For(x.Series).ToString(), Math.Round(x.Score, 3), x.Baseline, x.After, x.Direction, T(x.FirstMove))).ToList(),
            r.Entities.Take(TopEntities).Select(e => new ScreenedEntityRow(e.Entity.ToString(), Math.Round(e.Score, 3), T(e.FirstMove), e.Series.Count)).ToList())
        {
            FirstMoverAt = r.FirstMover is { } fm ? T(fm.FirstMove) : null,
            HasProblems = r.Series.Any(x => x.Score > SeriesScreener.Significant),
        };
    }
}

/// <summary>A PromQL query rewritten before it was sent (a counter pushed down as <c>rate()</c>).</summary>
/// <param name="Query">As given.</param>
/// <param name="Sent">As sent.</param>
/// <param name="Reason">Why.</param>
public sealed record QueryPushdown(string Query, string Sent, string Reason);

/// <summary>One screened series.</summary>
/// <param name="Series">Series id.</param>
/// <param name="Entity">The entity it belongs to.</param>
/// <param name="Score">max |x − median| / IQR after the onset.</param>
/// <param name="Baseline">Median before.</param>
/// <param name="After">Median after.</param>
/// <param name="Direction"><c>up</c> or <c>down</c>.</param>
/// <param name="FirstMove">When it first left its baseline.</param>
public sealed record ScreenedSeriesRow(string Series, string Entity, double Score, double Baseline, double After, string Direction,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? FirstMove);

/// <summary>One screened entity.</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Score">Its strongest series' score.</param>
/// <param name="FirstMove">When its first series moved.</param>
/// <param name="Series">How many of its series were screened.</param>
public sealed record ScreenedEntityRow(string Entity, double Score, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? FirstMove, int Series);
