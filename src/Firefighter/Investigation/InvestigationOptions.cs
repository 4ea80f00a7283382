namespace Firefighter.Investigation;

/// <summary>What to run and as of when.</summary>
public sealed record InvestigationOptions
{
    /// <summary>Analyzer names or prefixes to run; empty runs all.</summary>
    public IReadOnlyList<string> Analyzers { get; init; } = [];

    /// <summary>The "as of" time; null = the bundle's capture time, else the latest evidence time, else the clock.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Minimum confidence for a hypothesis to be called the root cause.</summary>
    public double SupportThreshold { get; init; } = 0.5;
}
