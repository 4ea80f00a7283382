namespace Firefighter.Metrics;

/// <summary>A strictly causal streaming anomaly detector: each score uses only samples up to and including the current one.</summary>
/// <remarks>
/// Values are quantised into a few levels spanning the robust range of recent history; the detector remembers which
/// symbol sequences (contexts of 1..MaxOrder symbols, and symbols at a given hour of day / day of week) it has seen.
/// The raw novelty of a sample is the share of its contexts never seen before, each weighted by how rarely that kind of
/// context is new (so a noisy series that makes new long contexts all the time is not alarming). A strong novelty is
/// reported once; then the detector rests, so one regime change yields one report.
/// </remarks>
public sealed class AnomalyDetector
{
    private const int CalendarContexts = 2;
    private readonly AnomalyDetectorOptions _o;
    private readonly double[] _ring;
    private readonly double[] _times;
    private readonly long[] _sym;
    private readonly long[] _symFine;
    private long _minSym = long.MaxValue;
    private long _maxSym = long.MinValue;
    private readonly double[] _rate;
    private readonly double[] _rawRing;
    private readonly Dictionary<ulong, int> _seen = new(4096);
    private readonly double _rateAlpha;
    private long _n;
    private int _ringPos;
    private int _ringCount;
    private int _rawPos;
    private double _origin;
    private double _width = double.NaN;
    private long _sinceCheck;
    private double _strongRate;
    private readonly double[] _shortRing = new double[6];
    private int _shortPos;
    private int _shortCount;
    private double _shortSum;
    private double _baseMean;
    private double _baseDev;
    private bool _baseInit;
    private int _lastStrong = int.MinValue / 2;

    /// <summary>Creates a detector with the given (or default) configuration.</summary>
    public AnomalyDetector(AnomalyDetectorOptions? options = null)
    {
        _o = options ?? AnomalyDetectorOptions.Default;
        _ring = new double[Math.Max(_o.History, _o.Learn)];
        _times = new double[_ring.Length];
        _sym = new long[Math.Max(1, _o.MaxOrder)];
        _symFine = new long[Math.Max(1, _o.MaxOrder)];
        _rate = new double[(2 * _o.MaxOrder) + (2 * CalendarContexts)];
        Array.Fill(_rate, 1.0);
        _rawRing = new double[Math.Max(1, _o.Rest)];
        _rateAlpha = 1.0 / Math.Max(1.0, _o.RateSpan);
    }

