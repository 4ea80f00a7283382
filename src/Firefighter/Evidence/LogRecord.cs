namespace Firefighter.Evidence;

/// <summary>One log record (a line, or a line with its continuation such as a stack trace).</summary>
/// <param name="Timestamp">When it was written; null when the record carries no readable time.</param>
/// <param name="Level">Parsed level, <see cref="LogLevel.Unknown"/> when absent.</param>
/// <param name="Message">The message body without the header (timestamp, level, component).</param>
/// <param name="Entity">What wrote it (pod/container from the file name or fields), when known.</param>
/// <param name="Ref">Where it is: file and 1-based line.</param>
public sealed record LogRecord(DateTimeOffset? Timestamp, LogLevel Level, string Message, EntityRef? Entity, EvidenceRef Ref)
{
    /// <summary>Structured fields from JSON or logfmt records (empty for plain text).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = EmptyFields;

    internal static readonly IReadOnlyDictionary<string, string> EmptyFields = new Dictionary<string, string>();
}
