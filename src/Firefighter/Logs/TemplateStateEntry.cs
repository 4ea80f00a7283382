namespace Firefighter.Logs;

/// <summary>One template as saved in a miner state file (plain JSON).</summary>
public sealed record TemplateStateEntry
{
    /// <summary>Template id within the state.</summary>
    public string Id { get; init; } = "";

    /// <summary>The template text.</summary>
    public string Template { get; init; } = "";

    /// <summary>Records matched.</summary>
    public long Count { get; init; }

    /// <summary>Dominant level name (Info, Error...).</summary>
    public string Level { get; init; } = "Unknown";

    /// <summary>Records at error level or worse.</summary>
    public long Errors { get; init; }

    /// <summary>First record time.</summary>
    public DateTimeOffset? FirstSeen { get; init; }

    /// <summary>Last record time.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>A sample message.</summary>
    public string Sample { get; init; } = "";
}
