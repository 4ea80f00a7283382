using System.Globalization;
using System.Text;
using Firefighter.Evidence;

namespace Firefighter.Prevention.Backtests;

/// <summary>Writes series as OpenMetrics text with timestamps, the input of <c>promtool tsdb create-blocks-from openmetrics</c>.</summary>
public static class OpenMetricsWriter
{
    /// <summary>Writes every non-NaN sample of <paramref name="series"/> (already normalized), grouped by metric family, ending with <c># EOF</c>.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<MetricSeries> series)
    {
        foreach (var family in series.GroupBy(s => s.Name, StringComparer.Ordinal))
        {
            foreach (var s in family)
            {
                var head = SeriesText(s.Name, s.Labels);
                for (var i = 0; i < s.Count; i++)
                {
                    if (double.IsNaN(s.Values[i]))
                    {
                        continue;
                    }
                    writer.Write(head);
                    writer.Write(' ');
                    writer.Write(Number(s.Values[i]));
                    writer.Write(' ');
                    writer.Write(Number(s.Timestamps[i]));
                    writer.Write('\n');
                }
            }
        }
        writer.Write("# EOF\n");
    }

    /// <summary>The series in exposition form, <c>name{a="b"}</c>, label values escaped, labels sorted.</summary>
    public static string SeriesText(string name, IReadOnlyDictionary<string, string> labels)
    {
        if (labels.Count == 0)
        {
            return name;
        }
        var sb = new StringBuilder(name).Append('{');
        var first = true;
        foreach (var (k, v) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            if (!first)
            {
                sb.Append(',');
            }
            first = false;
            sb.Append(k).Append("=\"");
            foreach (var c in v)
            {
                sb.Append(c switch { '\\' => "\\\\", '"' => "\\\"", '\n' => "\\n", _ => c.ToString() });
            }
            sb.Append('"');
        }
        return sb.Append('}').ToString();
    }

    /// <summary>A number as Prometheus text formats accept it (round-trip precision, <c>+Inf</c>/<c>-Inf</c>).</summary>
    public static string Number(double v) =>
        double.IsPositiveInfinity(v) ? "+Inf" : double.IsNegativeInfinity(v) ? "-Inf" : v.ToString("R", CultureInfo.InvariantCulture);
}
