using Firefighter.Evidence;
namespace Firefighter.Metrics;

/// <summary>The earliest significant change across a set of series.</summary>
/// <param name="Time">Unix seconds of the first sample at the new level.</param>
/// <param name="Series">The series that changed first.</param>
/// <param name="Change">Its change point.</param>
public sealed record Onset(double Time, MetricSeries Series, ChangePoint Change);
