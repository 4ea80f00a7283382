using Firefighter.Bench.Metrics.Nab;

namespace Firefighter.Tests.Metrics;

public class NabScorerTests
{
    private static readonly NabProfile Standard = NabProfile.All[0];

    private static (List<string> Stamps, (string, string)[] Windows) File(int n, int wStart, int wEnd)
    {
        var stamps = Enumerable.Range(0, n).Select(i => $"t{i:D5}").ToList();
        return (stamps, [(stamps[wStart], stamps[wEnd])]);
    }

    [Fact]
    public void ScaledSigmoid_MatchesNabDefinition()
    {
        NabScorer.ScaledSigmoid(-1).ShouldBe(0.98661, 1e-5);
        NabScorer.ScaledSigmoid(0).ShouldBe(0, 1e-12);
        NabScorer.ScaledSigmoid(3).ShouldBe(-1);
    }

    [Fact]
    public void ProbationLength_IsFifteenPercentCappedAt750()
    {
        NabScorer.ProbationLength(4032).ShouldBe(604);
        NabScorer.ProbationLength(22695).ShouldBe(750);
    }

    [Fact]
    public void DetectionAtWindowStart_EarnsFullTpAndFpBeforeWindowCostsFpWeight()
    {
        var (stamps, windows) = File(1000, 500, 599);
        var scores = new double[1000];
        scores[500] = 1.0;
        scores[300] = 1.0;
        var rows = NabScorer.Tag("f", stamps, scores, windows, Standard);
        var at = NabScorer.ScoreAt(rows, Standard, 1.0);
        at.Score.ShouldBe(1.0 - 0.11, 1e-9);
        at.Tp.ShouldBe(1);
        at.Fp.ShouldBe(1);
    }

    [Fact]
    public void LateDetection_EarnsLessThanEarly()
    {
        var (stamps, windows) = File(1000, 500, 599);
        var early = new double[1000];
        early[510] = 1;
        var late = new double[1000];
        late[590] = 1;
        var e = NabScorer.ScoreAt(NabScorer.Tag("f", stamps, early, windows, Standard), Standard, 1).Score;
        var l = NabScorer.ScoreAt(NabScorer.Tag("f", stamps, late, windows, Standard), Standard, 1).Score;
        e.ShouldBeGreaterThan(l);
        l.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Optimize_NullDetectorScoresMinusWindowsTimesFnWeight()
    {
        var (stamps, windows) = File(1000, 500, 599);
        var rows = NabScorer.Tag("f", stamps, Enumerable.Repeat(0.5, 1000).ToArray(), windows, Standard);
        NabScorer.Optimize(rows, Standard).Score.ShouldBe(-1.0);
    }

    [Fact]
    public void ProbationRows_AreNotScored()
    {
        var (stamps, windows) = File(1000, 500, 599);
        var scores = new double[1000];
        scores[10] = 1;
        var at = NabScorer.ScoreAt(NabScorer.Tag("f", stamps, scores, windows, Standard), Standard, 1);
        at.Fp.ShouldBe(0);
        (at.Tp + at.Tn + at.Fp + at.Fn).ShouldBe(1000 - 150);
    }
}
