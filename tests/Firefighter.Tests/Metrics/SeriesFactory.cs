using Firefighter.Evidence;

namespace Firefighter.Tests.Metrics;

internal static class SeriesFactory
{
    public const double T0 = 1_700_000_000;

    /// <summary>Deterministic noisy series: base + noise, with f applied per index.</summary>
    public static MetricSeries Make(string name, Func<int, double> f, int n = 200, double step = 60, int seed = 1, params (string, string)[] labels)
    {
        var rng = new Random(seed);
        var t = new double[n];
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            t[i] = T0 + (i * step);
            v[i] = f(i) + ((rng.NextDouble() - 0.5) * 2);
        }
        return new MetricSeries(name, labels.ToDictionary(l => l.Item1, l => l.Item2), t, v, new EvidenceRef("metrics/" + name + ".json"));
    }
}
