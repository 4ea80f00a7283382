using Firefighter.Evidence;

namespace Firefighter.Logs;

/// <summary>Compares template counts of a baseline and an incident window: new, spiking (binomial test) and vanished templates.</summary>
/// <remarks>
/// Both sides are mined together so a template means the same on each side. Under "no change", each record of a template
/// falls in the incident window with probability q = incident exposure / total exposure (exposure = window duration when
/// both sides have times, else record volume); the one-sided binomial tail of the incident count is the p-value.
/// </remarks>
public sealed class LogDiff
{
    private readonly TemplateMiner _miner;
    private readonly List<long> _baseline = [];
    private readonly List<long> _incident = [];
    private readonly List<List<int>> _samples = [];
    private long _baselineRecords, _incidentRecords;
    private DateTimeOffset? _bMin, _bMax, _iMin, _iMax;
    private int _incidentIndex;

    /// <summary>Creates a diff with the default masking.</summary>
    public LogDiff()
        : this(null)
    {
    }

    /// <summary>Creates a diff whose miner uses user masks and pinned tokens.</summary>
    public LogDiff(MinerOptions? options)
    {
        _miner = new TemplateMiner(options);
    }

    /// <summary>Adds a saved baseline (<see cref="MinerState"/>, as written by <c>ff logs patterns --json</c>): each template's sample stands for its count.</summary>
    public void AddBaselineState(MinerState state)
    {
        foreach (var t in state.Templates)
        {
            if (t.Count <= 0) { continue; }
            var level = MinerState.ParseLevel(t.Level);
            var id = Track(_miner.AddCounted(string.IsNullOrEmpty(t.Sample) ? t.Template : t.Sample, level, t.FirstSeen, t.LastSeen, t.Count));
            _baseline[id] += t.Count;
            _baselineRecords += t.Count;
            Extend(ref _bMin, ref _bMax, t.FirstSeen);
            Extend(ref _bMin, ref _bMax, t.LastSeen);
        }
        Extend(ref _bMin, ref _bMax, state.Start);
        Extend(ref _bMin, ref _bMax, state.End);
    }

    /// <summary>Significance level for spikes and vanished templates.</summary>
    public double Alpha { get; init; } = 0.01;

    /// <summary>Minimum rate ratio for a spike.</summary>
    public double MinRatio { get; init; } = 2.0;

    /// <summary>Adds a baseline record.</summary>
    public void AddBaseline(ReadOnlySpan<char> message, LogLevel level, DateTimeOffset? time)
    {
        var id = Track(_miner.Add(message, level, time));
        _baseline[id]++;
        _baselineRecords++;
        Extend(ref _bMin, ref _bMax, time);
    }

    /// <summary>Adds an incident record; its index (0-based, incident records only) is what <see cref="LogDiffEntry.SampleRecords"/> cites.</summary>
    public void AddIncident(ReadOnlySpan<char> message, LogLevel level, DateTimeOffset? time)
    {
        var id = Track(_miner.Add(message, level, time));
        _incident[id]++;
        _incidentRecords++;
        if (_samples[id].Count < 3) { _samples[id].Add(_incidentIndex); }
        _incidentIndex++;
        Extend(ref _iMin, ref _iMax, time);
    }

    private int Track(int id)
    {
        while (_baseline.Count <= id)
        {
            _baseline.Add(0);
            _incident.Add(0);
            _samples.Add([]);
        }
        return id;
    }

    private static void Extend(ref DateTimeOffset? min, ref DateTimeOffset? max, DateTimeOffset? t)
    {
        if (t is not { } v) { return; }
        if (min is null || v < min) { min = v; }
        if (max is null || v > max) { max = v; }
    }

