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
        // The range named is one the series was actually seen in, not a quantisation level's edge beyond it.
        r.NormalLow.ShouldBeGreaterThanOrEqualTo(v.Take(1500).Min());
        r.NormalHigh.ShouldBeLessThanOrEqualTo(v.Take(1500).Max());
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

    [Fact]
    public void VarianceChangeInsideTheUsualRange_IsCaught_TheRunDetectorCatchingWhatSingleSamplesMiss()
    {
        // A slowly wandering series turns choppy for 40 samples at half its usual swing: no value is new and few single
        // samples are alarming, but novel short sequences keep coming; the run, not any one sample, is the anomaly.
        var caught = 0;
        var caughtWithoutRuns = 0;
        for (var seed = 1; seed <= 10; seed++)
        {
            var rng = new Random(seed);
            var v = new double[4000];
            var x = 50.0;
            for (var i = 0; i < v.Length; i++)
            {
                x = 50 + (0.95 * (x - 50)) + ((rng.NextDouble() - 0.5) * 10);
                v[i] = i is >= 3000 and < 3040 ? 50 + ((rng.NextDouble() - 0.5) * 30) : x;
            }
            var t = Times(v.Length);
            var scores = new double[v.Length];
            var reports = new List<AnomalyReport>();
            AnomalyDetector.ScoreAll(t, v, scores, reports);
            var off = AnomalyDetector.ScoreAll(t, v, new AnomalyDetectorOptions { SustainWindow = 0 });
            var hit = Array.FindIndex(scores, 3000, 40, x => x >= 0.74);
            var hitWithoutRuns = Array.FindIndex(off, 3000, 40, x => x >= 0.74);
            caught += hit >= 0 ? 1 : 0;
            caughtWithoutRuns += hitWithoutRuns >= 0 ? 1 : 0;
            if (hit >= 0 && hitWithoutRuns < 0)
            {
                reports.Single(r => r.Timestamp == t[hit]).Kind.ShouldBe(AnomalyKinds.Sustained);
            }
        }
        // Measured: 7 of 10 with the run detector, 2 of 10 without it.
        caught.ShouldBeGreaterThanOrEqualTo(6);
        caughtWithoutRuns.ShouldBeLessThanOrEqualTo(caught - 3);
    }

    [Fact]
    public void SlowSlideBelowEveryValueSeen_IsReportedAsBeyondRange_NamingTheLowestValueSeen()
    {
        // Values mostly 40-100 with rare dips to 30-40, then a one-step-a-sample slide to 20. The slide stays in the lowest
        // quantisation level, which the dips made familiar, so only the comparison with every value seen catches it.
        var rng = new Random(6);
        var v = Enumerable.Range(0, 4000).Select(_ => rng.NextDouble() < 0.03 ? 30 + (rng.NextDouble() * 10) : 40 + (rng.NextDouble() * 60)).ToArray();
        for (var i = 3000; i < 3100; i++)
        {
            v[i] = Math.Max(20, 40 - (i - 2999));
        }
        var lowest = v.Take(3000).Min();
        var t = Times(v.Length);
        var scores = new double[v.Length];
        var reports = new List<AnomalyReport>();
        AnomalyDetector.ScoreAll(t, v, scores, reports);
        var hit = Array.FindIndex(scores, 3000, x => x >= 0.74);
        hit.ShouldBeInRange(3000, 3020);
        v[hit].ShouldBeLessThan(lowest);
        var r = reports.Single(r => r.Timestamp == t[hit]);
        r.Kind.ShouldBe(AnomalyKinds.BeyondRange);
        r.NormalLow.ShouldBe(lowest);
        var off = AnomalyDetector.ScoreAll(t, v, new AnomalyDetectorOptions { Spatial = 0 });
        off.AsSpan(3000, 100).ToArray().Max().ShouldBeLessThan(0.74);
    }

    [Fact]
    public void SeriesWhoseRangeKeepsGrowing_DoesNotReportEveryNewRecord()
    {
        // A counter-like series sets a new maximum every few samples: records are its normal behaviour, not news.
        var rng = new Random(8);
        var v = Enumerable.Range(0, 6000).Select(i => (i * 0.5) + (rng.NextDouble() * 20)).ToArray();
        var scores = AnomalyDetector.ScoreAll(Times(v.Length), v);
        var withoutQuiet = AnomalyDetector.ScoreAll(Times(v.Length), v, new AnomalyDetectorOptions { SpatialQuiet = 0 });
        scores.Count(x => x >= 0.74).ShouldBeLessThan(withoutQuiet.Count(x => x >= 0.74));
    }
}
