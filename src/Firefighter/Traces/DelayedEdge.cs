namespace Firefighter.Traces;

/// <summary>A caller → callee edge whose wire time (the caller's client span minus the callee's span) grew at a split time.</summary>
/// <param name="Caller">The calling service.</param>
/// <param name="Callee">The called service.</param>
/// <param name="Z">Excess of slow calls over the baseline, binomial z units.</param>
/// <param name="Ms">Median excess wire time after the split, milliseconds.</param>
/// <param name="Calls">Calls after the split.</param>
public sealed record DelayedEdge(string Caller, string Callee, double Z, double Ms, int Calls);
