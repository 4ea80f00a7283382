using Firefighter.Evidence;
namespace Firefighter.Traces;

/// <summary>Where latency is added: self time on the critical path beyond the operation's own baseline, grouped by the service it is attributed to.</summary>
/// <param name="Service">The service the extra time is attributed to (the callee for time spent between a client span and its server span).</param>
/// <param name="Operation">The operation of the spans carrying the extra self time.</param>
/// <param name="Fault">slow_processing (self time inside the service: CPU saturation, contention), network_delay (the gap between caller and callee) or slow_dependency (an untraced peer).</param>
/// <param name="Edge">caller->callee for network_delay and slow_dependency, else null.</param>
/// <param name="Count">Spans with abnormal critical-path self time after the onset.</param>
/// <param name="ExcessMs">Total critical-path self time above the baseline median, in milliseconds.</param>
/// <param name="BaselineSelfMs">Baseline median self time, in milliseconds.</param>
/// <param name="ObservedSelfMs">Median self time of the abnormal spans, in milliseconds.</param>
/// <param name="First">The first such span's start.</param>
/// <param name="Samples">Some spans, for citations.</param>
public sealed record LatencyOrigin(string Service, string Operation, string Fault, string? Edge, int Count, double ExcessMs, double BaselineSelfMs, double ObservedSelfMs, DateTimeOffset First, IReadOnlyList<Span> Samples);
