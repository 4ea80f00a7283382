using Firefighter.Analysis;
using static Firefighter.Analysis.FindingSeverity;

namespace Firefighter.Platform;

/// <summary>The <c>platform.*</c> finding kinds: the state of clustered middleware (message brokers, databases, coordination services) read
/// from the status its own tools print; the entity is the cluster, or the member at fault.</summary>
public static class PlatformFindingKinds
{
    private static readonly FindingKindList List = new();

    /// <summary>Every kind defined here, in definition order.</summary>
    public static IReadOnlyList<FindingKind> All => List.All;

    /// <summary>Members of a cluster cannot see each other.</summary>
    public static readonly FindingKind ClusterPartition = List.Define("platform.cluster.partition", Critical,
        "A clustered system reports a network partition: members that are running cannot reach others (split brain risk: each side may accept writes); reporter names who reports it, unreachable whom.",
        "product", "cluster", "reporter", "unreachable", "down", "members", "running");

    /// <summary>A cluster member is down.</summary>
    public static readonly FindingKind ClusterMemberDown = List.Define("platform.cluster.member_down", Critical,
        "A member of a clustered system is not running while the others are.",
        "product", "cluster", "member", "members", "running");

    /// <summary>A cluster member raised a resource alarm.</summary>
    public static readonly FindingKind ClusterResourceAlarm = List.Define("platform.cluster.resource_alarm", Critical,
        "A member of a clustered system raised a resource alarm (memory high watermark, free disk below its limit): it blocks publishers until it clears.",
        "product", "cluster", "member", "alarm", "used", "limit");
}
