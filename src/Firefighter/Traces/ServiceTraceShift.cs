using Firefighter.Evidence;

namespace Firefighter.Traces;

/// <summary>How one service's spans changed at a split time: its own processing time, the wire delay on calls into it, and what it calls.</summary>
/// <param name="Service">The service.</param>
/// <param name="ProcessingZ">Strongest excess of slow spans over the baseline among its operations (self time, children excluded), in binomial z units; 0 when none.</param>
/// <param name="ProcessingRatio">That operation's median self time after the split over its baseline median (1 = unchanged).</param>
/// <param name="ProcessingOperation">That operation, or null.</param>
/// <param name="DelayZ">Strongest excess of slow calls into the service on one caller → service edge (caller span minus the service's span: the wire and its queue), in binomial z units.</param>
/// <param name="DelayMs">That edge's median excess wire time after the split, in milliseconds.</param>
/// <param name="DelayedCallers">Callers whose calls into the service got slower on the wire.</param>
/// <param name="Callers">Callers seen calling it after the split.</param>
/// <param name="DelayedCallees">Services this one calls whose wire time grew: many of them point at its own network.</param>
/// <param name="First">First slow span or call after the split.</param>
/// <param name="Samples">Slow spans, for citations.</param>
public sealed record ServiceTraceShift(string Service, double ProcessingZ, double ProcessingRatio, string? ProcessingOperation, double DelayZ, double DelayMs,
    int DelayedCallers, int Callers, int DelayedCallees, DateTimeOffset? First, IReadOnlyList<Span> Samples);
