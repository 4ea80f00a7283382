namespace Firefighter.Bench.Metrics.Nab;

/// <summary>A NAB application profile's cost weights.</summary>
public sealed record NabProfile(string Name, double TpWeight, double FpWeight, double FnWeight)
{
    /// <summary>The three NAB profiles (config/profiles.json values).</summary>
    public static IReadOnlyList<NabProfile> All { get; } =
    [
        new("standard", 1.0, 0.11, 1.0),
        new("reward_low_FP_rate", 1.0, 0.22, 1.0),
        new("reward_low_FN_rate", 1.0, 0.11, 2.0),
    ];
}
