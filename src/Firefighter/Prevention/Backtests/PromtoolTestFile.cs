using System.Globalization;
using System.Text;
using Firefighter.Prevention.Rules;

namespace Firefighter.Prevention.Backtests;

/// <summary>Writes <c>promtool test rules</c> files (Prometheus 2.42 fields only: no <c>start_timestamp</c>, no <c>fuzzy_compare</c>).</summary>
public static class PromtoolTestFile
{
    /// <summary>The test file: <paramref name="ruleFile"/> (relative to the test file) evaluated over <paramref name="grid"/>'s series, with <paramref name="checks"/>.</summary>
    public static string Write(string ruleFile, SeriesGrid grid, IReadOnlyList<AlertCheck> checks, IEnumerable<string>? header = null)
    {
        var interval = PromDuration.Format(TimeSpan.FromSeconds(grid.Step));
        var sb = new StringBuilder();
        foreach (var h in header ?? [])
        {
            sb.Append("# ").Append(h).Append('\n');
        }
        sb.Append("rule_files:\n  - ").Append(RuleFileYaml.Quote(ruleFile)).Append('\n');
        sb.Append("evaluation_interval: ").Append(interval).Append("\n\n");
        sb.Append("tests:\n  - name: ").Append(RuleFileYaml.Quote("incident backtest")).Append('\n');
        sb.Append("    interval: ").Append(interval).Append('\n');
        sb.Append("    input_series:\n");
        for (var i = 0; i < grid.Series.Count; i++)
        {
            var s = grid.Series[i];
            sb.Append("      - series: ").Append(RuleFileYaml.Quote(OpenMetricsWriter.SeriesText(s.Name, s.Labels))).Append('\n');
            sb.Append("        values: ").Append(RuleFileYaml.Quote(Expand(grid.Values[i]))).Append('\n');
        }
        sb.Append("    alert_rule_test:\n");
        foreach (var c in checks)
        {
            sb.Append("      - eval_time: ").Append(PromDuration.Format(TimeSpan.FromSeconds(c.EvalSeconds))).Append('\n');
            sb.Append("        alertname: ").Append(RuleFileYaml.Quote(c.Alert)).Append('\n');
            if (c.Expected.Count == 0)
            {
                sb.Append("        exp_alerts: []\n");
                continue;
            }
            sb.Append("        exp_alerts:\n");
            foreach (var e in c.Expected)
            {
                sb.Append("          - exp_labels:");
                AppendMap(sb, e.Labels);
                if (e.Annotations.Count > 0)
                {
                    sb.Append("            exp_annotations:");
                    AppendMap(sb, e.Annotations);
                }
            }
        }
        return sb.ToString();
    }

    /// <summary>Values in promtool's expanding notation: <c>_</c> for a missing sample, <c>vxN</c> for N+1 equal values, <c>a+dxN</c> for exact arithmetic runs.</summary>
    public static string Expand(IReadOnlyList<double?> values)
    {
        var parts = new List<string>();
        var i = 0;
        while (i < values.Count)
        {
            if (values[i] is not { } a)
            {
                parts.Add("_");
                i++;
                continue;
            }
            // promtool builds a+dxN by repeated addition, so a run is compressed only when repeated addition reproduces every value bit for bit.
            var run = 1;
            if (i + 1 < values.Count && values[i + 1] is { } b)
            {
                var d = b - a;
                var cur = a;
                while (i + run < values.Count && values[i + run] is { } next && (cur + d).Equals(next))
                {
                    cur += d;
                    run++;
                }
                if (run >= 3 || (run == 2 && d == 0))
                {
                    var n = (run - 1).ToString(CultureInfo.InvariantCulture);
                    parts.Add(d == 0 ? $"{Num(a)}x{n}" : d > 0 ? $"{Num(a)}+{Num(d)}x{n}" : $"{Num(a)}-{Num(-d)}x{n}");
                    i += run;
                    continue;
                }
            }
            parts.Add(Num(a));
            i++;
        }
        return string.Join(' ', parts);
    }

    private static string Num(double v) => OpenMetricsWriter.Number(v);

    private static void AppendMap(StringBuilder sb, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            sb.Append(" {}\n");
            return;
        }
        sb.Append('\n');
        foreach (var (k, v) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append("              ").Append(k).Append(": ").Append(RuleFileYaml.Quote(v)).Append('\n');
        }
    }
}
