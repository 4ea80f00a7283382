namespace Firefighter.Metrics;

/// <summary>A strictly causal streaming anomaly detector: each score uses only samples up to and including the current one.</summary>
/// <remarks>
/// Combines a point deviation and a short-window level deviation against a robust (median/IQR) baseline of recent
/// history, weighs them by novelty (how they compare with the largest deviation seen recently), and reports an
/// anomaly once: after a report, only stronger evidence is reported until the suppression horizon fades.
/// </remarks>
public sealed class AnomalyDetector
{
    private readonly AnomalyDetectorOptions _o;
    private readonly double[] _ring;
    private readonly double[] _sorted;
    private readonly double[] _devRing;
    private readonly double[] _recent;
    private readonly double[] _nnRing;
    private int _count;
    private int _ringPos;
    private int _recentPos;
    private int _recentCount;
    private double _recentSum;
    private long _n;
    private double _current;
    private double _lastFire;
    private long _fireN = long.MinValue / 2;

    /// <summary>Creates a detector with the given (or default) configuration.</summary>
    public AnomalyDetector(AnomalyDetectorOptions? options = null)
    {
        _o = options ?? AnomalyDetectorOptions.Default;
        _ring = new double[_o.History];
        _sorted = new double[_o.History];
        _devRing = new double[_o.History];
        _recent = new double[_o.Short];
        _nnRing = new double[_o.History];
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

    /// <summary>The last computed robust deviation (for explanations).</summary>
    public double LastDeviation { get; private set; }

    /// <summary>Consumes one sample and returns its anomaly score in [0,1].</summary>
    public double Update(double timestamp, double value)
    {
        _ = timestamp;
        if (!double.IsFinite(value))
        {
            return 0;
        }
        _n++;
        PushRecent(value);
        _current = value;
        double score = 0;
        var dev = 0.0;
        var nn = 0.0;
        if (_o.Mix > 0 && _count >= 2 * _o.Pattern)
        {
            // Pattern distances are tracked during warm-up too, so novelty has a real reference when scoring starts.
            nn = NearestPatternDistance() / Scale();
        }
        if (_count >= _o.Warmup)
        {
            var median = Quantile(0.5);
            var scale = Scale();
            var zPoint = Math.Abs(value - median) / scale;
            var zShort = Math.Abs((_recentSum / _recentCount) - median) / scale * _o.ShortWeight;
            dev = Math.Max(zPoint, zShort);
            var maxDev = 1e-9;
            for (var i = 0; i < _count; i++)
            {
                if (_devRing[i] > maxDev)
                {
                    maxDev = _devRing[i];
                }
            }
            var novelty = dev / maxDev;
            var logit = (_o.ZSlope * Math.Log(Math.Max(dev, 1e-9) / _o.ZMid)) + (_o.NoveltySlope * Math.Log(Math.Max(novelty, 1e-9)));
            var raw = 1.0 / (1.0 + Math.Exp(-logit));
            if (_o.Mix > 0)
            {
                var maxNn = 1e-9;
                var h = _ring.Length;
                var fade = _o.Fade / h;
                for (var i = 0; i < _count; i++)
                {
                    // Age 1 is the newest stored sample; older deviations count less so a past incident does not mask the next one forever.
                    var sampleAge = ((_ringPos - 1 - i + h) % h) + 1;
                    var v = _nnRing[i] * (1.0 - (fade * sampleAge));
                    if (v > maxNn)
                    {
                        maxNn = v;
                    }
                }
                var rawNn = 1.0 / (1.0 + Math.Exp(-_o.NoveltySlope * Math.Log(Math.Max(nn / maxNn, 1e-9))));
                raw = _o.Mix >= 1 ? rawNn : Math.Max(raw, rawNn);
            }
            var age = _n - _fireN;
            var level = age < _o.Suppress ? _lastFire * (1.0 - ((double)age / _o.Suppress)) : 0;
            if (raw > level)
            {
                score = raw;
                _lastFire = raw;
                _fireN = _n;
            }
        }
        LastDeviation = dev;
        _nnRing[_ringPos] = nn;
        Add(value, dev);
        return score;
    }

    /// <summary>Euclidean distance from the latest pattern (current sample and the ones before it) to its nearest non-overlapping pattern in history.</summary>
    private double NearestPatternDistance()
    {
        var w = _o.Pattern;
        var h = _ring.Length;
        if (_count < 2 * w)
        {
            return 0;
        }
        // The current sample is not yet in the ring: pattern = current value and the w-1 newest ring values.
        Span<double> cur = stackalloc double[w];
        cur[w - 1] = _current;
        for (var k = 1; k < w; k++)
        {
            cur[w - 1 - k] = _ring[(_ringPos - k + h) % h];
        }
        var best = double.MaxValue;
        // Candidate patterns end at ring age a (1 = newest stored sample); skip overlapping ones.
        for (var a = w; a < _count - w + 1; a++)
        {
            double sum = 0;
            for (var k = 0; k < w && sum < best; k++)
            {
                var diff = cur[w - 1 - k] - _ring[(_ringPos - a - k + (2 * h)) % h];
                sum += diff * diff;
            }
            if (sum < best)
            {
                best = sum;
            }
        }
        return Math.Sqrt(best);
    }

    /// <summary>Robust scale of the history: IQR, floored by a twentieth of the 1-99% range so step-like series do not divide by zero.</summary>
    private double Scale()
    {
        var median = Quantile(0.5);
        var iqr = (Quantile(0.75) - Quantile(0.25)) / 1.349;
        var range = Quantile(0.99) - Quantile(0.01);
        return Math.Max(Math.Max(iqr, range / 20.0), Math.Max(1e-9, Math.Abs(median) * 1e-6));
    }

    private void PushRecent(double value)
    {
        if (_recentCount == _recent.Length)
        {
            _recentSum -= _recent[_recentPos];
        }
        else
        {
            _recentCount++;
        }
        _recent[_recentPos] = value;
        _recentSum += value;
        _recentPos = (_recentPos + 1) % _recent.Length;
    }

    private double Quantile(double q)
    {
        var pos = q * (_count - 1);
        var lo = (int)pos;
        var hi = Math.Min(lo + 1, _count - 1);
        return _sorted[lo] + ((_sorted[hi] - _sorted[lo]) * (pos - lo));
    }

    private void Add(double value, double dev)
    {
        if (_count == _ring.Length)
        {
            var old = _ring[_ringPos];
            var idx = Array.BinarySearch(_sorted, 0, _count, old);
            Array.Copy(_sorted, idx + 1, _sorted, idx, _count - idx - 1);
            _count--;
        }
        var ins = Array.BinarySearch(_sorted, 0, _count, value);
        if (ins < 0)
        {
            ins = ~ins;
        }
        Array.Copy(_sorted, ins, _sorted, ins + 1, _count - ins);
        _sorted[ins] = value;
        _count++;
        _ring[_ringPos] = value;
        _devRing[_ringPos] = dev;
        _ringPos = (_ringPos + 1) % _ring.Length;
    }
}
