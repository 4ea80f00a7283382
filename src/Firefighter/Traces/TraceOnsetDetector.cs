namespace Firefighter.Traces;

/// <summary>Finds when traces turned bad: one change point in the per-trace badness (error, and root latency against its own operation).</summary>
/// <remarks>Each trace scores 3 for an error plus its root duration's robust z-score against the earliest quarter of its operation's traces (log scale, clipped to [-3, 6]); the split that maximises
/// the standardised mean shift wins when it is large enough (a CUSUM-style single change point). When the traces as a whole do not move,
/// each operation's own spans are tested the same way and the strongest change wins.</remarks>
public static class TraceOnsetDetector
{
    private const int MinTraces = 20;
    private const double MinStatistic = 6;
    private const double MinShift = 0.3;
    private const double MinOperationStatistic = 6;

    /// <summary>The onset, or null when the traces show no clear change.</summary>
    public static DateTimeOffset? Detect(SpanIndex ix)
    {
        var n = ix.TraceIds.Count;
        if (n < MinTraces)
        {
            return null;
        }
        var err = new bool[n];
        for (var i = 0; i < ix.Spans.Count; i++)
        {
            err[ix.TraceOf[i]] |= ix.Spans[i].IsError;
        }
        var logByOp = new Dictionary<int, List<(long Start, double LogDur)>>();
        var logDur = new double[n];
        for (var t = 0; t < n; t++)
        {
            var r = ix.TraceRoot[t];
            logDur[t] = Math.Log(Stats.Ms(ix.EndTicks[r] - ix.StartTicks[r]) + 0.001);
            if (!logByOp.TryGetValue(ix.OperationOf[r], out var l))
            {
                logByOp[ix.OperationOf[r]] = l = [];
            }
            l.Add((ix.TraceStart[t], logDur[t]));
        }
        // Each operation is centred on its earliest traces: when the bad period is longer than the good one (a few minutes of
        // baseline), the median of all traces would sit inside the incident and hide the shift.
        var center = new Dictionary<int, (double Med, double Scale)>();
        foreach (var (op, l) in logByOp)
        {
            l.Sort((a, b) => a.Start.CompareTo(b.Start));
            var reference = l.Take(Math.Max(Math.Min(l.Count, 5), l.Count / 4)).Select(x => x.LogDur).ToArray();
            Array.Sort(reference);
            var med = Stats.Quantile(reference, 0.5);
            center[op] = (med, Math.Max(0.05, 1.4826 * Stats.Mad(reference, med)));
        }
        var order = new int[n];
        for (var t = 0; t < n; t++)
        {
            order[t] = t;
        }
        Array.Sort(order, (a, b) => ix.TraceStart[a].CompareTo(ix.TraceStart[b]));
        var y = new double[n];
        for (var k = 0; k < n; k++)
        {
            var t = order[k];
            var (med, scale) = center[ix.OperationOf[ix.TraceRoot[t]]];
            y[k] = (err[t] ? 3 : 0) + Math.Clamp((logDur[t] - med) / scale, -3, 6);
        }
        var bestK = BestSplit(y, out var best);
        if (bestK >= 0 && best >= MinStatistic)
        {
            return new DateTimeOffset(ix.TraceStart[order[bestK]], TimeSpan.Zero);
        }
        return PerOperation(ix);
    }

    // A fault in one service deep in a large estate touches few traces, so the whole-trace average barely moves; its own operation's spans
    // move clearly. Every operation is tested on its own (errors and duration against its earliest quarter), the strongest change wins.
    private static DateTimeOffset? PerOperation(SpanIndex ix)
    {
        var byOp = new List<int>?[ix.Operations.Count];
        for (var i = 0; i < ix.Spans.Count; i++)
        {
            (byOp[ix.OperationOf[i]] ??= []).Add(i);
        }
        double best = 0;
        long at = 0;
        foreach (var spans in byOp)
        {
            if (spans is null || spans.Count < MinTraces)
            {
                continue;
            }
            spans.Sort((a, b) => ix.StartTicks[a].CompareTo(ix.StartTicks[b]));
            var logDur = new double[spans.Count];
            for (var k = 0; k < spans.Count; k++)
            {
                logDur[k] = Math.Log(Stats.Ms(ix.EndTicks[spans[k]] - ix.StartTicks[spans[k]]) + 0.001);
            }
            var reference = logDur.AsSpan(0, Math.Max(5, spans.Count / 4)).ToArray();
            Array.Sort(reference);
            var med = Stats.Quantile(reference, 0.5);
            var scale = Math.Max(0.05, 1.4826 * Stats.Mad(reference, med));
            var y = new double[spans.Count];
            for (var k = 0; k < spans.Count; k++)
            {
                y[k] = (ix.Spans[spans[k]].IsError ? 3 : 0) + Math.Clamp((logDur[k] - med) / scale, -3, 6);
            }
            var split = BestSplit(y, out var stat);
            if (split >= 0 && stat >= MinOperationStatistic && stat > best)
            {
                best = stat;
                at = ix.StartTicks[spans[split]];
            }
        }
        return best > 0 ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    /// <summary>The split index maximising the standardised upward mean shift (at least <see cref="MinShift"/>), or -1.</summary>
    private static int BestSplit(double[] y, out double best)
    {
        var n = y.Length;
        double sum = 0, sumSq = 0;
        foreach (var v in y)
        {
            sum += v;
            sumSq += v * v;
        }
        var sd = Math.Sqrt(Math.Max(1e-9, (sumSq / n) - ((sum / n) * (sum / n))));
        var margin = Math.Max(5, n / 50);
        double before = 0;
        best = 0;
        var bestK = -1;
        for (var k = 1; k < n; k++)
        {
            before += y[k - 1];
            if (k < margin || n - k < margin)
            {
                continue;
            }
            var shift = ((sum - before) / (n - k)) - (before / k);
            var stat = shift * Math.Sqrt((double)k * (n - k) / n) / sd;
            if (shift >= MinShift && stat > best)
            {
                best = stat;
                bestK = k;
            }
        }
        return bestK;
    }
}
