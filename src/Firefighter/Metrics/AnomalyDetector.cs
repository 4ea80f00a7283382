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
    private int _lastStrong = int.MinValue / 2;

    /// <summary>Creates a detector with the given (or default) configuration.</summary>
    public AnomalyDetector(AnomalyDetectorOptions? options = null)
    {
        _o = options ?? AnomalyDetectorOptions.Default;
        _ring = new double[Math.Max(_o.History, _o.Learn)];
        _times = new double[_ring.Length];
        _sym = new long[Math.Max(1, _o.MaxOrder)];
        _rate = new double[_o.MaxOrder + CalendarContexts];
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
        LastNovelty = raw;
        var score = 0.0;
        var rested = _n - _lastStrong > _o.Rest;
        if (rested)
        {
            score = raw;
        }
        if (raw >= _o.BaseThreshold && rested)
        {
            _lastStrong = (int)_n;
        }
        _rawRing[_rawPos] = raw;
        _rawPos = (_rawPos + 1) % _rawRing.Length;
        return score;
    }

    /// <summary>Symbolises one value, scores the novelty of its contexts and then learns them.</summary>
    private double Observe(double timestamp, double value, bool learnOnly)
    {
        var s = (long)Math.Floor(Math.Clamp((value - _origin) / _width, -1e6, 1e6));
        var k = _sym.Length;
        for (var i = k - 1; i > 0; i--)
        {
            _sym[i] = _sym[i - 1];
        }
        _sym[0] = s;
        double num = 0, den = 0;
        ulong h = 1469598103934665603UL;
        for (var order = 0; order < k; order++)
        {
            h = Mix(h, (ulong)_sym[order]);
            num += Visit(h ^ ((ulong)order << 56), order, learnOnly, ref den);
        }
        if (_o.Calendar)
        {
            var hour = (long)Math.Floor(timestamp / 3600.0);
            var hod = (ulong)(((hour % 24) + 24) % 24);
            var dow = (ulong)((((hour / 24) % 7) + 7) % 7);
            num += Visit(Mix(Mix(0xC0FFEEUL, hod), (ulong)s), k, learnOnly, ref den);
            num += Visit(Mix(Mix(Mix(0xBEEFUL, dow), hod), (ulong)s), k + 1, learnOnly, ref den);
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
        var start = (_ringPos - _ringCount + _ring.Length) % _ring.Length;
        for (var i = 0; i < _ringCount; i++)
        {
            Observe(_times[(start + i) % _ring.Length], _ring[(start + i) % _ring.Length], learnOnly: true);
        }
    }
}
