using Firefighter.Evidence;

namespace Firefighter.Prevention.Backtests;

/// <summary>Evaluates a PromQL expression over a time range (a Prometheus <c>/api/v1/query_range</c>).</summary>
public interface IRangeQuerier
{
    /// <summary>Evaluates <paramref name="expr"/> at <c>startUnix, startUnix+stepSeconds, ... endUnix</c> (Unix seconds); returns the result series, or an error message.</summary>
    Task<(IReadOnlyList<MetricSeries> Series, string? Error)> QueryRangeAsync(string expr, long startUnix, long endUnix, long stepSeconds, CancellationToken cancellationToken);
}
