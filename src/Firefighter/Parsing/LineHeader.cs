using Firefighter.Evidence;

namespace Firefighter.Parsing;

/// <summary>The header of one log line as split by <see cref="LogLineParser"/>: ranges into the line, level and time.</summary>
/// <param name="Content">The message body.</param>
/// <param name="Level">The level, <see cref="LogLevel.Unknown"/> when absent.</param>
/// <param name="Time">The timestamp, when found and readable.</param>
/// <param name="Matched">False when a given format did not match (the whole line is then the content).</param>
public readonly record struct LineHeader(Range Content, LogLevel Level, DateTimeOffset? Time, bool Matched)
{
    /// <summary>What the timestamp left unsaid (no zone, no year), when there is one.</summary>
    public TimestampFlags TimeFlags { get; init; }
}
