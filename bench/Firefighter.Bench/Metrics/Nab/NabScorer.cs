namespace Firefighter.Bench.Metrics.Nab;

/// <summary>A port of the Numenta Anomaly Benchmark scoring rules (NAB v1.1 sweeper): windows, scaled sigmoid, probation, threshold sweep.</summary>
/// <remarks>Rows are addressed by index; timestamps only locate window edges (first occurrence, as NAB does).</remarks>
public static class NabScorer
{
    /// <summary>Score used by NAB to mark "no threshold reached": nothing is detected.</summary>
    public const double StartThreshold = 1.1;

    /// <summary>NAB's scaled sigmoid: 2/(1+e^(5y)) - 1 for y below 3, else -1.</summary>
    public static double ScaledSigmoid(double y) => y >= 3.0 ? -1.0 : (2.0 / (1.0 + Math.Exp(5.0 * y))) - 1.0;

    /// <summary>Rows NAB ignores at the start of a file: min(floor(0.15 N), 750).</summary>
    public static int ProbationLength(int rows) => (int)Math.Min(Math.Floor(0.15 * rows), 0.15 * 5000);

    /// <summary>Tags every row of one file with its window (or none, or probation) and its weighted sweep score.</summary>
    /// <param name="fileKey">Distinguishes windows of different files in a corpus-wide sweep.</param>
    /// <param name="timestamps">Row timestamps as written in the file.</param>
    /// <param name="scores">Anomaly score per row.</param>
    /// <param name="windows">Window (start, end) timestamps, inclusive, in time order.</param>
    /// <param name="profile">Cost weights.</param>
    public static NabRow[] Tag(string fileKey, IReadOnlyList<string> timestamps, IReadOnlyList<double> scores, IReadOnlyList<(string Start, string End)> windows, NabProfile profile)
    {
        var n = timestamps.Count;
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            firstIndex.TryAdd(timestamps[i], i);
        }
        var maxTp = ScaledSigmoid(-1.0);
        var probation = ProbationLength(n);
        var rows = new NabRow[n];
        var next = 0;
        var inWindow = -1;
        string? curEnd = null;
        var curRight = 0;
        double curWidth = 0;
        int? prevRight = null;
        double prevWidth = 0;
        for (var i = 0; i < n; i++)
        {
            if (next < windows.Count && timestamps[i] == windows[next].Start)
            {
                inWindow = next;
                curEnd = windows[next].End;
                curRight = firstIndex.TryGetValue(curEnd, out var r) ? r : n - 1;
                curWidth = curRight - firstIndex[windows[next].Start] + 1;
                next++;
            }
            double weighted;
            if (inWindow >= 0)
            {
                weighted = ScaledSigmoid(-(curRight - i + 1) / curWidth) * profile.TpWeight / maxTp;
            }
            else
            {
                var pos = prevRight is { } pr ? Math.Abs(pr - i) / (prevWidth - 1) : 3.0;
                weighted = ScaledSigmoid(pos) * profile.FpWeight;
            }
            var window = i < probation ? NabRow.Probation : inWindow;
            rows[i] = new NabRow(fileKey, scores[i], weighted, window);
            if (inWindow >= 0 && timestamps[i] == curEnd)
            {
                prevRight = i;
                prevWidth = curWidth;
                inWindow = -1;
                curEnd = null;
            }
        }
        return rows;
    }

    /// <summary>Sweeps thresholds from high to low over the rows (of one file or a whole corpus) and returns the outcome at every distinct score.</summary>
    public static List<NabThresholdScore> SweepThresholds(IEnumerable<NabRow> rows, NabProfile profile)
    {
        var list = rows.Where(r => r.Window != NabRow.Probation).ToArray();
        // NAB uses Python's stable sort on descending score; a stable sort on the negated key matches it.
        var keys = new double[list.Length];
        for (var i = 0; i < list.Length; i++)
        {
            keys[i] = -list[i].Score;
        }
        var order = Enumerable.Range(0, list.Length).ToArray();
        Array.Sort(keys, order);
        var windowBest = new Dictionary<(string, int), double>();
        var tn = 0;
        var fn = 0;
        foreach (var r in list)
        {
            if (r.Window < 0)
            {
                tn++;
            }
            else
            {
                fn++;
                windowBest[(r.File, r.Window)] = -profile.FnWeight;
            }
        }
        double windowSum = -profile.FnWeight * windowBest.Count;
        double fpSum = 0;
        var tp = 0;
        var fp = 0;
        var threshold = StartThreshold;
        var result = new List<NabThresholdScore>();
        foreach (var idx in order)
        {
            var r = list[idx];
            if (r.Score != threshold)
            {
                result.Add(new NabThresholdScore(threshold, windowSum + fpSum, tp, tn, fp, fn));
                threshold = r.Score;
            }
            if (r.Window < 0)
            {
                fp++;
                tn--;
                fpSum += r.Weighted;
            }
            else
            {
                tp++;
                fn--;
                var key = (r.File, r.Window);
                var old = windowBest[key];
                if (r.Weighted > old)
                {
                    windowBest[key] = r.Weighted;
                    windowSum += r.Weighted - old;
                }
            }
        }
        result.Add(new NabThresholdScore(threshold, windowSum + fpSum, tp, tn, fp, fn));
        return result;
    }

    /// <summary>The best threshold over all rows (NAB's optimiser: the highest total, first in descending threshold order on ties).</summary>
    public static NabThresholdScore Optimize(IEnumerable<NabRow> rows, NabProfile profile)
    {
        NabThresholdScore? best = null;
        foreach (var s in SweepThresholds(rows, profile))
        {
            if (best is null || s.Score > best.Score)
            {
                best = s;
            }
        }
        return best!;
    }

    /// <summary>One file's outcome at a given threshold, matched as NAB's scoreDataSet does.</summary>
    public static NabThresholdScore ScoreAt(IEnumerable<NabRow> rows, NabProfile profile, double threshold)
    {
        NabThresholdScore? prev = null;
        var sweep = SweepThresholds(rows, profile);
        foreach (var s in sweep)
        {
            if (s.Threshold == threshold)
            {
                return s;
            }
            if (s.Threshold < threshold)
            {
                return prev ?? s;
            }
            prev = s;
        }
        return sweep[^1];
    }

    /// <summary>NAB's normalised score: 100 (raw - null) / (perfect - null).</summary>
    public static double Normalize(double raw, double nullScore, double perfect) => 100.0 * (raw - nullScore) / (perfect - nullScore);
}