    /// <summary>Computes the ranked changes.</summary>
    public LogDiffReport Compare(int top = 100)
    {
        var result = _miner.Finish();
        var n = result.Templates.Count;
        var b = new long[n];
        var inc = new long[n];
        var samples = new List<int>[n];
        for (var s = 0; s < _baseline.Count; s++)
        {
            var t = result.SignatureTemplates[s];
            b[t] += _baseline[s];
            inc[t] += _incident[s];
            samples[t] ??= [];
            foreach (var r in _samples[s]) { if (samples[t].Count < 3) { samples[t].Add(r); } }
        }
        FoldSplitTemplates(result.Templates, b, inc, samples);
        var bDur = (_bMax - _bMin)?.TotalSeconds ?? 0;
        var iDur = (_iMax - _iMin)?.TotalSeconds ?? 0;
        var byDuration = bDur >= 60 && iDur >= 60;
        double bExp = byDuration ? bDur : _baselineRecords;
        double iExp = byDuration ? iDur : _incidentRecords;
        var changes = new List<LogDiffEntry>();
        if (bExp <= 0 || iExp <= 0)
        {
            return new LogDiffReport { BaselineRecords = _baselineRecords, IncidentRecords = _incidentRecords, Normalisation = byDuration ? "duration" : "volume", Warnings = result.Warnings.Count > 0 ? [.. result.Warnings] : null };
        }
        var q = iExp / (bExp + iExp);
        for (var t = 0; t < n; t++)
        {
            var tpl = result.Templates[t];
            var total = b[t] + inc[t];
            if (total == 0)
            {
                continue;
            }
            var ratio = b[t] == 0 ? double.PositiveInfinity : inc[t] / iExp / (b[t] / bExp);
            string? change = null;
            double p;
            if (b[t] == 0 && inc[t] > 0)
            {
                change = "new";
                p = Math.Pow(q, inc[t]);
            }
            else if (inc[t] == 0 && b[t] > 0)
            {
                p = Math.Pow(1 - q, b[t]);
                if (p < Alpha) { change = "vanished"; }
            }
            else
            {
                p = BinomialUpperTail(inc[t], total, q);
                if (ratio >= MinRatio && p < Alpha) { change = "spike"; }
            }
            if (change is null) { continue; }
            var levelWeight = tpl.Level switch
            {
                LogLevel.Fatal => 4.0,
                LogLevel.Error => 3.0,
                LogLevel.Warn => 1.5,
                _ => 1.0,
            };
            var stackWeight = LooksLikeStackTrace(tpl.Sample) ? 1.5 : 1.0;
            var significance = Math.Min(50, -Math.Log10(Math.Max(p, 1e-300)));
            // Significance only gates and orders within a kind; level and novelty dominate the rank (a new error beats a busier warning).
            var changeWeight = change switch { "new" => 3.0, "spike" => 1.0, _ => 0.3 };
            var score = levelWeight * stackWeight * changeWeight * (1 + Math.Log2(1 + significance)) * Math.Log2(2 + Math.Max(inc[t], 1));
            changes.Add(new LogDiffEntry(change, tpl.Text, b[t], inc[t], ratio, p, tpl.Level, Math.Round(score, 3), tpl.Sample)
            {
                SampleRecords = samples[t] ?? [],
            });
        }
        changes.Sort((x, y) => y.Score != x.Score ? y.Score.CompareTo(x.Score) : string.CompareOrdinal(x.Template, y.Template));
        if (changes.Count > top) { changes.RemoveRange(top, changes.Count - top); }
        return new LogDiffReport
        {
            BaselineRecords = _baselineRecords,
            IncidentRecords = _incidentRecords,
            Normalisation = byDuration ? "duration" : "volume",
            Warnings = result.Warnings.Count > 0 ? [.. result.Warnings] : null,
            Changes = changes,
        };
    }

    /// <summary>One message the miner split into two templates (one seen only before, one only after: same text, or one template
    /// matching the other's sample) is one template: counted together, it is never both "new" and "vanished".</summary>
    /// <remarks>O(v × n × tokens) for v baseline-only and n incident-only templates.</remarks>
    private static void FoldSplitTemplates(IReadOnlyList<MinedTemplate> templates, long[] b, long[] inc, List<int>?[] samples)
    {
        var vanished = Enumerable.Range(0, templates.Count).Where(t => b[t] > 0 && inc[t] == 0).ToList();
        var fresh = Enumerable.Range(0, templates.Count).Where(t => b[t] == 0 && inc[t] > 0).ToList();
        foreach (var n in fresh)
        {
            foreach (var v in vanished)
            {
                if (b[v] == 0 || !SameMessage(templates[n], templates[v]))
                {
                    continue;
                }
                b[n] += b[v];
                b[v] = 0;
                samples[v] = null;
                break;
            }
        }
    }

    private static bool SameMessage(MinedTemplate x, MinedTemplate y) =>
        string.Equals(x.Text, y.Text, StringComparison.Ordinal) || Generalises(x.Text, y.Sample) || Generalises(y.Text, x.Sample);

    private static bool Generalises(string template, string message)
    {
        var t = template.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var m = message.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (t.Length != m.Length || t.Length == 0)
        {
            return false;
        }
        for (var i = 0; i < t.Length; i++)
        {
            if (t[i] != "<*>" && !string.Equals(t[i], m[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    private static bool LooksLikeStackTrace(string s) =>
        s.Contains("Exception", StringComparison.Ordinal) || s.Contains("Traceback", StringComparison.Ordinal)
        || s.StartsWith("panic:", StringComparison.Ordinal) || s.Contains("\n\tat ", StringComparison.Ordinal) || s.Contains("goroutine ", StringComparison.Ordinal);

    /// <summary>P(X ≥ k) for X ~ Binomial(n, p): exact in log space for moderate n, normal approximation with continuity correction above.</summary>
    public static double BinomialUpperTail(long k, long n, double p)
    {
        if (k <= 0) { return 1.0; }
        if (k > n) { return 0.0; }
        if (p <= 0) { return 0.0; }
        if (p >= 1) { return 1.0; }
        if (n > 5000)
        {
            var mean = n * p;
            var sd = Math.Sqrt(n * p * (1 - p));
            return NormalUpperTail((k - 0.5 - mean) / sd);
        }
        // Sum the pmf from k to n in log space.
        var logP = Math.Log(p);
        var logQ = Math.Log(1 - p);
        var logPmf = LogChoose(n, k) + k * logP + (n - k) * logQ;
        var sum = 0.0;
        var term = logPmf;
        for (var x = k; x <= n; x++)
        {
            sum += Math.Exp(term);
            if (term < -745 && x > n * p) { break; }
            term += Math.Log((double)(n - x) / (x + 1)) + logP - logQ;
        }
        return Math.Min(1.0, sum);
    }

    private static double LogChoose(long n, long k) => LogFactorial(n) - LogFactorial(k) - LogFactorial(n - k);

    private static double LogFactorial(long n)
    {
        var s = 0.0;
        for (long i = 2; i <= n; i++) { s += Math.Log(i); }
        return s;
    }

    private static double NormalUpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    // Numerical Recipes erfc (Chebyshev), relative error < 1.2e-7.
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
