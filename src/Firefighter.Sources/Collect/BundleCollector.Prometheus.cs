using System.Globalization;
using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Sources.Prometheus;

namespace Firefighter.Sources.Collect;

public sealed partial class BundleCollector
{
    /// <summary>A series family the analyzers read: the selector (with <c>{ns}</c> for the namespace matcher) and whether a counter is pushed down as <c>rate()</c>.</summary>
    /// <remarks>Restart counters stay raw: they are small step counts that the analyzers difference themselves and the alert recipes name.
    /// Raw families are read as stored (a range selector at the window's end), not resampled by query_range, so a restarted container's
    /// gap stays a gap instead of being filled with its last value for the 5-minute lookback.</remarks>
    private static readonly (string Metric, string Selector, bool Pushdown)[] Families =
    [
        ("container_memory_working_set_bytes", "container_memory_working_set_bytes{{ns}container!=\"\",container!=\"POD\"}", false),
        ("container_cpu_usage_seconds_total", "container_cpu_usage_seconds_total{{ns}container!=\"\",container!=\"POD\"}", true),
        ("kube_pod_container_status_restarts_total", "kube_pod_container_status_restarts_total{{ns}}", false),
        ("kube_pod_container_resource_limits", "kube_pod_container_resource_limits{{ns}resource=\"memory\"}", false),
        ("http_requests_total", "http_requests_total{{ns}}", true),
        ("http_server_requests_seconds_count", "http_server_requests_seconds_count{{ns}}", true),
    ];

    private async Task CollectPrometheusAsync(Uri url, AlertScope? scope, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        using var client = new PrometheusClient(url, _options.PrometheusOptions, time: _time);
        var step = TimeSpan.FromTicks(Math.Max(PrometheusClient.ChooseStep(start, end, _options.PrometheusOptions.MaxPoints).Ticks, ScreenQueries.MinStep.Ticks));
        var ns = Namespace is null ? "" : $"namespace=\"{Namespace.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\",";
        var queries = new List<(string File, string Query, bool Pushdown, string? Name)>();
        foreach (var (metric, selector, pushdown) in Families)
        {
            queries.Add((metric, selector.Replace("{ns}", ns, StringComparison.Ordinal).Replace(",}", "}", StringComparison.Ordinal), pushdown, null));
        }
        foreach (var (alert, expr) in scope?.Expressions ?? [])
        {
            queries.Add(("alert_" + alert, expr, false, "alert:" + alert));
        }
        foreach (var q in _options.Queries)
        {
            queries.Add(("query_" + Safe(q), q, true, null));
        }
        _progress($"prometheus: {queries.Count} range queries at {url} (step {step.TotalSeconds:0}s)");
        foreach (var (file, query, pushdown, name) in queries)
        {
            var sent = query;
            string? why = null;
            try
            {
                if (pushdown)
                {
                    (sent, why) = await CounterPushdown.RewriteAsync(client, query, step, ct).ConfigureAwait(false);
                }
                IReadOnlyList<MetricSeries> series;
                string what;
                if (!pushdown && name is null)
                {
                    var raw = $"{query}[{(long)Math.Ceiling((end - start).TotalSeconds)}s]";
                    series = await client.QueryAsync(raw, end, ct).ConfigureAwait(false);
                    what = $"query {raw} at {Iso(end)} (raw samples)";
                }
                else
                {
                    series = await client.QueryRangeAsync(sent, start, end, step, ct).ConfigureAwait(false);
                    what = $"query_range {sent} [{Iso(start)}, {Iso(end)}] step {step.TotalSeconds:0}s" + (why is null ? "" : $" ({why})");
                }
                if (series.Count == 0)
                {
                    Record("prometheus", what, null, "empty", 0, null);
                    continue;
                }
                var kept = series.Take(_options.MaxSeriesPerQuery).ToList();
                // A rate keeps the family name with a ':rate' suffix (recording-rule style), so it is not read as a raw counter again.
                var seriesName = name ?? (sent != query ? file + ":rate" : null);
                WriteText($"metrics/{Safe(file)}{(sent != query ? ".rate" : "")}.json", QueryRangeJson(kept, seriesName), "prometheus", what, kept.Count,
                    kept.Count < series.Count ? "truncated" : "ok", kept.Count < series.Count ? $"{series.Count - kept.Count} series beyond the cap of {_options.MaxSeriesPerQuery} left out" : null);
            }
            catch (PrometheusException e)
            {
                Record("prometheus", $"query_range {sent}", null, "failed", 0, e.Message);
                if (e.ErrorType is "transport" or "timeout" or "unauthorized")
                {
                    Record("prometheus", "remaining queries", null, "skipped", 0, "the server is unreachable or refuses the credentials");
                    return;
                }
            }
        }
    }

    /// <summary>Series back as a Prometheus <c>query_range</c> answer, the form the bundle's metrics/ reader takes.</summary>
    private static string QueryRangeJson(IEnumerable<MetricSeries> series, string? name)
    {
        var result = new JsonArray();
        foreach (var s in series)
        {
            var metric = new JsonObject();
            var seriesName = name ?? (s.Name.Contains('(', StringComparison.Ordinal) ? null : s.Name);
            if (seriesName is not null)
            {
                metric["__name__"] = seriesName;
            }
            foreach (var (k, v) in s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                metric[k] = v;
            }
            var values = new JsonArray();
            for (var i = 0; i < s.Count; i++)
            {
                if (double.IsFinite(s.Values[i]) || double.IsNaN(s.Values[i]))
                {
                    values.Add(new JsonArray(s.Timestamps[i], PrometheusValue(s.Values[i])));
                }
            }
            result.Add(new JsonObject { ["metric"] = metric, ["values"] = values });
        }
        return new JsonObject { ["status"] = "success", ["data"] = new JsonObject { ["resultType"] = "matrix", ["result"] = result } }.ToJsonString();
    }

    private static string PrometheusValue(double v) => double.IsNaN(v) ? "NaN" : v.ToString("R", CultureInfo.InvariantCulture);
}
