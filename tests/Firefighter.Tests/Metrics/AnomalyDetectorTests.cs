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

    private static double[] Times(int n) => [.. Enumerable.Range(0, n).Select(i => 1_700_000_000 + (i * 300.0))];

    [Fact]
    public void FarOutlier_IsNovelOnce_ThenRemembered()
    {
        // Spikes far outside the calibrated band take the detector's outlier path (not the flat tables); a repeat of the
        // same spike must be recognised as seen, while the first one is reported.
        var v = Series(3000, int.MaxValue, 0);
        v[1200] = 500;
        v[1600] = 500;
        var s = AnomalyDetector.ScoreAll(Times(v.Length), v);
        s[1200].ShouldBeGreaterThanOrEqualTo(0.75);
        s[1600].ShouldBeLessThan(0.5);
    }

    [Fact]
    public void FlatSeries_IsNeverAnomalous()
    {
        var v = Enumerable.Repeat(42.0, 3000).ToArray();
        AnomalyDetector.ScoreAll(Times(v.Length), v).ShouldAllBe(x => x < 0.3);
    }

    [Fact]
    public void Spike_IsExplainedAsBeyondRange_WithTheNormalRangeItLeft()
    {
        var v = Series(2000, int.MaxValue, 0);
        v[1500] = 60;
        var scores = new double[v.Length];
        var reports = new List<AnomalyReport>();
        AnomalyDetector.ScoreAll(Times(v.Length), v, scores, reports);
        var top = Array.IndexOf(scores, scores.Max());
        top.ShouldBe(1500);
        var r = reports.Last(x => x.Value == 60);
        r.Kind.ShouldBe(AnomalyKinds.BeyondRange);
        r.NormalLow.ShouldBeLessThan(-2);
        r.NormalHigh.ShouldBeInRange(3, 10);
        r.Timestamp.ShouldBe(Times(v.Length)[1500]);
    }

    [Fact]
    public void ShapeChangeWithinTheUsualRange_IsANewPattern()
    {
        // A slow sine turns into a fast square wave between the same bounds: no value is new, the sequence is.
        var v = Enumerable.Range(0, 3000).Select(i => i < 2000 ? 10 * Math.Sin(i * 2 * Math.PI / 100) : (i / 3 % 2 == 0 ? 9.0 : -9.0)).ToArray();
        var scores = new double[v.Length];
        var reports = new List<AnomalyReport>();
        AnomalyDetector.ScoreAll(Times(v.Length), v, scores, reports);
        scores.AsSpan(1000, 1000).ToArray().Max().ShouldBeLessThan(0.74);
        var top = Array.IndexOf(scores, scores.Max());
        top.ShouldBeInRange(2000, 2010);
        scores[top].ShouldBeGreaterThan(0.74);
        // The sine happens to correlate with itself a day later, so "off-season" is a fair name too; never "beyond-range".
        reports.Last(x => x.Timestamp == Times(v.Length)[top]).Kind.ShouldBeOneOf(AnomalyKinds.NewPattern, AnomalyKinds.Seasonal);
    }

    [Fact]
    public void MissingValues_ScoreZero_AndDoNotDisturbTheModel()
    {
        var v = Series(2000, 1500, 30);
        var withGaps = (double[])v.Clone();
        for (var i = 400; i < 1400; i += 50)
        {
            withGaps[i] = double.NaN;
        }
        var s = AnomalyDetector.ScoreAll(Times(v.Length), withGaps);
        for (var i = 400; i < 1400; i += 50)
        {
            s[i].ShouldBe(0);
        }
        Array.IndexOf(s, s.Max()).ShouldBeInRange(1500, 1510);
    }

    [Fact]
    public void GrowingScale_IsRecalibrated_NotReportedOnEverySample()
    {
        // Noise whose amplitude grows 100x over the series: the quantiser must follow instead of calling every sample new.
        var rng = new Random(5);
        var v = Enumerable.Range(0, 20_000).Select(i => rng.NextDouble() * Math.Pow(100, i / 20_000.0)).ToArray();
        var s = AnomalyDetector.ScoreAll(Times(v.Length), v);
        var frozen = AnomalyDetector.ScoreAll(Times(v.Length), v, new AnomalyDetectorOptions { Rescale = 1e9 });
        s.Count(x => x >= 0.74).ShouldBeLessThan(80);
        s.Count(x => x >= 0.74).ShouldBeLessThan(frozen.Count(x => x >= 0.74));
    }

    [Fact]
    public void CounterReset_IsReportedOnceAtTheReset()
    {
        // A monotonically increasing counter that resets to zero: the drop is the anomaly.
        var rng = new Random(9);
        var v = new double[3000];
        for (var i = 1; i < v.Length; i++)
        {
            v[i] = i == 2500 ? 0 : v[i - 1] + 5 + rng.NextDouble();
        }
        var s = AnomalyDetector.ScoreAll(Times(v.Length), v);
        s[2500].ShouldBeGreaterThan(0.74);
        s.Skip(2501).Take(150).ShouldAllBe(x => x == 0);
    }

    [Fact]
    public void StuckValue_InAMovingSeries_IsReportedAsFlatline()
    {
        // A noisy series whose source freezes at its last value (the value itself is perfectly normal).
        var v = Series(3000, int.MaxValue, 0);
        for (var i = 2000; i < v.Length; i++)
        {
            v[i] = v[1999];
        }
        var scores = new double[v.Length];
        var reports = new List<AnomalyReport>();
        AnomalyDetector.ScoreAll(Times(v.Length), v, scores, reports);
        // A flatline is reported with a lower confidence than a new pattern (AnomalyDetectorOptions.FlatlineScore).
        var first = Array.FindIndex(scores, 2000, x => x >= 0.6);
        first.ShouldBeInRange(2000, 2040);
        reports.Single(r => r.Timestamp == Times(v.Length)[first]).Kind.ShouldBe(AnomalyKinds.Flatline);
    }

    [Fact]
    public void MissingDailyPeak_IsReportedAsOffSeason()
    {
        // 5-minute samples, a daily busy period 10:00-14:00; on day 9 it does not happen. Every value stays in the usual range.
        var rng = new Random(4);
        var n = 288 * 12;
        var t = Times(n);
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            var hour = t[i] / 3600 % 24;
            var day = i / 288;
            v[i] = 20 + (rng.NextDouble() * 3) + (hour >= 10 && hour < 14 && day != 9 ? 40 : 0);
        }
        var scores = new double[n];
        var reports = new List<AnomalyReport>();
        AnomalyDetector.ScoreAll(t, v, scores, reports);
        var firstPeakMissed = Enumerable.Range(288 * 9, 288).First(i => t[i] / 3600 % 24 is >= 10 and < 14);
        var hit = Array.FindIndex(scores, 288 * 5, x => x >= 0.74);
        hit.ShouldBeInRange(firstPeakMissed, firstPeakMissed + 3);
        reports.Single(r => r.Timestamp == t[hit]).Kind.ShouldBe(AnomalyKinds.Seasonal);
    }
}
