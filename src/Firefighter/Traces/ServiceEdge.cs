namespace Firefighter.Traces;

/// <summary>Calls from one service to another seen in traces, with error count and callee latency percentiles.</summary>
/// <param name="Caller">Calling service.</param>
/// <param name="Callee">Called service (or the peer named by a client span when the callee is not traced).</param>
/// <param name="Calls">Number of calls.</param>
/// <param name="Errors">Calls that failed.</param>
/// <param name="P50Ms">Median call latency in milliseconds.</param>
/// <param name="P95Ms">95th percentile latency in milliseconds.</param>
/// <param name="P99Ms">99th percentile latency in milliseconds.</param>
/// <param name="Buckets">The same per time bucket, in time order.</param>
public sealed record ServiceEdge(string Caller, string Callee, int Calls, int Errors, double P50Ms, double P95Ms, double P99Ms, IReadOnlyList<ServiceEdgeBucket> Buckets)
{
    /// <summary>Errors over calls.</summary>
    public double ErrorRate => Calls == 0 ? 0 : (double)Errors / Calls;
}
