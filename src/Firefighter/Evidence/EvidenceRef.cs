namespace Firefighter.Evidence;

/// <summary>Where one piece of evidence came from: a file and line, an object and field, or a query and range.</summary>
/// <param name="Source">Bundle-relative file path, object path (<c>k8s/pods.json#Pod/production/api-1</c>) or URL.</param>
/// <param name="Line">1-based line number in <paramref name="Source"/>, when the evidence is a line.</param>
/// <param name="Field">Field path inside a structured object (<c>status.containerStatuses[0].lastState.terminated.reason</c>), or a query.</param>
/// <param name="Excerpt">A short quote of the evidence as it appears in the source.</param>
public sealed record EvidenceRef(string Source, int? Line = null, string? Field = null, string? Excerpt = null)
{
    /// <summary>The compact citation form: <c>file:line</c>, <c>file#field</c> or the source alone.</summary>
    public override string ToString() =>
        (Line, Field) switch
        {
            (not null, null) => $"{Source}:{Line}",
            (not null, not null) => $"{Source}:{Line} {Field}",
            (null, not null) => $"{Source} {Field}",
            _ => Source,
        };
}
