namespace Firefighter.Evidence;

/// <summary>Something that could not be read or used, said plainly: the file, the line, and why.</summary>
public sealed record EvidenceWarning(string Source, int? Line, string Message)
{
    /// <summary>How many evidence records (lines, objects, samples, spans...) this warning stands for that were dropped; 0 when nothing was lost.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public int Dropped { get; init; }

    /// <summary>One line: <c>file:line: message</c>.</summary>
    public override string ToString() => Line is null ? $"{Source}: {Message}" : $"{Source}:{Line}: {Message}";
}
