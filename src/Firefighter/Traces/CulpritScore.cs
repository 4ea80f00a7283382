using Firefighter.Evidence;
namespace Firefighter.Traces;

/// <summary>One service's place in the trace culprit ranking.</summary>
/// <param name="Service">Service.</param>
/// <param name="Rank">1 = most likely culprit.</param>
/// <param name="Score">Share of the total score, 0..1 (scores of all ranked services sum to 1).</param>
/// <param name="ErrorShare">The service's share of excess error origins.</param>
/// <param name="LatencyShare">The service's share of excess critical-path self time.</param>
/// <param name="Jaccard">Overlap of the abnormal traces with the traces where this service is an origin (the TraceRCA idea).</param>
/// <param name="VictimDiscount">Factor (0..1] applied because a downstream anomalous service explains this one's anomalies; 1 = none.</param>
/// <param name="Fault">The dominant fault kind (see <see cref="ErrorOrigin.Fault"/> and <see cref="LatencyOrigin.Fault"/>).</param>
/// <param name="AbnormalTraces">Abnormal traces in which this service is an origin.</param>
/// <param name="FirstAnomaly">When this service first originated an anomaly after the onset.</param>
/// <param name="Operation">The operation contributing most.</param>
/// <param name="Samples">Some spans, for citations.</param>
public sealed record CulpritScore(string Service, int Rank, double Score, double ErrorShare, double LatencyShare, double Jaccard, double VictimDiscount, string Fault, int AbnormalTraces, DateTimeOffset? FirstAnomaly, string? Operation, IReadOnlyList<Span> Samples);
