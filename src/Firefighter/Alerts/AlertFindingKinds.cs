using Firefighter.Analysis;
using static Firefighter.Analysis.FindingSeverity;

namespace Firefighter.Alerts;

/// <summary>The <c>alert.*</c> finding kinds.</summary>
public static class AlertFindingKinds
{
    private static readonly FindingKindList List = new();

    /// <summary>Every kind defined here, in definition order.</summary>
    public static IReadOnlyList<FindingKind> All => List.All;

    /// <summary>An alert that fired (or resolved), with its labels as attributes.</summary>
    public static readonly FindingKind Firing = List.Define("alert.firing", Critical,
        "An Alertmanager alert that fired (status resolved once it ended); every label is an attribute.",
        "alertname", "status", FindingKind.AnyAttribute);
}
