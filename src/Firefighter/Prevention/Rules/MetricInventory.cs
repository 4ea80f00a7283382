using Firefighter.Evidence;

namespace Firefighter.Prevention.Rules;

/// <summary>The metric names and label sets present in an evidence set: what generated alert rules may read.</summary>
public sealed class MetricInventory
{
    private readonly Dictionary<string, List<MetricSeries>> _byName = new(StringComparer.Ordinal);

    /// <summary>Indexes <paramref name="series"/> by metric name.</summary>
    public MetricInventory(IEnumerable<MetricSeries> series)
    {
        foreach (var s in series)
        {
            if (!_byName.TryGetValue(s.Name, out var list))
            {
                _byName[s.Name] = list = [];
            }
            list.Add(s);
        }
    }

    /// <summary>Every metric name present, sorted.</summary>
    public IReadOnlyList<string> Names => [.. _byName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>True when at least one series of <paramref name="name"/> is present.</summary>
    public bool Has(string name) => _byName.ContainsKey(name);

    /// <summary>The series of <paramref name="name"/>, empty when absent.</summary>
    public IReadOnlyList<MetricSeries> Series(string name) => _byName.TryGetValue(name, out var l) ? l : [];

    /// <summary>True when some series of <paramref name="name"/> carries <paramref name="label"/>.</summary>
    public bool HasLabel(string name, string label) => Series(name).Any(s => s.Labels.ContainsKey(label));

    /// <summary>The distinct values of <paramref name="label"/> on <paramref name="name"/>'s series, sorted.</summary>
    public IReadOnlyList<string> LabelValues(string name, string label) =>
        [.. Series(name).Select(s => s.Label(label)).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    /// <summary>True when every metric an expression reads is present.</summary>
    public bool HasAll(string expr) => PromQlNames.MetricsIn(expr).All(Has);

    /// <summary>The metrics an expression reads that are absent.</summary>
    public IReadOnlyList<string> Missing(string expr) => [.. PromQlNames.MetricsIn(expr).Where(n => !Has(n))];
}
