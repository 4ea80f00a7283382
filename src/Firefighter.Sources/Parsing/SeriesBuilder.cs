using Firefighter.Evidence;

namespace Firefighter.Sources.Parsing;

/// <summary>Collects samples of one series in any order and builds a <see cref="MetricSeries"/> sorted by time with duplicate timestamps removed (last wins).</summary>
internal sealed class SeriesBuilder(string name, IReadOnlyDictionary<string, string> labels, EvidenceRef reference)
{
    private readonly List<(double T, double V)> _samples = [];

    public string Name => name;

    public EvidenceRef Ref => reference;

    public void Add(double t, double v) => _samples.Add((t, v));

    /// <summary>Builds the series; <paramref name="duplicates"/> is how many samples were dropped for repeating a timestamp.</summary>
    public MetricSeries Build(out int duplicates)
    {
        // A stable sort keeps file order among equal timestamps, so "last wins" means last in the file.
        var indexed = new (double T, double V, int I)[_samples.Count];
        for (var i = 0; i < indexed.Length; i++)
        {
            indexed[i] = (_samples[i].T, _samples[i].V, i);
        }
        Array.Sort(indexed, static (a, b) => a.T != b.T ? a.T.CompareTo(b.T) : a.I.CompareTo(b.I));
        var ts = new List<double>(indexed.Length);
        var vs = new List<double>(indexed.Length);
        duplicates = 0;
        foreach (var (t, v, _) in indexed)
        {
            if (ts.Count > 0 && ts[^1] == t)
            {
                vs[^1] = v;
                duplicates++;
                continue;
            }
            ts.Add(t);
            vs.Add(v);
        }
        return new MetricSeries(name, labels, [.. ts], [.. vs], reference);
    }
}
