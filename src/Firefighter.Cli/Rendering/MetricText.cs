using System.Globalization;
using System.Text;
using Firefighter.Logs;
using Firefighter.Metrics;
using Firefighter.Reports;

namespace Firefighter.Cli.Rendering;

/// <summary>The human views of <see cref="MetricDetectReport"/> and <see cref="MetricScreenReport"/>, and the per-row scores CSV.</summary>
public static class MetricText
{
    /// <summary>Reported samples listed per series (the strongest, shown in time order).</summary>
    public const int ListedAnomalies = 10;

    /// <summary>Writes each series' anomalies and level shift.</summary>
    public static void WriteDetect(TextWriter o, MetricDetectReport report)
    {
        foreach (var s in report.Files)
        {
            o.WriteLine($"{s.File} ({s.Series}): {s.Rows} rows, {s.Anomalies.Count} anomal{(s.Anomalies.Count == 1 ? "y" : "ies")}");
            foreach (var a in s.Anomalies.OrderByDescending(a => a.Score).Take(ListedAnomalies).OrderBy(a => a.Time))
            {
                var because = a.Kind is { } k ? $"  {k}: normal {MetricEntities.Format(a.NormalLow ?? double.NaN)}..{MetricEntities.Format(a.NormalHigh ?? double.NaN)}" : "";
                o.WriteLine($"  {Time(a.Time)}  value {MetricEntities.Format(a.Value)}  score {a.Score:0.00}{because}");
            }
            if (s.LevelShift is { } shift)
            {
                o.WriteLine($"  level shift {shift.Direction} at {Time(shift.ChangeAt)}: {MetricEntities.Format(shift.Before)} -> {MetricEntities.Format(shift.After)} (robust z {shift.RobustZ:0.0})");
            }
        }
    }

    /// <summary>Writes the onset, the first mover and the top series and entities.</summary>
    public static void WriteScreen(TextWriter o, MetricScreenReport r)
    {
        foreach (var p in r.Pushdowns)
        {
            o.WriteLine(p.Reason);
        }
        if (r.Onset is not { } onset)
        {
            o.WriteLine($"No significant change found in {r.SeriesScreened} series.");
            return;
        }
        o.WriteLine($"Onset {Time(onset)}; {r.SeriesScreened} series screened.");
        if (r.FirstMover is { } fm)
        {
            o.WriteLine($"Moved first: {fm} at {(r.FirstMoverAt is { } at ? Time(at) : "?")}");
        }
        o.WriteLine("Top series (score = max |x - median| / IQR after onset):");
        foreach (var s in r.Series.Take(10))
        {
            o.WriteLine($"  {s.Score,8:0.0}  {s.Direction,-4} {MetricEntities.Format(s.Baseline)} -> {MetricEntities.Format(s.After)}  {s.Series}");
        }
        o.WriteLine("Entities:");
        foreach (var e in r.Entities.Take(10))
        {
            o.WriteLine($"  {e.Score,8:0.0}  {e.Entity}{(e.FirstMove is { } f ? "  first move " + Time(f) : "")}");
        }
    }

    /// <summary>The <c>--scores</c> CSV: <c>timestamp,value,anomaly_score</c> per row, with a leading <c>file</c> column when several series were scored.</summary>
    public static string ScoresCsv(MetricDetectReport report)
    {
        var several = report.Files.Count > 1;
        var csv = new StringBuilder(several ? "file,timestamp,value,anomaly_score\n" : "timestamp,value,anomaly_score\n");
        foreach (var s in report.Files)
        {
            for (var i = 0; i < s.Scores.Length; i++)
            {
                csv.Append(several ? TemplateMiningPipeline.CsvField(s.Series) + "," : "").Append(Time(MetricEntities.ToTime(s.Source.Timestamps[i]))).Append(',')
                    .Append(s.Source.Values[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                    .Append(s.Scores[i].ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return csv.ToString();
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
