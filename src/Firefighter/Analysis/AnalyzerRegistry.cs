namespace Firefighter.Analysis;

/// <summary>Analyzers by name; the built-in set is <c>Investigation.BuiltIn.Analyzers</c> (found at build time, so a new analyzer is one new file).</summary>
public sealed class AnalyzerRegistry
{
    private readonly Dictionary<string, IAnalyzer> _byName;

    /// <summary>Creates a registry from the given analyzers.</summary>
    public AnalyzerRegistry(IEnumerable<IAnalyzer> analyzers)
    {
        _byName = analyzers.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>All names, sorted.</summary>
    public IReadOnlyList<string> Names => _byName.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>All analyzers, by name order.</summary>
    public IReadOnlyList<IAnalyzer> All => Names.Select(n => _byName[n]).ToList();

    /// <summary>Selects analyzers by name or prefix (<c>k8s</c> selects <c>k8s.pods</c>, <c>k8s.workloads</c>...); unknown names are returned separately.</summary>
    public (IReadOnlyList<IAnalyzer> Selected, IReadOnlyList<string> Unknown) Select(IEnumerable<string> names)
    {
        var selected = new List<IAnalyzer>();
        var unknown = new List<string>();
        foreach (var n in names)
        {
            var hits = All.Where(a => a.Name.Equals(n, StringComparison.OrdinalIgnoreCase)
                                   || a.Name.StartsWith(n + ".", StringComparison.OrdinalIgnoreCase)).ToList();
            if (hits.Count == 0)
            {
                unknown.Add(n);
            }
            selected.AddRange(hits.Where(h => !selected.Contains(h)));
        }
        return (selected, unknown);
    }
}
