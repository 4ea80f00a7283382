using Firefighter.Analysis;
using static Firefighter.Analysis.FindingSeverity;

namespace Firefighter.Changes;

/// <summary>The <c>change.*</c> finding kinds: one per change event, Start = the change time.</summary>
public static class ChangeFindingKinds
{
    private static readonly FindingKindList List = new();

    private static readonly string[] Attributes = ["changeKind", "version", "previousVersion", "author", "description"];

    /// <summary>Every kind defined here, in definition order.</summary>
    public static IReadOnlyList<FindingKind> All => List.All;

    /// <summary>A deploy or release.</summary>
    public static readonly FindingKind Deploy = List.Define("change.deploy", Info, "A deploy, release or rollout of a new version.", Attributes);

    /// <summary>A configuration change.</summary>
    public static readonly FindingKind Config = List.Define("change.config", Info, "A configuration, ConfigMap or Secret change.", Attributes);

    /// <summary>A rollback.</summary>
    public static readonly FindingKind Rollback = List.Define("change.rollback", Info, "A rollback to an earlier version.", Attributes);

    /// <summary>A scaling change.</summary>
    public static readonly FindingKind Scale = List.Define("change.scale", Info, "A change of replica count or resources.", Attributes);

    /// <summary>A feature flag change.</summary>
    public static readonly FindingKind Flag = List.Define("change.flag", Info, "A feature flag turned on or off.", Attributes);

    /// <summary>Any other change.</summary>
    public static readonly FindingKind Other = List.Define("change.other", Info, "Any other recorded change; changeKind keeps what the record called it.", Attributes);
}
