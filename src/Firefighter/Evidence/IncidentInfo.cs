namespace Firefighter.Evidence;

/// <summary>What the user said about the incident (incident.yaml): all optional.</summary>
public sealed record IncidentInfo
{
    /// <summary>Title as the user wrote it.</summary>
    public string? Title { get; init; }

    /// <summary>Start of the window to investigate.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>End of the window to investigate.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>The service(s) in question.</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Default namespace for entities that do not name one.</summary>
    public string? Namespace { get; init; }

    /// <summary>Free-form notes.</summary>
    public string? Notes { get; init; }

    /// <summary>The time the evidence was captured (analyses run "as of" this time); null = latest evidence time.</summary>
    public DateTimeOffset? CapturedAt { get; init; }
}
