namespace Firefighter.Traces;

/// <summary>Calls on one edge of the service graph within one time bucket.</summary>
/// <param name="Start">Bucket start.</param>
/// <param name="Calls">Calls that started in the bucket.</param>
/// <param name="Errors">Of which failed.</param>
/// <param name="P50Ms">Median latency in milliseconds.</param>
/// <param name="P95Ms">95th percentile latency in milliseconds.</param>
public sealed record ServiceEdgeBucket(DateTimeOffset Start, int Calls, int Errors, double P50Ms, double P95Ms);
