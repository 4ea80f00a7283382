using System.Diagnostics;
using Firefighter.Evidence;
using Firefighter.Metrics;

namespace Firefighter.Bench.Metrics;

/// <summary>Screening throughput: 10,000 series x 1,440 points, one of which shifts at a known onset; also onset detection and detector throughput.</summary>
public sealed class ScreenHarness : IHarness
{
    public string Name => "screen";

    public string Description => "Metric screening: 10,000 series x 1,440 points (onset given and detected), detector points/s";

    public int Run(string[] args)
    {
        const int seriesCount = 10_000;
        const int points = 1_440;
        const int onsetIndex = 1_000;
        var rng = new Random(42);
        var series = new List<MetricSeries>(seriesCount);
        for (var s = 0; s < seriesCount; s++)
        {
            var t = new double[points];
            var v = new double[points];
            var level = 10 + (rng.NextDouble() * 100);
            for (var i = 0; i < points; i++)
            {
                t[i] = 1_700_000_000 + (i * 60.0);
                v[i] = level + (rng.NextDouble() * level * 0.1) + (s == 4242 && i >= onsetIndex ? level : 0);
            }
            series.Add(new MetricSeries("m" + (s % 50), new Dictionary<string, string> { ["pod"] = "pod-" + (s / 10) }, t, v, new EvidenceRef("synthetic")));
        }
        var onset = series[0].Timestamps[onsetIndex];
        SeriesScreener.Screen(series, onset);
        var runs = 5;
        var sw = Stopwatch.StartNew();
        ScreenResult? r = null;
        for (var k = 0; k < runs; k++)
        {
            r = SeriesScreener.Screen(series, onset);
        }
        var given = sw.Elapsed.TotalMilliseconds / runs;
        sw.Restart();
        var detected = SeriesScreener.Screen(series, onset: null);
        var found = sw.Elapsed.TotalMilliseconds;
        var total = (double)seriesCount * points;
        Console.WriteLine($"| case | time | points/s | top series | onset |");
        Console.WriteLine($"|---|---|---|---|---|");
        Console.WriteLine($"| screen, onset given ({Environment.ProcessorCount} cores) | {given:F0} ms | {total / given / 1e3:F1} M | {r!.Series[0].Series.Label("pod")} (expected pod-424) | given |");
        Console.WriteLine($"| screen, onset detected first | {found:F0} ms | {total / found / 1e3:F1} M | {detected.Series[0].Series.Label("pod")} | index {(detected.Onset - series[0].Timestamps[0]) / 60:F0} (true {onsetIndex}) |");
        var one = series[4242];
        sw.Restart();
        var reps = 20;
        for (var k = 0; k < reps; k++)
        {
            AnomalyDetector.ScoreAll(one.Timestamps, one.Values);
        }
        var det = reps * points / sw.Elapsed.TotalSeconds;
        Console.WriteLine($"| streaming detector (1 thread) | {sw.Elapsed.TotalMilliseconds / reps:F1} ms/series | {det / 1e6:F2} M | - | - |");
        return 0;
    }
}
