using Firefighter.Evidence;

namespace Firefighter.Metrics;

/// <summary>How one metric of one service moved at a split time, against its own short baseline and against the same metric of its peers.</summary>
/// <param name="Service">The service (its pods' series combined: the pod that moved most).</param>
/// <param name="Metric">The metric name.</param>
/// <param name="Kind">What it measures, from its name: <c>cpu</c>, <c>memory</c>, <c>latency</c>, <c>errors</c>, <c>traffic</c> or <c>other</c>.</param>
/// <param name="Z">Robust z of the median after the split against the pod's own baseline (signed: up is positive).</param>
/// <param name="PeerZ">How far |<paramref name="Z"/>| stands out from the same metric's |z| in the other services (robust z over services); 0
/// when fewer than three services have the metric, so a series with no peers can never stand out.</param>
/// <param name="First">When it first moved beyond its noise (two samples in a row), or null.</param>
/// <param name="Ref">The series, for citation.</param>
public sealed record ServiceMetricShift(string Service, string Metric, string Kind, double Z, double PeerZ, DateTimeOffset? First, EvidenceRef Ref);
