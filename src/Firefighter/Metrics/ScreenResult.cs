namespace Firefighter.Metrics;

/// <summary>Output of <see cref="SeriesScreener.Screen"/>.</summary>
/// <param name="Onset">Onset used (Unix seconds), given or detected; NaN when none was found.</param>
/// <param name="Series">All screened series ranked by score, best first.</param>
/// <param name="Entities">Entities ranked by score, best first.</param>
/// <param name="FirstMover">The significant series that moved first, or null.</param>
public sealed record ScreenResult(double Onset, IReadOnlyList<ScreenedSeries> Series, IReadOnlyList<ScreenedEntity> Entities, ScreenedSeries? FirstMover);
