namespace Firefighter.Analysis;

/// <summary>One entry of the finding-kind catalogue: the code analyzers emit and signatures match, what it means, how severe it can be, and the attributes it carries.</summary>
/// <param name="Code">Dotted code (<c>k8s.container.oomkilled</c>).</param>
/// <param name="MaxSeverity">The highest severity a finding of this kind is emitted with.</param>
/// <param name="Meaning">One sentence: what was established.</param>
/// <param name="Attributes">The attribute keys a finding of this kind may carry (<c>namespace</c> is implied for namespaced entities).</param>
public sealed record FindingKind(string Code, FindingSeverity MaxSeverity, string Meaning, IReadOnlyList<string> Attributes)
{
    /// <summary>In <see cref="Attributes"/>: the kind also carries attributes named by the evidence (an alert's labels).</summary>
    public const string AnyAttribute = "*";

    /// <summary>The part before the first dot (<c>k8s</c>, <c>logs</c>, <c>metrics</c>...).</summary>
    public string Domain => Code[..Math.Max(0, Code.IndexOf('.', StringComparison.Ordinal))];

    /// <summary>The code, so a kind can stand where a kind string is expected.</summary>
    public static implicit operator string(FindingKind kind) => kind.Code;

    /// <inheritdoc />
    public override string ToString() => Code;
}
