using Firefighter.Metrics;

namespace Firefighter.Tests.Metrics;

/// <summary>The detector's shortcuts (level by multiplication, tail selection, vector period check) must decide exactly as the plain computations they replace.</summary>
public class AnomalyDetectorFastPathTests
{
    [Fact]
    public void Level_EqualsTheFlooredClampedQuotient_EvenWhereAPlainMultiplicationWouldNot()
    {
        var rng = new Random(3);
        double[] widths = [0.1, 1.0 / 3, 0.7, 1e-12, 2.5e-7, 3, 1234.5678, 1e6];
        var multiplicationWrong = 0;
        foreach (var w in widths)
        {
            var inverse = 1 / w;
            for (var i = 0; i < 20_000; i++)
            {
                // Offsets at (rounded) multiples of the width, one ulp either side, random ones, and quotients beyond the clamp.
                var k = rng.Next(-2_000, 2_000);
                var onGrid = k * w;
                double[] offsets = [onGrid, Math.BitIncrement(onGrid), Math.BitDecrement(onGrid), (rng.NextDouble() - 0.5) * 100 * w, w * 3e9 * (k < 0 ? -1 : 1)];
                foreach (var o in offsets)
                {
                    var expected = (long)Math.Floor(Math.Clamp(o / w, -1e9, 1e9));
                    AnomalyDetector.Level(o, w, inverse).ShouldBe(expected, $"offset {o:R} width {w:R}");
                    if (Math.Abs(o / w) < 1e8 && Math.Floor(o * inverse) != Math.Floor(o / w))
                    {
                        multiplicationWrong++;
                    }
                }
            }
        }
        // The inputs include quotients where multiplying by the inverse alone lands on the other side of a level boundary.
        multiplicationWrong.ShouldBeGreaterThan(0);
    }

    public static TheoryData<string> Shapes => ["noise", "ascending", "descending", "steps", "sine", "spikes", "two-values"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TailQuantiles_FindTheSameOrderStatisticsAsSorting(string shape)
    {
        var cases = 0;
        var found = 0;
        foreach (var n in new[] { 512, 1760, 2048 })
        {
            for (var seed = 0; seed < 10; seed++)
            {
                var x = Make(shape, n, new Random((n * 31) + seed));
                var kLow = (int)(0.01 * (n - 1));
                var kHigh = (int)Math.Ceiling(0.99 * (n - 1));
                var sorted = x.Order().ToArray();
                cases++;
                // False (thresholds not far enough out, or equal) sends the caller to the full quickselects; true must be exact.
                if (AnomalyDetector.TailQuantiles(x, kLow, kHigh, new double[n], out var low, out var high))
                {
                    found++;
                    low.ShouldBe(sorted[kLow], $"{shape} n={n} seed={seed}");
                    high.ShouldBe(sorted[kHigh], $"{shape} n={n} seed={seed}");
                }
            }
        }
        // Alternating values sampled at an even stride give equal thresholds (fallback); an odd stride exercises massive ties.
        found.ShouldBeGreaterThan(shape == "two-values" ? 0 : cases / 2);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(4.0)]
    [InlineData(8.0)]
    public void QuickPeriod_DecidesAsTheSequentialAutocorrelation(double noise)
    {
        var rng = new Random(5);
        var decided = 0;
        foreach (var period in new[] { 24, 96, 144, 288 })
        {
            for (var trial = 0; trial < 20; trial++)
            {
                var n = 2048;
                var weekly = 7 * period <= n / 2 ? 7 * period : 0;
                var x = Enumerable.Range(0, n).Select(i => (Math.Sin(i * 2 * Math.PI / period) * (1 + (trial % 3))) + (noise * Gauss(rng)) + (i / (double)period % 7 < 2 ? 1.5 : 0)).ToArray();
                var threshold = 0.3 + (0.05 * (trial % 8));
                if (AnomalyDetector.QuickPeriod(x, period, weekly, threshold, out var lag))
                {
                    decided++;
                    lag.ShouldBe(ExactPeriod(x, period, weekly, threshold), $"period {period} noise {noise} threshold {threshold}");
                }
            }
        }
        decided.ShouldBeGreaterThan(70);
    }

    [Fact]
    public void QuickPeriod_LeavesAnIllConditionedHistoryToTheExactSums()
    {
        var rng = new Random(9);
        var x = Enumerable.Range(0, 2048).Select(i => 1e9 + (1e-3 * Math.Sin(i * 2 * Math.PI / 96)) + (1e-4 * Gauss(rng))).ToArray();
        AnomalyDetector.QuickPeriod(x, 96, 0, 0.5, out _).ShouldBeFalse();
    }

    [Fact]
    public void IrregularAndRegularTimestamps_BothFindTheDailyPeriod()
    {
        // A daily pattern sampled every 5 minutes, once evenly and once with jittered stamps: the period check takes the fast
        // evenly-spaced path in the first and the median-interval path in the second, and both must see the same seasonality.
        var rng = new Random(2);
        var n = 6000;
        var v = Enumerable.Range(0, n).Select(i => (10 * Math.Sin(i * 2 * Math.PI / 288)) + (0.3 * Gauss(rng))).ToArray();
        v[5000] -= 25;
        var even = Enumerable.Range(0, n).Select(i => 1_700_000_000 + (i * 300.0)).ToArray();
        var jitter = even.Select((t, i) => t + (i % 2 == 0 ? 0.25 : -0.25)).ToArray();
        var se = AnomalyDetector.ScoreAll(even, v);
        var sj = AnomalyDetector.ScoreAll(jitter, v);
        se[5000].ShouldBeGreaterThan(0.7);
        sj[5000].ShouldBeGreaterThan(0.7);
    }

    private static int ExactPeriod(double[] x, int daily, int weekly, double threshold)
    {
        double mean = 0;
        foreach (var v in x)
        {
            mean += v;
        }
        mean /= x.Length;
        var acfDaily = AnomalyDetector.Autocorrelation(x, mean, daily);
        var acfWeekly = weekly > 0 ? AnomalyDetector.Autocorrelation(x, mean, weekly) : double.NegativeInfinity;
        return acfWeekly >= threshold && acfWeekly >= acfDaily ? weekly : acfDaily >= threshold ? daily : 0;
    }

    private static double[] Make(string shape, int n, Random rng) => shape switch
    {
        "noise" => [.. Enumerable.Range(0, n).Select(_ => Gauss(rng))],
        "ascending" => [.. Enumerable.Range(0, n).Select(i => i * 0.5)],
        "descending" => [.. Enumerable.Range(0, n).Select(i => -i * 0.25)],
        "steps" => [.. Enumerable.Range(0, n).Select(i => (i / 300 % 3 * 5.0) + (0.01 * Math.Round(Gauss(rng), 1)))],
        "sine" => [.. Enumerable.Range(0, n).Select(i => 10 * Math.Sin(i * 2 * Math.PI / 288))],
        "spikes" => [.. Enumerable.Range(0, n).Select(i => i % 97 == 0 ? 50 : Gauss(rng))],
        _ => [.. Enumerable.Range(0, n).Select(i => i % 2 == 0 ? 1.0 : 2.0)],
    };

    private static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
