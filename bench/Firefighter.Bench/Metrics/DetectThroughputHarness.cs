using System.Diagnostics;
using Firefighter.Metrics;

namespace Firefighter.Bench.Metrics;

/// <summary>Streaming detector throughput (points/s on one core) on long synthetic series of three shapes: noisy, seasonal, and step-like with spikes.</summary>
public sealed class DetectThroughputHarness : IHarness
{
    public string Name => "detect-throughput";

    public string Description => "Streaming anomaly detector: points/s per core on 3 x 2M-point synthetic series (noise, daily season, steps+spikes)";

    public int Run(string[] args)
    {
        const int points = 2_000_000;
        var options = AnomalyDetectorOptions.Default;
        foreach (var a in args.Where(a => a.Contains('=', StringComparison.Ordinal)))
        {
            options = options.With(a);
        }
        var rng = new Random(11);
        var t = new double[points];
        for (var i = 0; i < points; i++)
        {
            t[i] = 1_700_000_000 + (i * 300.0);
        }
        var shapes = new (string Name, double[] Values)[]
        {
            ("gaussian noise", Make(points, i => Gauss(rng))),
            ("daily season + noise", Make(points, i => (10 * Math.Sin(i * 2 * Math.PI / 288)) + Gauss(rng))),
            ("steps + rare spikes", Make(points, i => ((i / 5000) % 3 * 5.0) + (rng.NextDouble() < 0.001 ? 50 : 0) + (0.1 * Gauss(rng)))),
        };
        var scores = new double[points];
        // Warm the JIT on a prefix of every shape so the timing is steady-state code: tiered compilation promotes hot methods
        // after a delay in the background, so one short warm-up left the first measured series running partly unoptimised.
        for (var round = 0; round < 3; round++)
        {
            foreach (var (_, values) in shapes)
            {
                AnomalyDetector.ScoreAll(t.AsSpan(0, 100_000), values.AsSpan(0, 100_000), scores, null, options);
            }
            Thread.Sleep(300);
        }
        // CPU time of this (single) thread is reported too: on a shared, overloaded machine wall time mostly measures the queue.
        Console.WriteLine("| series | points | wall time | points/s (wall) | thread CPU time | points/s (CPU) | allocated |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        var totalCpu = 0.0;
        var totalPoints = 0L;
        var totalTime = 0.0;
        foreach (var (name, values) in shapes)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var cpu0 = ThreadCpuSeconds();
            var sw = Stopwatch.StartNew();
            AnomalyDetector.ScoreAll(t, values, scores, null, options);
            sw.Stop();
            var cpu = ThreadCpuSeconds() - cpu0;
            totalCpu += cpu;
            var alloc = GC.GetAllocatedBytesForCurrentThread() - before;
            totalPoints += points;
            totalTime += sw.Elapsed.TotalSeconds;
            Console.WriteLine($"| {name} | {points:N0} | {sw.Elapsed.TotalMilliseconds:F0} ms | {points / sw.Elapsed.TotalSeconds / 1e6:F2} M | {cpu * 1000:F0} ms | {points / cpu / 1e6:F2} M | {alloc / 1024.0 / 1024.0:F1} MB |");
        }
        Console.WriteLine($"| all | {totalPoints:N0} | {totalTime * 1000:F0} ms | {totalPoints / totalTime / 1e6:F2} M | {totalCpu * 1000:F0} ms | **{totalPoints / totalCpu / 1e6:F2} M** | |");
        return 0;
    }

    /// <summary>CPU time consumed by the calling thread (Linux schedstat, nanoseconds); NaN where unavailable.</summary>
    private static double ThreadCpuSeconds()
    {
        try
        {
            var text = File.ReadAllText("/proc/thread-self/schedstat");
            return long.Parse(text.AsSpan(0, text.IndexOf(' ', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture) / 1e9;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static double[] Make(int n, Func<int, double> f)
    {
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = f(i);
        }
        return v;
    }

    private static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
