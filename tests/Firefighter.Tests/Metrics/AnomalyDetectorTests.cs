using Firefighter.Metrics;

namespace Firefighter.Tests.Metrics;

public class AnomalyDetectorTests
{
    private static double[] Series(int n, int shiftAt, double shift)
    {
        var rng = new Random(7);
        return [.. Enumerable.Range(0, n).Select(i => (Math.Sin(i / 10.0) * 3) + rng.NextDouble() + (i >= shiftAt ? shift : 0))];
    }

    [Fact]
    public void Scores_AreInUnitInterval_AndHighestNearALevelShift()
    {
        var v = Series(1500, 1000, 30);
        var s = AnomalyDetector.ScoreAll([.. Enumerable.Range(0, v.Length).Select(i => (double)i)], v);
        s.ShouldAllBe(x => x >= 0 && x <= 1);
        var argmax = Array.IndexOf(s, s.Max());
        argmax.ShouldBeInRange(1000, 1010);
    }

    [Fact]
    public void Detector_IsCausal_FutureSamplesDoNotChangePastScores()
    {
        var a = Series(1200, 900, 30);
        var b = (double[])a.Clone();
        for (var i = 1000; i < b.Length; i++)
        {
            b[i] += 100;
        }
        var t = Enumerable.Range(0, a.Length).Select(i => (double)i).ToArray();
        var sa = AnomalyDetector.ScoreAll(t, a);
        var sb = AnomalyDetector.ScoreAll(t, b);
        sa.AsSpan(0, 1000).SequenceEqual(sb.AsSpan(0, 1000)).ShouldBeTrue();
    }

    [Fact]
    public void SustainedAnomaly_IsReportedOnceNotOnEverySample()
    {
        var v = Series(1500, 1000, 30);
        var s = AnomalyDetector.ScoreAll([.. Enumerable.Range(0, v.Length).Select(i => (double)i)], v);
        var peak = s.Max();
        s.Skip(1000).Count(x => x >= peak * 0.9).ShouldBeLessThan(5);
    }
}
