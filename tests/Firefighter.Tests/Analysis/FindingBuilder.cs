using Firefighter.Evidence;
using Firefighter.Analysis;

namespace Firefighter.Tests.Analysis;

/// <summary>Small helpers to write findings in tests.</summary>
internal static class FindingBuilder
{
    public static readonly DateTimeOffset T0 = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);

    public static Finding F(string kind, EntityRef entity, double minutes, FindingSeverity severity = FindingSeverity.Critical, double strength = 0.8, params (string Key, string Value)[] attrs) =>
        new(kind, $"{kind} on {entity.Name}", entity, T0.AddMinutes(minutes), null, strength, [new EvidenceRef($"test/{kind}", 1)])
        {
            Severity = severity,
            Attributes = attrs.ToDictionary(a => a.Key, a => a.Value),
        };

    public static EntityRef Pod(string name, string ns = "production") => new("Pod", ns, name);
}
