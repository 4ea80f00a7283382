using Firefighter.Evidence;

namespace Firefighter.Metrics;

/// <summary>Screening results grouped by entity (pod, service, node).</summary>
/// <param name="Entity">The entity.</param>
/// <param name="Score">Its best series score.</param>
/// <param name="FirstMove">Earliest first move among its significant series (Unix seconds), or NaN.</param>
/// <param name="Series">Its series, best first.</param>
public sealed record ScreenedEntity(EntityRef Entity, double Score, double FirstMove, IReadOnlyList<ScreenedSeries> Series);
