using Firefighter.Evidence;

namespace Firefighter.Logs;

/// <summary>One message template found by <see cref="TemplateMiner"/>, with how often and when it occurred.</summary>
public sealed class MinedTemplate
{
    /// <summary>Stable id within one mining result (<c>E1</c>, <c>E2</c>... in order of first occurrence).</summary>
    public required string Id { get; init; }

    /// <summary>The template in the normalised <c>&lt;*&gt;</c> style.</summary>
    public required string Text { get; init; }

    /// <summary>How many records it matched.</summary>
    public long Count { get; set; }

    /// <summary>The most frequent level of its records.</summary>
    public LogLevel Level { get; set; }

    /// <summary>Records per level, indexed by <see cref="LogLevel"/>.</summary>
    public long[] LevelCounts { get; init; } = new long[7];

    /// <summary>Earliest record time, when known.</summary>
    public DateTimeOffset? FirstSeen { get; set; }

    /// <summary>Latest record time, when known.</summary>
    public DateTimeOffset? LastSeen { get; set; }

    /// <summary>The first message that matched.</summary>
    public string Sample { get; set; } = "";

    /// <summary>Ordinal of the first record that matched (for ordering).</summary>
    public long FirstIndex { get; set; }

    /// <summary>How many records of it were at error level or worse.</summary>
    public long ErrorCount => LevelCounts[(int)LogLevel.Error] + LevelCounts[(int)LogLevel.Fatal];
}
