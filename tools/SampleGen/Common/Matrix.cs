using System.Text;
using System.Text.Json.Nodes;

namespace Firefighter.SampleGen.Common;

/// <summary>Collects series and renders a Prometheus /api/v1/query_range matrix response (or long-form CSV).</summary>
public sealed class Matrix
{
    private readonly List<(SortedDictionary<string, string> Labels, List<(long Ts, string Value)> Points)> _series = [];

    /// <summary>Adds one series; null values are gaps (no sample, as when a container does not exist).</summary>
    public void Add(IReadOnlyDictionary<string, string> labels, IEnumerable<(long Ts, string? Value)> points)
    {
        var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in labels)
        {
            sorted[kv.Key] = kv.Value;
        }
        var list = points.Where(p => p.Value is not null).Select(p => (p.Ts, p.Value!)).ToList();
        if (list.Count > 0)
        {
            _series.Add((sorted, list));
        }
    }

    /// <summary>Sample timestamps from start to end inclusive at the given step.</summary>
    public static IEnumerable<long> Steps(DateTimeOffset start, DateTimeOffset end, int stepSeconds)
    {
        for (var t = start.ToUnixTimeSeconds(); t <= end.ToUnixTimeSeconds(); t += stepSeconds)
        {
            yield return t;
        }
    }

    /// <summary>The query_range response body (compact, as the HTTP API returns it).</summary>
    public JsonObject ToQueryRange()
    {
        var result = new JsonArray();
        foreach (var (labels, points) in _series)
        {
            var values = new JsonArray();
            foreach (var (ts, v) in points)
            {
                values.Add(new JsonArray(ts, v));
            }
            result.Add(new JsonObject { ["metric"] = Kube.Map(labels), ["values"] = values });
        }
        return new JsonObject
        {
            ["status"] = "success",
            ["data"] = new JsonObject { ["resultType"] = "matrix", ["result"] = result },
        };
    }

    /// <summary>Long-form CSV: timestamp (RFC 3339), series (PromQL selector notation), value.</summary>
    public string ToCsv(string metricName)
    {
        var sb = new StringBuilder("timestamp,series,value\n");
        var rows = new List<(long Ts, int Index, string Series, string Value)>();
        for (var i = 0; i < _series.Count; i++)
        {
            var (labels, points) = _series[i];
            var name = metricName + "{" + string.Join(",", labels.Select(kv => $"{kv.Key}=\"{kv.Value}\"")) + "}";
            foreach (var (ts, v) in points)
            {
                rows.Add((ts, i, name, v));
            }
        }
        foreach (var r in rows.OrderBy(r => r.Ts).ThenBy(r => r.Index))
        {
            sb.Append(Fmt.K8s(DateTimeOffset.FromUnixTimeSeconds(r.Ts))).Append(",\"").Append(r.Series.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\",").Append(r.Value).Append('\n');
        }
        return sb.ToString();
    }
}
