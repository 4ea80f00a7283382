namespace Firefighter.Evidence;

/// <summary>One time series: a metric name, its labels, and samples sorted by time.</summary>
/// <param name="Name">Metric name (<c>__name__</c>) or the query that produced it.</param>
/// <param name="Labels">Label set, without <c>__name__</c>.</param>
/// <param name="Timestamps">Sample times in Unix seconds, ascending, no duplicates.</param>
/// <param name="Values">Sample values (NaN allowed), same length as <paramref name="Timestamps"/>.</param>
/// <param name="Ref">The file or query it came from.</param>
public sealed record MetricSeries(string Name, IReadOnlyDictionary<string, string> Labels, double[] Timestamps, double[] Values, EvidenceRef Ref)
{
    /// <summary>The series in PromQL selector form: <c>name{a="b",c="d"}</c>, labels sorted.</summary>
    public string Id => Labels.Count == 0
        ? Name
        : Name + "{" + string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";

    /// <summary>The metric family's type as its source declared it (<c>counter</c>, <c>gauge</c>, <c>histogram</c>, <c>summary</c>, <c>untyped</c>,
    /// OpenMetrics <c>info</c>, <c>stateset</c>, <c>gaugehistogram</c>, <c>unknown</c>); null when the source did not say.</summary>
    public string? Type { get; init; }

    /// <summary>Number of samples.</summary>
    public int Count => Timestamps.Length;

    /// <summary>The label value, or null.</summary>
    public string? Label(string name) => Labels.TryGetValue(name, out var v) ? v : null;
}
