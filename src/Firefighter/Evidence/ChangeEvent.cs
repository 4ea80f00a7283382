namespace Firefighter.Evidence;

/// <summary>A change to the system: a deploy, config change, rollback, scaling, feature flag, infrastructure change.</summary>
/// <param name="Time">When it happened.</param>
/// <param name="Kind">deploy, config, rollback, scale, flag, infra, migration, or the source's own word.</param>
/// <param name="Target">What changed (deployment, service, configmap...).</param>
/// <param name="Version">New version or revision, when known.</param>
/// <param name="PreviousVersion">The version it replaced, when known.</param>
/// <param name="Author">Who made it, when known.</param>
/// <param name="Description">Free text.</param>
/// <param name="Ref">Where it was read.</param>
public sealed record ChangeEvent(DateTimeOffset Time, string Kind, EntityRef Target, string? Version, string? PreviousVersion, string? Author, string? Description, EvidenceRef Ref);
