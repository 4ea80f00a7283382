namespace Firefighter.Sources.Prometheus;

/// <summary>One metadata entry of a metric name as <c>/api/v1/metadata</c> reports it (targets may disagree, so a name can have several).</summary>
/// <param name="Type">counter, gauge, histogram, summary, gaugehistogram, info, stateset or unknown.</param>
/// <param name="Help">The HELP text.</param>
/// <param name="Unit">The OpenMetrics unit, or empty.</param>
public sealed record MetricMetadata(string Type, string Help, string Unit);
