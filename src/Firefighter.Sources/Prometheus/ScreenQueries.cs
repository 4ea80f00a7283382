using Firefighter.Evidence;
using Firefighter.Reports;

namespace Firefighter.Sources.Prometheus;

/// <summary>Fetches the series <c>ff metrics screen --prometheus</c> screens: each query over the range, counters pushed down as <c>rate()</c>.</summary>
public static class ScreenQueries
{
    /// <summary>Smallest step of a screening range query: finer than a typical scrape interval adds points, not information.</summary>
    public static readonly TimeSpan MinStep = TimeSpan.FromSeconds(15);

    /// <summary>Runs every query from <paramref name="end"/> − <paramref name="range"/> to <paramref name="end"/>; throws <see cref="PrometheusException"/> on a failed query.</summary>
    public static async Task<(List<MetricSeries> Series, List<QueryPushdown> Pushdowns)> FetchAsync(
        PrometheusClient client, IReadOnlyList<string> queries, DateTimeOffset end, TimeSpan range, CancellationToken cancellationToken)
    {
        var series = new List<MetricSeries>();
        var pushdowns = new List<QueryPushdown>();
        var step = TimeSpan.FromTicks(Math.Max(PrometheusClient.ChooseStep(end - range, end, new PrometheusClientOptions().MaxPoints).Ticks, MinStep.Ticks));
        foreach (var q in queries)
        {
            // Counters are pushed down as rate() so the server sends rates, not raw counters the screener would difference itself.
            var (sent, reason) = await CounterPushdown.RewriteAsync(client, q, step, cancellationToken);
            if (reason is not null)
            {
                pushdowns.Add(new QueryPushdown(q, sent, reason));
            }
            series.AddRange(await client.QueryRangeAsync(sent, end - range, end, step, cancellationToken));
        }
        return (series, pushdowns);
    }
}
