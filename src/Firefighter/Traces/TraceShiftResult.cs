namespace Firefighter.Traces;

/// <summary>What <see cref="TraceShifts.Compute"/> found: per-service shifts and the delayed call edges.</summary>
/// <param name="Services">One shift per service with spans or calls after the split, by name.</param>
/// <param name="Delayed">Edges whose wire time grew, strongest first.</param>
public sealed record TraceShiftResult(IReadOnlyList<ServiceTraceShift> Services, IReadOnlyList<DelayedEdge> Delayed)
{
    /// <summary>Nothing after the split.</summary>
    public static TraceShiftResult Empty { get; } = new([], []);
}
