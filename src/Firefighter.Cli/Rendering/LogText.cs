using System.Globalization;
using Firefighter.Logs;

namespace Firefighter.Cli.Rendering;

/// <summary>The human views of <c>ff logs patterns</c> (a <see cref="MinerState"/>) and <c>ff logs diff</c> (a <see cref="LogDiffReport"/>).</summary>
public static class LogText
{
    /// <summary>Writes the record and template counts and the <paramref name="top"/> templates.</summary>
    public static void WritePatterns(TextWriter o, long records, MinerState state, int top)
    {
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{records:N0} records, {state.Templates.Count:N0} templates"));
        o.WriteLine("   COUNT  LEVEL    FIRST SEEN            LAST SEEN             TEMPLATE");
        foreach (var t in state.Templates.Take(top))
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{t.Count,8}  {t.Level,-7}  {Time(t.FirstSeen),-20}  {Time(t.LastSeen),-20}  {t.Template}"));
        }
        if (state.Templates.Count > top)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"... {state.Templates.Count - top} more (--top N, or --json for all)"));
        }
    }

    /// <summary>Writes the sides' sizes and the ranked changes.</summary>
    public static void WriteDiff(TextWriter o, LogDiffReport report)
    {
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"baseline {report.BaselineRecords:N0} records, incident {report.IncidentRecords:N0} records, rates normalised by {report.Normalisation}"));
        if (report.Changes.Count == 0)
        {
            o.WriteLine("no significant template changes");
            return;
        }
        o.WriteLine("CHANGE    BASE  INCIDENT   RATIO   P-VALUE  LEVEL    TEMPLATE");
        foreach (var c in report.Changes)
        {
            var ratio = double.IsInfinity(c.Ratio) ? "new" : c.Ratio.ToString("F1", CultureInfo.InvariantCulture);
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Change,-8} {c.BaselineCount,5} {c.IncidentCount,9} {ratio,7} {c.PValue,9:0.0e0}  {c.Level,-7}  {c.Template}"));
        }
    }

    private static string Time(DateTimeOffset? t) => t?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
}
