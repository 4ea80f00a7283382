namespace Firefighter.Analysis;

/// <summary>An ordered list of finding kinds a domain defines, built by its static catalogue class field by field.</summary>
public sealed class FindingKindList
{
    private readonly List<FindingKind> _kinds = [];

    /// <summary>The kinds, in definition order.</summary>
    public IReadOnlyList<FindingKind> All => _kinds;

    /// <summary>Defines a kind and returns it.</summary>
    public FindingKind Define(string code, FindingSeverity maxSeverity, string meaning, params string[] attributes)
    {
        var kind = new FindingKind(code, maxSeverity, meaning, attributes);
        _kinds.Add(kind);
        return kind;
    }
}