    /// <summary>Scores every sample of a series in order; returns one score in [0,1] per sample.</summary>
    public static double[] ScoreAll(ReadOnlySpan<double> timestamps, ReadOnlySpan<double> values, AnomalyDetectorOptions? options = null)
    {
        var d = new AnomalyDetector(options);
        var scores = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            scores[i] = d.Update(timestamps.Length > i ? timestamps[i] : i, values[i]);
        }
        return scores;
    }

    /// <summary>The raw novelty (before the rest period is applied) of the last sample, in [0,1].</summary>
    public double LastNovelty { get; private set; }

    /// <summary>Consumes one sample and returns its anomaly score in [0,1].</summary>
    public double Update(double timestamp, double value)
    {
        if (!double.IsFinite(value))
        {
            return 0;
        }
        _n++;
        _ring[_ringPos] = value;
        _times[_ringPos] = timestamp;
        _ringPos = (_ringPos + 1) % _ring.Length;
        _ringCount = Math.Min(_ringCount + 1, _ring.Length);
        if (_n < _o.Learn)
        {
            return 0;
        }
        if (_n == _o.Learn || (++_sinceCheck >= 1024 && NeedsRescale()))
        {
            Rebuild();
            return 0;
        }
        var raw = Observe(timestamp, value, learnOnly: false);
        if (_o.ShiftWeight > 0)
        {
            raw = Math.Max(raw, _o.ShiftWeight * ShiftScore(value));
        }
        LastNovelty = raw;
        var score = 0.0;
        var rested = _n - _lastStrong > _o.Rest;
        if (rested)
        {
            // A stream that often turns novel makes each novelty less surprising.
            score = raw / (1.0 + (_o.Penalty * _strongRate * 1000.0));
        }
        var strong = raw >= _o.BaseThreshold && rested;
        if (strong)
        {
            _lastStrong = (int)_n;
        }
        _strongRate += (strong ? 1.0 - _strongRate : -_strongRate) / _o.StrongSpan;
        _rawRing[_rawPos] = raw;
        _rawPos = (_rawPos + 1) % _rawRing.Length;
        return score;
    }

    /// <summary>Level-shift evidence: the short-window mean against an exponentially weighted baseline, in robust units mapped to [0,1).</summary>
    private double ShiftScore(double value)
    {
        _shortSum += value - _shortRing[_shortPos];
        _shortRing[_shortPos] = value;
        _shortPos = (_shortPos + 1) % _shortRing.Length;
        _shortCount = Math.Min(_shortCount + 1, _shortRing.Length);
        var shortMean = _shortSum / _shortCount;
        if (!_baseInit)
        {
            _baseMean = value;
            _baseDev = _width;
            _baseInit = true;
        }
        var z = Math.Abs(shortMean - _baseMean) / Math.Max(1.25 * _baseDev, _width * 0.05);
        var a = 1.0 / _o.BaseSpan;
        _baseDev += a * (Math.Abs(value - _baseMean) - _baseDev);
        _baseMean += a * (value - _baseMean);
        var q = z / _o.ShiftZ;
        return 1.0 - Math.Exp(-q * q);
    }

    /// <summary>Symbolises one value, scores the novelty of its contexts and then learns them.</summary>
    private double Observe(double timestamp, double value, bool learnOnly)
    {
        var z = Math.Clamp((value - _origin) / _width, -1e6, 1e6);
        var s = (long)Math.Floor(z);
        var extreme = 0.0;
        if (!learnOnly && _minSym <= _maxSym)
        {
            extreme = Math.Max(0, Math.Max(z - _maxSym - 1, _minSym - z));
        }
        _minSym = Math.Min(_minSym, s);
        _maxSym = Math.Max(_maxSym, s);
        var raw = Contexts(_sym, s, 0, timestamp, learnOnly);
        if (_o.Fine > 1)
        {
            var fine = Contexts(_symFine, (long)Math.Floor(z * _o.Fine), 1, timestamp, learnOnly);
            raw = (raw + fine) / 2;
        }
        // Beyond-range distance grades otherwise tied full novelties: a far excursion outranks a near one.
        return raw * (1.0 - _o.Extreme + (_o.Extreme * Math.Min(1.0, (1.0 + extreme) / _o.ExtremeLevels)));
    }

    private double Contexts(long[] sym, long s, int stream, double timestamp, bool learnOnly)
    {
        var k = sym.Length;
        for (var i = k - 1; i > 0; i--)
        {
            sym[i] = sym[i - 1];
        }
        sym[0] = s;
        double num = 0, den = 0;
        var salt = (ulong)stream << 60;
        var rateBase = stream * (k + CalendarContexts);
        ulong h = 1469598103934665603UL;
        for (var order = 0; order < k; order++)
        {
            h = Mix(h, (ulong)sym[order]);
            num += Visit(h ^ ((ulong)order << 56) ^ salt, rateBase + order, learnOnly, ref den);
        }
        if (_o.Calendar)
        {
            var hour = (long)Math.Floor(timestamp / 3600.0);
            var hod = (ulong)(((hour % 24) + 24) % 24);
            var dow = (ulong)((((hour / 24) % 7) + 7) % 7);
            num += Visit(Mix(Mix(0xC0FFEEUL ^ salt, hod), (ulong)s), rateBase + k, learnOnly, ref den);
            num += Visit(Mix(Mix(Mix(0xBEEFUL ^ salt, dow), hod), (ulong)s), rateBase + k + 1, learnOnly, ref den);
        }
        return den > 1e-9 ? num / den : 0;
    }

    private double Visit(ulong key, int kind, bool learnOnly, ref double den)
    {
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_seen, key, out var existed);
        count++;
        var novel = existed ? 0.0 : 1.0;
        var weight = 1.0 - _rate[kind];
        _rate[kind] += _rateAlpha * (novel - _rate[kind]);
        if (learnOnly)
        {
            return 0;
        }
        den += weight;
        return novel * weight;
    }

    private static ulong Mix(ulong h, ulong x)
    {
        h ^= x + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2);
        return h * 0x100000001B3UL;
    }

    private bool NeedsRescale()
    {
        _sinceCheck = 0;
        var (lo, hi) = Range();
        var ideal = Math.Max((hi - lo) / _o.Levels, Floor(hi));
        return ideal > _width * _o.Rescale || ideal < _width / _o.Rescale;
    }

    private static double Floor(double v) => Math.Max(1e-12, Math.Abs(v) * 1e-9);

    private (double Lo, double Hi) Range()
    {
        var copy = _ring.AsSpan(0, _ringCount).ToArray();
        Array.Sort(copy);
        return (copy[(int)(0.01 * (copy.Length - 1))], copy[(int)Math.Ceiling(0.99 * (copy.Length - 1))]);
    }

    /// <summary>Re-derives the quantiser from recent history and relearns all contexts from it.</summary>
    private void Rebuild()
    {
        _sinceCheck = 0;
        var (lo, hi) = Range();
        _width = Math.Max((hi - lo) / _o.Levels, Floor(hi));
        _origin = lo;
        _seen.Clear();
        _minSym = long.MaxValue;
        _maxSym = long.MinValue;
        var start = (_ringPos - _ringCount + _ring.Length) % _ring.Length;
        for (var i = 0; i < _ringCount; i++)
        {
            Observe(_times[(start + i) % _ring.Length], _ring[(start + i) % _ring.Length], learnOnly: true);
        }
    }
}
