namespace Firefighter.Evidence;

/// <summary>Something that could not be read or used, said plainly: the file, the line, and why.</summary>
public sealed record EvidenceWarning(string Source, int? Line, string Message)
{
    /// <summary>One line: <c>file:line: message</c>.</summary>
    public override string ToString() => Line is null ? $"{Source}: {Message}" : $"{Source}:{Line}: {Message}";
}
