using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Firefighter.Metrics;

/// <summary>A strictly causal streaming anomaly detector: each score uses only samples up to and including the current one.</summary>
/// <remarks>
/// Values are quantised into a few levels spanning the robust (1%-99%) range of recent history; the detector remembers
/// which contexts it has seen: the last 1..MaxOrder symbols, and the symbol at this hour of day and hour of week. The
/// raw novelty of a sample is the share of its contexts never seen before, each weighted by how rarely that kind of
/// context is new (a noisy series that keeps making new long contexts is not alarming). When recent history has a
/// strong daily or weekly autocorrelation, the change over one period is quantised and judged too (deseasonalised
/// novelty), and a run of identical values longer than any seen is a flatline. Two more views see what coarse levels and
/// single samples miss: a value beyond every value seen (24 samples ago and earlier) by more than 2% of their range, when
/// that extreme had stood still for a while (a series whose range keeps growing sets records all the time); and a run of
/// mild novelty whose 8-sample average stands far above its own usual level (a variance change, a holiday). NAB rewards the earliest detection of a
/// window and charges every false positive, so a strong novelty is reported once and the detector then rests. Work per
/// sample is a handful of hash-set probes, plus an amortised O(1) recalibration and period check (linear work every
/// 1,024 samples); nothing is allocated per sample once the context set has grown.
/// </remarks>
public sealed class AnomalyDetector
{
    private const int CalendarContexts = 2;
    private const int CheckEvery = 1024;
    private readonly AnomalyDetectorOptions _o;
    private readonly double[] _ring;
    private readonly double[] _times;
    private readonly double[] _scratch;
    private readonly long[] _sym;
    private readonly double[] _rate;
    private readonly double _rateAlpha;
    private readonly long _memory;
    private readonly ContextSet _seen = new();

    // Contexts whose symbols all fall in a small band around the calibrated levels are the common case: their ids are
    // bit-packed (3 bits a symbol) and index flat tables of last-seen clocks (0 = never), so no hashing per sample. Contexts
    // with a symbol outside the band (far outliers) go to the hash set under their old keys, so the semantics are identical.
    private const int CodeBits = 3;
    private const int Codes = 1 << CodeBits;
    private const int FlatOrders = 4;
    private static readonly int[] OrderBase = [0, Codes, Codes + (Codes * Codes), Codes + (Codes * Codes) + (Codes * Codes * Codes)];
    private readonly long[] _orderSeen = new long[Codes + (Codes * Codes) + (Codes * Codes * Codes) + (Codes * Codes * Codes * Codes)];
    private readonly long[] _hourSeen = new long[24 + 168];
    private readonly int[] _hourVisits = new int[24 + 168];
    private readonly long[] _hourSym = new long[(24 + 168) * Codes];
    private readonly long[] _seasonSeen = new long[Codes + (Codes * Codes)];
    private readonly long _codeOffset;
    private readonly double[] _linear;
    private int _packed;
    private int _outOfBand;
    private int _prevSdCode;
    private double _hourStart = double.NaN;
    private int _hod;
    private int _how;
    private long _n;
    private long _clock;
    private int _lag;
    private double _dOrigin;
    private double _dWidth = 1;
    private double _dInverse = 1;
    private long _prevSd;
    private double _seasonalNovel;
    private long _run;
    private double _prevValue = double.NaN;
    private double _runNovel;
    private double _runRate;
    private int _ringPos;
    private int _ringCount;
    private double _origin;
    private double _width = double.NaN;
    private double _inverse = double.NaN;
    private long _checkedAt = -1;
    private double _quantileLow = double.NaN;
    private double _quantileHigh = double.NaN;
    private double _checkedWidth;
    private double _checkedLow;
    private long _minSym = long.MaxValue;
    private long _maxSym = long.MinValue;
    private long _sinceCheck;
    private long _lastStrong = long.MinValue / 2;
    private string _kind = AnomalyKinds.NewPattern;
    private long _seenLowSym;
    private long _seenHighSym;
    private bool _seenFromExtremes;
    private bool _hasReport;
    private double _reportT;
    private double _reportV;
    private double _reportScore;
    private string _reportKind = AnomalyKinds.NewPattern;
    private double _reportLow;
    private double _reportHigh;
    private readonly double[] _novRing;
    private int _novPos;
    private double _novSum;
    private double _sMean;
    private double _sVar;
    private long _sCount;
    private readonly double _sustainAlpha;
    private readonly int _spatialLag;
    private double _allMin = double.PositiveInfinity;
    private double _allMax = double.NegativeInfinity;
    private long _maxMovedAt;
    private long _minMovedAt;

    // Options read every sample, copied out of the record: each read through _o is a second dependent load.
    private readonly int _learn;
    private readonly long _beyondFrom;
    private readonly double _spatial;
    private readonly long _spatialQuiet;
    private readonly double _spatialScore;
    private readonly double _seasonalWeight;
    private readonly bool _flatline;
    private readonly double _flatlineScore;
    private readonly int _rest;
    private readonly double _baseThreshold;
    private readonly double _sustainScore;
    private readonly int _sustainWindow;
    private readonly double _sustainInverse;
    private readonly bool _sustainWindowPow2;
    private readonly int _sustainWarmup;
    private readonly double _sustainFloor;
    private readonly double _sustainSdFloorSq;
    private readonly double _sustainZ;
    private readonly double _sustainSpan;
    private readonly bool _calendar;
    private readonly int _calendarVisits;

    /// <summary>Creates a detector with the given (or default) configuration.</summary>
    public AnomalyDetector(AnomalyDetectorOptions? options = null)
    {
        _o = options ?? AnomalyDetectorOptions.Default;
        _ring = new double[Math.Max(_o.History, _o.Learn)];
        _times = new double[_ring.Length];
        _scratch = new double[_ring.Length];
        _sym = new long[Math.Max(1, _o.MaxOrder)];
        _rate = new double[_sym.Length + CalendarContexts + 2];
        Array.Fill(_rate, 1.0);
        _rateAlpha = 1.0 / Math.Max(1.0, _o.RateSpan);
        _memory = _o.Memory;
        _codeOffset = _o.Levels <= Codes - 2 ? (Codes - _o.Levels) / 2 : long.MinValue / 4;
        _linear = new double[_ring.Length];
        _novRing = new double[Math.Max(1, _o.SustainWindow)];
        _sustainAlpha = 1.0 / Math.Max(1.0, _o.SustainSpan);
        _spatialLag = Math.Clamp(_o.SpatialLag, 1, _ring.Length - 1);
        _prevSdCode = (int)Code(0);
        _learn = _o.Learn;
        _beyondFrom = (long)_o.Learn + _spatialLag;
        _spatial = _o.Spatial;
        _spatialQuiet = _o.SpatialQuiet;
        _spatialScore = _o.SpatialScore;
        _seasonalWeight = _o.SeasonalWeight;
        _flatline = _o.Flatline;
        _flatlineScore = _o.FlatlineScore;
        _rest = _o.Rest;
        _baseThreshold = _o.BaseThreshold;
        _sustainScore = _o.SustainScore;
        _sustainWindow = _o.SustainWindow;
        // Dividing by a power of two and multiplying by its inverse are the same exact operation; other windows keep the division.
        _sustainWindowPow2 = _sustainWindow > 0 && (_sustainWindow & (_sustainWindow - 1)) == 0;
        _sustainInverse = _sustainWindowPow2 ? 1.0 / _sustainWindow : 0;
        _sustainWarmup = _o.SustainWarmup;
        _sustainFloor = _o.SustainFloor;
        _sustainSdFloorSq = _o.SustainSdFloor * _o.SustainSdFloor;
        _sustainZ = _o.SustainZ;
        _sustainSpan = _o.SustainSpan;
        _calendar = _o.Calendar;
        _calendarVisits = _o.CalendarVisits;
        // The symbol history starts as zeros; the packed history must say the same.
        for (var i = 0; i < FlatOrders; i++)
        {
            _packed = (_packed << CodeBits) | (int)(_prevSdCode & (Codes - 1));
            _outOfBand = (_outOfBand << 1) | (_prevSdCode < 0 ? 1 : 0);
        }
    }

    /// <summary>The 3-bit code of a symbol, or -1 when it lies outside the band the flat tables cover.</summary>
    private long Code(long symbol)
    {
        var c = symbol + _codeOffset;
        return (ulong)c < Codes ? c : -1;
    }

    /// <summary>Marks a flat-table context seen at the current clock; true when it was never seen or is stale.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Touch(long[] table, int i)
    {
        var last = table[i];
        var clock = _clock;
        table[i] = clock;
        return (last == 0) | (clock - last > _memory);
    }

    /// <summary>Scores every sample of a series in order; returns one score in [0,1] per sample.</summary>
    public static double[] ScoreAll(ReadOnlySpan<double> timestamps, ReadOnlySpan<double> values, AnomalyDetectorOptions? options = null)
    {
        var scores = new double[values.Length];
        ScoreAll(timestamps, values, scores, null, options);
        return scores;
    }

    /// <summary>Scores every sample into <paramref name="scores"/> and, when <paramref name="reports"/> is given, adds an explanation for every report.</summary>
    public static void ScoreAll(ReadOnlySpan<double> timestamps, ReadOnlySpan<double> values, Span<double> scores, List<AnomalyReport>? reports, AnomalyDetectorOptions? options = null)
    {
        var d = new AnomalyDetector(options);
        for (var i = 0; i < values.Length; i++)
        {
            scores[i] = d.Update(timestamps.Length > i ? timestamps[i] : i, values[i]);
            if (reports is not null && scores[i] > 0 && d.LastReport is { } r)
            {
                reports.Add(r);
            }
        }
    }

    /// <summary>The raw novelty (before the rest period is applied) of the last sample, in [0,1].</summary>
    public double LastNovelty { get; private set; }

    /// <summary>The explanation of the latest nonzero score (null before the first one); built on demand so scoring does not allocate.</summary>
    public AnomalyReport? LastReport => _hasReport
        ? new AnomalyReport(_reportT, _reportV, _reportScore, _reportKind, _reportLow, _reportHigh)
        : null;

    /// <summary>Consumes one sample and returns its anomaly score in [0,1]; missing (non-finite) values score 0 and are not learned.</summary>
    public double Update(double timestamp, double value)
    {
        if (!double.IsFinite(value))
        {
            return 0;
        }
        _n++;
        // A new extreme is news only when the extremes had been still for a while: a series whose range keeps growing sets records all the time.
        var beyondAll = false;
        if (_spatial > 0 && _n > _beyondFrom)
        {
            var tol = (_allMax - _allMin) * _spatial;
            beyondAll = (value > _allMax + tol && _n - _maxMovedAt > _spatialQuiet) || (value < _allMin - tol && _n - _minMovedAt > _spatialQuiet);
        }
        if (_n > _spatialLag)
        {
            // The extremes exclude the latest samples, so a drift that steps past them a little at a time still counts.
            var back = _ringPos - _spatialLag;
            var lagged = _ring[back >= 0 ? back : back + _ring.Length];
            if (lagged > _allMax)
            {
                _allMax = lagged;
                _maxMovedAt = _n;
            }
            if (lagged < _allMin)
            {
                _allMin = lagged;
                _minMovedAt = _n;
            }
        }
        _ring[_ringPos] = value;
        _times[_ringPos] = timestamp;
        _ringPos = _ringPos + 1 == _ring.Length ? 0 : _ringPos + 1;
        if (_ringCount < _ring.Length)
        {
            _ringCount++;
        }
        if (_n < _learn)
        {
            return 0;
        }
        if (_n == _learn || (++_sinceCheck >= CheckEvery && (NeedsRescale() || SeasonalLag() != _lag)))
        {
            Rebuild();
            return 0;
        }
        _clock = _n;
        var raw = Observe<ScoreMode>(timestamp, value, _ringPos == 0 ? _ring.Length - 1 : _ringPos - 1, _ringCount > _lag);
        if (_seasonalWeight > 0 && _seasonalNovel * _seasonalWeight > raw)
        {
            raw = _seasonalNovel * _seasonalWeight;
            _kind = AnomalyKinds.Seasonal;
        }
        _seasonalNovel = 0;
        if (_flatline && _runNovel * _flatlineScore > raw)
        {
            raw = _runNovel * _flatlineScore;
            _kind = AnomalyKinds.Flatline;
        }
        if (beyondAll && _spatialScore > raw)
        {
            raw = _spatialScore;
            _kind = AnomalyKinds.BeyondRange;
            _seenFromExtremes = true;
        }
        LastNovelty = raw;
        var sustained = Sustained(raw);
        if (_n - _lastStrong <= _rest)
        {
            return 0;
        }
        if (raw < _baseThreshold && sustained)
        {
            raw = _sustainScore;
            _kind = AnomalyKinds.Sustained;
            _lastStrong = _n;
        }
        else if (raw >= _baseThreshold)
        {
            _lastStrong = _n;
        }
        if (raw > 0)
        {
            _hasReport = true;
            _reportT = timestamp;
            _reportV = value;
            _reportScore = raw;
            _reportKind = _kind;
            // The levels' edges can lie beyond anything observed (a negative count); the values actually seen bound them.
            var levelLow = _origin + (_seenLowSym * _width);
            var levelHigh = _origin + ((_seenHighSym + 1) * _width);
            _reportLow = _seenFromExtremes ? _allMin : double.IsFinite(_allMin) ? Math.Max(levelLow, _allMin) : levelLow;
            _reportHigh = _seenFromExtremes ? _allMax : double.IsFinite(_allMax) ? Math.Min(levelHigh, _allMax) : levelHigh;
        }
        return raw;
    }

    /// <summary>Tracks the recent average of raw novelty against its own history; true when it stands far above it (a run of mild novelty).</summary>
    private bool Sustained(double raw)
    {
        var k = _sustainWindow;
        if (k <= 0)
        {
            return false;
        }
        _novSum += raw - _novRing[_novPos];
        _novRing[_novPos] = raw;
        _novPos = _novPos + 1 == k ? 0 : _novPos + 1;
        var m = _sustainWindowPow2 ? _novSum * _sustainInverse : _novSum / k;
        // The square root is taken only for the rare average above the floor.
        var fire = _sCount >= _sustainWarmup && m >= _sustainFloor
            && (m - _sMean) / Math.Sqrt(Math.Max(_sVar, _sustainSdFloorSq)) >= _sustainZ;
        // Exponentially weighted mean and variance of the average (a plain running mean until the span is reached).
        var a = ++_sCount >= _sustainSpan ? _sustainAlpha : 1.0 / Math.Max(1.0, _sCount);
        var dm = m - _sMean;
        _sMean += a * dm;
        _sVar = (1 - a) * (_sVar + (a * dm * dm));
        return fire;
    }

    /// <summary>Symbolises one value, scores the novelty of its contexts and then learns them.</summary>
    private double Observe<TMode>(double timestamp, double value, int at, bool hasLag)
        where TMode : struct
    {
        // A constant per instantiation: the relearning copy drops everything that only feeds the return value.
        var learnOnly = typeof(TMode) == typeof(LearnMode);
        _run = value == _prevValue ? _run + 1 : 1;
        _prevValue = value;
        _runNovel = 0;
        if (_run >= 4 && (_run & (_run - 1)) == 0 && _clock - _run >= _learn)
        {
            // A run of identical values longer than any seen (in powers of two) in a series that moved before is a stuck or dead source.
            var fresh = _seen.Add(Mix(0xF1A71EUL, (ulong)_run), _clock, _memory);
            var weight = 1.0 - _runRate;
            _runRate += Math.Min(1.0, _rateAlpha * 16) * ((fresh ? 1.0 : 0.0) - _runRate);
            _runNovel = learnOnly || !fresh ? 0 : weight;
        }
        var s = Level(value - _origin, _width, _inverse);
        var sym = _sym;
        var k = sym.Length;
        if (k == FlatOrders)
        {
            sym[3] = sym[2];
            sym[2] = sym[1];
            sym[1] = sym[0];
        }
        else
        {
            for (var i = k - 1; i > 0; i--)
            {
                sym[i] = sym[i - 1];
            }
        }
        sym[0] = s;
        var code = Code(s);
        _packed = ((_packed << CodeBits) | (int)(code & (Codes - 1))) & ((1 << (CodeBits * FlatOrders)) - 1);
        _outOfBand = ((_outOfBand << 1) | (code < 0 ? 1 : 0)) & ((1 << FlatOrders) - 1);
        double num = 0, den = 0, seqNum = 0;
        var h = 1469598103934665603UL;
        var hashed = 0;
        if (k == FlatOrders && _outOfBand == 0 && Vector256.IsHardwareAccelerated)
        {
            // The common case, as one vector of four orders: the same per-lane arithmetic as Touch and Judge, summed in order.
            var p = _packed;
            var table = _orderSeen;
            var i0 = p & (Codes - 1);
            var i1 = OrderBase[1] + (p & ((Codes * Codes) - 1));
            var i2 = OrderBase[2] + (p & ((Codes * Codes * Codes) - 1));
            var i3 = OrderBase[3] + (p & ((Codes * Codes * Codes * Codes) - 1));
            var last = Vector256.Create(table[i0], table[i1], table[i2], table[i3]);
            var clock = _clock;
            table[i0] = clock;
            table[i1] = clock;
            table[i2] = clock;
            table[i3] = clock;
            var fresh = (Vector256.Equals(last, Vector256<long>.Zero) | Vector256.GreaterThan(Vector256.Create(clock) - last, Vector256.Create(_memory))).AsDouble();
            var rates = _rate.AsSpan(0, FlatOrders);
            var rate = Vector256.Create((ReadOnlySpan<double>)rates);
            (rate + (Vector256.Create(_rateAlpha) * ((fresh & Vector256<double>.One) - rate))).CopyTo(rates);
            var w = Vector256<double>.One - rate;
            if (!learnOnly)
            {
                den += w.GetElement(0);
                den += w.GetElement(1);
                den += w.GetElement(2);
                den += w.GetElement(3);
            }
            // Adding the +0 of a context seen before changes nothing, and that is nearly always all of them: the (predicted)
            // branch keeps the ordered sum off the path every sample waits on.
            if (!learnOnly && fresh != Vector256<double>.Zero)
            {
                var nw = w & fresh;
                num += nw.GetElement(0);
                num += nw.GetElement(1);
                num += nw.GetElement(2);
                num += nw.GetElement(3);
            }
        }
        else
        {
            for (var order = 0; order < k; order++)
            {
                bool fresh;
                if (order < FlatOrders && (_outOfBand & ((2 << order) - 1)) == 0)
                {
                    fresh = Touch(_orderSeen, OrderBase[order] + (_packed & ((1 << (CodeBits * (order + 1))) - 1)));
                }
                else
                {
                    // The hash chain over the symbols, computed only when some context needs it.
                    for (; hashed <= order; hashed++)
                    {
                        h = Mix(h, (ulong)sym[hashed]);
                    }
                    fresh = _seen.Add(h ^ ((ulong)order << 56), _clock, _memory);
                }
                var w = Judge(fresh, order);
                den += w;
                num += fresh ? w : 0;
            }
        }
        seqNum = num;
        if (_calendar && double.IsFinite(timestamp))
        {
            if (!(timestamp >= _hourStart && timestamp < _hourStart + 3600))
            {
                // Samples arrive in time order, so the hour changes rarely: the division and modulos run once an hour.
                var hour = (long)Math.Floor(timestamp / 3600.0);
                _hourStart = hour * 3600.0;
                _hod = (int)(((hour % 24) + 24) % 24);
                _how = (int)(((hour % 168) + 168) % 168);
                _hourVisits[_hod]++;
                _hourVisits[24 + _how]++;
            }
            var hod = _hod;
            var how = _how;
            // A value at an hour not observed on an earlier day says nothing about seasonality: only a new value at a known hour counts.
            var cv = _calendarVisits;
            if (code >= 0 && Vector256.IsHardwareAccelerated)
            {
                // The same four touches and two judgements as below, as vectors (the four table slots are always distinct).
                var seen = _hourSeen;
                var hourSym = _hourSym;
                var dayAt = (hod * Codes) + (int)code;
                var weekAt = ((24 + how) * Codes) + (int)code;
                var last = Vector256.Create(seen[hod], seen[24 + how], hourSym[dayAt], hourSym[weekAt]);
                var clock = _clock;
                seen[hod] = clock;
                seen[24 + how] = clock;
                hourSym[dayAt] = clock;
                hourSym[weekAt] = clock;
                var fresh = Vector256.Equals(last, Vector256<long>.Zero) | Vector256.GreaterThan(Vector256.Create(clock) - last, Vector256.Create(_memory));
                var visited = Vector128.Create(_hourVisits[hod] > cv ? -1L : 0L, _hourVisits[24 + how] > cv ? -1L : 0L);
                var novel = (Vector128.AndNot(fresh.GetUpper(), fresh.GetLower()) & visited).AsDouble();
                var rates = _rate.AsSpan(k, 2);
                var rate = Vector128.Create((ReadOnlySpan<double>)rates);
                (rate + (Vector128.Create(_rateAlpha) * ((novel & Vector128<double>.One) - rate))).CopyTo(rates);
                var cw = Vector128<double>.One - rate;
                if (!learnOnly)
                {
                    den += cw.GetElement(0);
                    den += cw.GetElement(1);
                }
                if (!learnOnly && novel != Vector128<double>.Zero)
                {
                    var cn = cw & novel;
                    num += cn.GetElement(0);
                    num += cn.GetElement(1);
                }
            }
            else
            {
                var dayKnown = !Touch(_hourSeen, hod) && _hourVisits[hod] > cv;
                var weekKnown = !Touch(_hourSeen, 24 + how) && _hourVisits[24 + how] > cv;
                var dayFresh = code >= 0 ? Touch(_hourSym, (hod * Codes) + (int)code) : _seen.Add(Mix(Mix(0xC0FFEEUL, (ulong)hod), (ulong)s), _clock, _memory);
                var weekFresh = code >= 0 ? Touch(_hourSym, ((24 + how) * Codes) + (int)code) : _seen.Add(Mix(Mix(0xBEEFUL, (ulong)how), (ulong)s), _clock, _memory);
                var dayNovel = dayFresh && dayKnown;
                var weekNovel = weekFresh && weekKnown;
                var w = Judge(dayNovel, k);
                den += w;
                num += dayNovel ? w : 0;
                w = Judge(weekNovel, k + 1);
                den += w;
                num += weekNovel ? w : 0;
            }
        }
        if (!learnOnly)
        {
            _kind = s > _maxSym || s < _minSym ? AnomalyKinds.BeyondRange : seqNum > 0 ? AnomalyKinds.NewPattern : AnomalyKinds.Seasonal;
            _seenLowSym = _minSym;
            _seenHighSym = _maxSym;
            _seenFromExtremes = false;
        }
        _minSym = Math.Min(_minSym, s);
        _maxSym = Math.Max(_maxSym, s);
        if (_lag > 0 && hasLag)
        {
            // Deseasonalised view: the change from one period ago, quantised and judged as its own (small) context family.
            var back = at - _lag;
            var d = value - _ring[back < 0 ? back + _ring.Length : back];
            var sd = Level(d - _dOrigin, _dWidth, _dInverse);
            var sdCode = (int)Code(sd);
            double dNum = 0, dDen = 0;
            if (sdCode >= 0 && _prevSdCode >= 0 && Vector128.IsHardwareAccelerated)
            {
                // The same two touches and judgements as below, as vectors (the single and pair slots never coincide).
                var table = _seasonSeen;
                var pairAt = Codes + (_prevSdCode * Codes) + sdCode;
                var last = Vector128.Create(table[sdCode], table[pairAt]);
                var clock = _clock;
                table[sdCode] = clock;
                table[pairAt] = clock;
                var fresh = (Vector128.Equals(last, Vector128<long>.Zero) | Vector128.GreaterThan(Vector128.Create(clock) - last, Vector128.Create(_memory))).AsDouble();
                var rates = _rate.AsSpan(_rate.Length - 2, 2);
                var rate = Vector128.Create((ReadOnlySpan<double>)rates);
                (rate + (Vector128.Create(_rateAlpha) * ((fresh & Vector128<double>.One) - rate))).CopyTo(rates);
                var sw = Vector128<double>.One - rate;
                if (!learnOnly)
                {
                    dDen += sw.GetElement(0);
                    dDen += sw.GetElement(1);
                }
                if (!learnOnly && fresh != Vector128<double>.Zero)
                {
                    var sn = sw & fresh;
                    dNum += sn.GetElement(0);
                    dNum += sn.GetElement(1);
                }
            }
            else
            {
                var oneFresh = sdCode >= 0 ? Touch(_seasonSeen, sdCode) : _seen.Add(Mix(0x5EA5UL, (ulong)sd), _clock, _memory);
                var pairFresh = sdCode >= 0 && _prevSdCode >= 0
                    ? Touch(_seasonSeen, Codes + (_prevSdCode * Codes) + sdCode)
                    : _seen.Add(Mix(Mix(0x5EA6UL, (ulong)_prevSd), (ulong)sd), _clock, _memory);
                var w = Judge(oneFresh, _rate.Length - 2);
                dDen += w;
                dNum += oneFresh ? w : 0;
                w = Judge(pairFresh, _rate.Length - 1);
                dDen += w;
                dNum += pairFresh ? w : 0;
            }
            _prevSd = sd;
            _prevSdCode = sdCode;
            _seasonalNovel = !learnOnly && dNum != 0 && dDen > 1e-9 ? dNum / dDen : 0;
        }
        // Nothing new (the common case) is 0 either way; testing it first spares the division on the path every sample waits on.
        return !learnOnly && num != 0 && den > 1e-9 ? num / den : 0;
    }

    /// <summary>Updates the novelty rate of a context kind; returns its weight (how rarely this kind of context is new), which a fresh context adds to the novelty.</summary>
    /// <remarks>Callers sum the weights even while relearning (the sums are then unused): cheaper than a branch per context.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Judge(bool fresh, int kind)
    {
        var rate = _rate[kind];
        _rate[kind] = rate + (_rateAlpha * ((fresh ? 1.0 : 0.0) - rate));
        return 1.0 - rate;
    }

    /// <summary>The level <c>floor(clamp(offset / width, -1e9, 1e9))</c>, computed with a multiplication by the inverse width when that provably gives the same result.</summary>
    /// <remarks>
    /// The division heads the dependency chain of every sample. The product differs from the correctly rounded quotient by a
    /// few ulps (under 4e-8 below 1e8), so when it lies more than 1e-7 from an integer both have the same floor; otherwise
    /// (about one sample in ten million, or a non-finite or huge quotient) the division decides.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static long Level(double offset, double width, double inverse)
    {
        var q = offset * inverse;
        var f = Math.Floor(q);
        var frac = q - f;
        if (Math.Abs(q) < 1e8 && frac > 1e-7 && frac < 1 - 1e-7)
        {
            return (long)f;
        }
        return (long)Math.Floor(Math.Clamp(offset / width, -1e9, 1e9));
    }

    private static ulong Mix(ulong h, ulong x)
    {
        h ^= x + 0x9E3779B97F4A7C15UL + (h << 6) + (h >> 2);
        return h * 0x100000001B3UL;
    }

    private bool NeedsRescale()
    {
        _sinceCheck = 0;
        if (RangeStillFits())
        {
            return false;
        }
        var ideal = IdealWidth(out _checkedLow);
        _checkedWidth = ideal;
        _checkedAt = _n;
        return ideal > _width * _o.Rescale || ideal < _width / _o.Rescale;
    }

    /// <summary>Whether one counting pass proves that the ideal width lies within the rescale band, so no order statistic is needed (the usual outcome of a check).</summary>
    /// <remarks>
    /// Around the last exact quantiles q01/q99 it picks a &lt; c and d &lt; b; counts then certify a &lt;= q01 &lt;= c and
    /// d &lt;= q99 &lt;= b. Floating-point subtraction, division and multiplication are monotone, so the ideal width computed from
    /// the true quantiles lies between the same expressions over (c, d) and (a, b): when both bounds pass the rescale test, the
    /// exact test passes too. Anything not proven falls back to the exact computation.
    /// </remarks>
    private bool RangeStillFits()
    {
        var n = _ringCount;
        var lo = _quantileLow;
        var hi = _quantileHigh;
        var span = hi - lo;
        var levels = (double)_o.Levels;
        var full = _width * levels;
        var outer = ((2 * full) - span) / 4;
        var inner = (span - (full / 2)) / 4;
        if (n < 512 || !(outer > 0) || !(inner > 0) || !double.IsFinite(outer) || !double.IsFinite(inner))
        {
            return false;
        }
        var a = lo - outer;
        var b = hi + outer;
        var c = lo + inner;
        var d = hi - inner;
        if (!(c < d))
        {
            return false;
        }
        var kLow = (int)(0.01 * (n - 1));
        var kHigh = (int)Math.Ceiling(0.99 * (n - 1));
        // The bounds are evaluated exactly as IdealWidth evaluates the true quantiles: (high - low) / levels, floored.
        var upper = Math.Max((b - a) / _o.Levels, Math.Max(1e-12, Math.Max(Math.Abs(b), Math.Abs(d)) * 1e-9));
        var lower = (d - c) / _o.Levels;
        if (!(upper <= _width * _o.Rescale) || !(lower >= _width / _o.Rescale))
        {
            return false;
        }
        var x = _ring.AsSpan(0, n);
        long belowA = 0, aboveB = 0, atMostC = 0, atLeastD = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(a);
            var vb = Vector256.Create(b);
            var vc = Vector256.Create(c);
            var vd = Vector256.Create(d);
            Vector256<long> sa = default, sb = default, sc = default, sd = default;
            for (; i + 4 <= n; i += 4)
            {
                var v = Vector256.Create(x.Slice(i, 4));
                sa -= Vector256.LessThan(v, va).AsInt64();
                sb -= Vector256.GreaterThan(v, vb).AsInt64();
                sc -= Vector256.LessThanOrEqual(v, vc).AsInt64();
                sd -= Vector256.GreaterThanOrEqual(v, vd).AsInt64();
            }
            belowA = Vector256.Sum(sa);
            aboveB = Vector256.Sum(sb);
            atMostC = Vector256.Sum(sc);
            atLeastD = Vector256.Sum(sd);
        }
        for (; i < n; i++)
        {
            var v = x[i];
            belowA += v < a ? 1 : 0;
            aboveB += v > b ? 1 : 0;
            atMostC += v <= c ? 1 : 0;
            atLeastD += v >= d ? 1 : 0;
        }
        // q01 (the kLow-th smallest) >= a, q99 (the kHigh-th) <= b, q01 <= c, q99 >= d.
        return belowA <= kLow && aboveB <= n - 1 - kHigh && atMostC >= kLow + 1 && atLeastD >= n - kHigh;
    }

    /// <summary>Level width that spreads the robust range of recent history over the configured number of levels.</summary>
    private double IdealWidth(out double low)
    {
        var n = _ringCount;
        var kLow = (int)(0.01 * (n - 1));
        var kHigh = (int)Math.Ceiling(0.99 * (n - 1));
        // TailQuantiles finds the same order statistics as the quickselects over a copy, with far less work on a long history.
        if (n < 512 || !TailQuantiles(_ring.AsSpan(0, n), kLow, kHigh, _scratch, out low, out var high))
        {
            var copy = _scratch.AsSpan(0, n);
            _ring.AsSpan(0, n).CopyTo(copy);
            low = Select(copy, kLow);
            high = Select(copy, kHigh);
        }
        _quantileLow = low;
        _quantileHigh = high;
        // A flat history still needs a nonzero width; relative to the magnitude so large constants are not over-resolved.
        return Math.Max((high - low) / _o.Levels, Math.Max(1e-12, Math.Abs(high) * 1e-9));
    }

    /// <summary>The <paramref name="kLow"/>-th and <paramref name="kHigh"/>-th smallest values of <paramref name="x"/>, selected among the values beyond thresholds taken from a strided sample; false (nothing known) when a threshold was not far enough out.</summary>
    /// <remarks>
    /// Every value at or below the low threshold is kept, so when more than <paramref name="kLow"/> are kept the kLow-th smallest
    /// of them is the kLow-th smallest of all (likewise at the top): the result is exact, only the work shrinks from two
    /// quickselects over the whole history to one branch-free pass and two selections over a few hundred values.
    /// </remarks>
    internal static bool TailQuantiles(ReadOnlySpan<double> x, int kLow, int kHigh, Span<double> buffer, out double low, out double high)
    {
        const int SampleSize = 64;
        low = high = double.NaN;
        var n = x.Length;
        Span<double> sample = stackalloc double[SampleSize];
        var stride = n / SampleSize;
        for (var i = 0; i < SampleSize; i++)
        {
            sample[i] = x[i * stride];
        }
        // The 3rd smallest/largest of 64 evenly spread values sits near the 5%/95% quantile, beyond 1%/99% (fails a few % of the time).
        var tLow = Select(sample, 2);
        var tHigh = Select(sample, SampleSize - 3);
        if (!(tLow < tHigh))
        {
            return false;
        }
        // Low values fill the buffer from the front, high ones from the back; no value is both, so the two never overlap and
        // a value's tentative store on the side it does not belong to lands on a free slot.
        var buf = buffer[..n];
        int cl = 0, ch = 0;
        var at = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Most blocks of four hold no tail value at all and are skipped.
            var vl = Vector256.Create(tLow);
            var vh = Vector256.Create(tHigh);
            for (; at + 4 <= n; at += 4)
            {
                var v4 = Vector256.Create(x.Slice(at, 4));
                if ((Vector256.LessThanOrEqual(v4, vl) | Vector256.GreaterThanOrEqual(v4, vh)) == Vector256<double>.Zero)
                {
                    continue;
                }
                for (var i = at; i < at + 4; i++)
                {
                    var v = x[i];
                    buf[cl] = v;
                    cl += v <= tLow ? 1 : 0;
                    buf[n - 1 - ch] = v;
                    ch += v >= tHigh ? 1 : 0;
                }
            }
        }
        for (var i = at; i < n; i++)
        {
            var v = x[i];
            buf[cl] = v;
            cl += v <= tLow ? 1 : 0;
            buf[n - 1 - ch] = v;
            ch += v >= tHigh ? 1 : 0;
        }
        if (cl <= kLow || ch < n - kHigh)
        {
            return false;
        }
        low = Select(buf[..cl], kLow);
        high = Select(buf[(n - ch)..], ch - n + kHigh);
        return true;
    }

    /// <summary>The k-th smallest value (quickselect, expected linear time; reorders <paramref name="a"/>).</summary>
    internal static double Select(Span<double> a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (lo < hi)
        {
            var pivot = a[lo + ((hi - lo) / 2)];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot)
                {
                    i++;
                }
                while (a[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return a[k];
            }
        }
        return a[k];
    }

    /// <summary>Sets the daily lag (0 = none) and the quantiser of the change over one period.</summary>
    private void DetectSeason()
    {
        _lag = SeasonalLag();
        if (_lag == 0)
        {
            return;
        }
        var lag = _lag;
        // SeasonalLag (nonzero) left the history in time order in _linear; the changes overwrite it front to back.
        var x = _linear.AsSpan(0, _ringCount);
        var d = x[..(_ringCount - lag)];
        for (var i = lag; i < x.Length; i++)
        {
            d[i - lag] = x[i] - x[i - lag];
        }
        var kLow = (int)(0.01 * (d.Length - 1));
        var kHigh = (int)Math.Ceiling(0.99 * (d.Length - 1));
        if (d.Length < 512 || !TailQuantiles(d, kLow, kHigh, _scratch, out var lo, out var hi))
        {
            lo = Select(d, kLow);
            hi = Select(d, kHigh);
        }
        _dOrigin = lo;
        _dWidth = Math.Max((hi - lo) / _o.Levels, Math.Max(1e-12, Math.Abs(hi) * 1e-9));
        _dInverse = 1 / _dWidth;
    }

    /// <summary>The daily period in samples when recent history has strong autocorrelation at it (and holds two periods), else 0.</summary>
    private int SeasonalLag()
    {
        if (_o.SeasonalWeight <= 0 || _ringCount < 64)
        {
            return 0;
        }
        var start = _ringCount < _ring.Length ? 0 : _ringPos;
        var lt = _scratch.AsSpan(0, _ringCount);
        _times.AsSpan(start, _ringCount - start).CopyTo(lt);
        _times.AsSpan(0, start).CopyTo(lt[(_ringCount - start)..]);
        // Regularly sampled history (the common case): every interval is the median.
        var dt = lt[1] - lt[0];
        if (!EvenlySpaced(lt, dt))
        {
            for (var i = 0; i < lt.Length - 1; i++)
            {
                lt[i] = lt[i + 1] - lt[i];
            }
            var diffs = lt[..^1];
            dt = Select(diffs, diffs.Length / 2);
        }
        if (!(dt > 0))
        {
            return 0;
        }
        var daily = (int)Math.Round(86_400 / dt);
        if (daily < 4 || daily > _ringCount / 2)
        {
            return 0;
        }
        // Linearise the ring once so the autocorrelations run over a contiguous span (same summation order as before).
        var x = _linear.AsSpan(0, _ringCount);
        _ring.AsSpan(start, _ringCount - start).CopyTo(x);
        _ring.AsSpan(0, start).CopyTo(x[(_ringCount - start)..]);
        var weekly = 7 * daily;
        var tryWeekly = _o.Weekly && weekly <= _ringCount / 2;
        if (QuickPeriod(x, daily, tryWeekly ? weekly : 0, _o.SeasonalAcf, out var quick))
        {
            return quick;
        }
        double mean = 0;
        for (var i = 0; i < x.Length; i++)
        {
            mean += x[i];
        }
        mean /= _ringCount;
        var acfDaily = Autocorrelation(x, mean, daily);
        // A weekly period wins when history holds two weeks and the weekly echo is at least as strong (weekday/weekend series).
        var acfWeekly = tryWeekly ? Autocorrelation(x, mean, weekly) : double.NegativeInfinity;
        if (acfWeekly >= _o.SeasonalAcf && acfWeekly >= acfDaily)
        {
            return weekly;
        }
        return acfDaily >= _o.SeasonalAcf ? daily : 0;
    }

    /// <summary>Whether consecutive values of <paramref name="t"/> all differ by exactly <paramref name="step"/>.</summary>
    private static bool EvenlySpaced(ReadOnlySpan<double> t, double step)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(step);
            for (; i + 5 <= t.Length; i += 4)
            {
                if (!Vector256.EqualsAll(Vector256.Create(t.Slice(i + 1, 4)) - Vector256.Create(t.Slice(i, 4)), vs))
                {
                    return false;
                }
            }
        }
        for (; i + 1 < t.Length; i++)
        {
            if (!(t[i + 1] - t[i] == step))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The period decision of <see cref="SeasonalLag"/> from vector sums; false when any autocorrelation lies too near a threshold (or the history is too ill-conditioned) for the summation order not to matter.</summary>
    /// <remarks>
    /// The exact sums are sequential (latency-bound) and this check runs every 1,024 samples; the vector sums differ from them
    /// by far less than the margin (relative rounding ~n*eps, plus a mean shift that matters only when the level dwarfs the
    /// spread, which is excluded), so a decision taken outside the margin is the exact one.
    /// </remarks>
    internal static bool QuickPeriod(ReadOnlySpan<double> x, int daily, int weekly, double threshold, out int lag)
    {
        const double Margin = 1e-6;
        lag = 0;
        if (!Vector256.IsHardwareAccelerated)
        {
            return false;
        }
        var n = x.Length;
        var sum = Vector256<double>.Zero;
        var i = 0;
        for (; i + 4 <= n; i += 4)
        {
            sum += Vector256.Create(x.Slice(i, 4));
        }
        var mean = Vector256.Sum(sum);
        for (; i < n; i++)
        {
            mean += x[i];
        }
        mean /= n;
        var vm = Vector256.Create(mean);
        var sq = Vector256<double>.Zero;
        for (i = 0; i + 4 <= n; i += 4)
        {
            var v = Vector256.Create(x.Slice(i, 4)) - vm;
            sq += v * v;
        }
        var den = Vector256.Sum(sq);
        for (; i < n; i++)
        {
            den += (x[i] - mean) * (x[i] - mean);
        }
        if (!(den > 0) || !double.IsFinite(den) || mean * mean > 1e10 * (den / n))
        {
            return false;
        }
        var acfDaily = LagProduct(x, vm, daily) / den * n / (n - daily);
        var acfWeekly = weekly > 0 ? LagProduct(x, vm, weekly) / den * n / (n - weekly) : double.NegativeInfinity;
        if (!double.IsFinite(acfDaily) || Math.Abs(acfDaily - threshold) < Margin
            || (weekly > 0 && (!double.IsFinite(acfWeekly) || Math.Abs(acfWeekly - threshold) < Margin || Math.Abs(acfWeekly - acfDaily) < Margin)))
        {
            return false;
        }
        lag = acfWeekly >= threshold && acfWeekly >= acfDaily ? weekly : acfDaily >= threshold ? daily : 0;
        return true;
    }

    /// <summary>Sum over the overlap of the centred products of the history with itself <paramref name="lag"/> samples earlier.</summary>
    private static double LagProduct(ReadOnlySpan<double> x, Vector256<double> mean, int lag)
    {
        var acc = Vector256<double>.Zero;
        var i = lag;
        for (; i + 4 <= x.Length; i += 4)
        {
            acc += (Vector256.Create(x.Slice(i, 4)) - mean) * (Vector256.Create(x.Slice(i - lag, 4)) - mean);
        }
        var m = mean.GetElement(0);
        var r = Vector256.Sum(acc);
        for (; i < x.Length; i++)
        {
            r += (x[i] - m) * (x[i - lag] - m);
        }
        return r;
    }

    /// <summary>Autocorrelation of the recent history at a lag, corrected for the shorter overlap.</summary>
    internal static double Autocorrelation(ReadOnlySpan<double> x, double mean, int lag)
    {
        double num = 0, den = 0;
        var head = Math.Min(lag, x.Length);
        for (var i = 0; i < head; i++)
        {
            var xi = x[i] - mean;
            den += xi * xi;
        }
        for (var i = head; i < x.Length; i++)
        {
            var xi = x[i] - mean;
            den += xi * xi;
            num += xi * (x[i - lag] - mean);
        }
        return den <= 0 ? 0 : num / den * x.Length / (x.Length - lag);
    }

    /// <summary>Re-derives the quantiser from recent history and relearns all contexts from it.</summary>
    private void Rebuild()
    {
        _sinceCheck = 0;
        // A rescale found by the check of this very sample already has the quantiser (same history, so the same result).
        if (_checkedAt == _n)
        {
            _width = _checkedWidth;
            _origin = _checkedLow;
        }
        else
        {
            _width = IdealWidth(out _origin);
        }
        _inverse = 1 / _width;
        DetectSeason();
        _seen.Clear();
        Array.Clear(_orderSeen);
        Array.Clear(_hourSeen);
        Array.Clear(_hourVisits);
        Array.Clear(_hourSym);
        Array.Clear(_seasonSeen);
        _minSym = long.MaxValue;
        _maxSym = long.MinValue;
        var at = _ringCount < _ring.Length ? 0 : _ringPos;
        for (var i = 0; i < _ringCount; i++, at = at + 1 == _ring.Length ? 0 : at + 1)
        {
            _clock = _n - _ringCount + i + 1;
            Observe<LearnMode>(_times[at], _ring[at], at, i >= _lag);
        }
    }

    /// <summary>Instantiates <see cref="Observe{TMode}"/> for scoring.</summary>
    private struct ScoreMode;

    /// <summary>Instantiates <see cref="Observe{TMode}"/> for relearning history (no score).</summary>
    private struct LearnMode;

    /// <summary>An open-addressing set of 64-bit context hashes (no per-insert allocation; grows by doubling).</summary>
    private sealed class ContextSet
    {
        private ulong[] _slots = new ulong[1024];
        private long[] _last = new long[1024];
        private int _count;

        /// <summary>Marks a key seen at sample <paramref name="now"/>; returns true when it was absent or last seen more than <paramref name="memory"/> samples ago.</summary>
        public bool Add(ulong key, long now, long memory)
        {
            key = key == 0 ? 1 : key;
            var mask = _slots.Length - 1;
            var i = (int)((key * 0x9E3779B97F4A7C15UL) >> 33) & mask;
            while (true)
            {
                var slot = _slots[i];
                if (slot == key)
                {
                    var stale = now - _last[i] > memory;
                    _last[i] = now;
                    return stale;
                }
                if (slot == 0)
                {
                    _slots[i] = key;
                    _last[i] = now;
                    if (++_count * 2 > _slots.Length)
                    {
                        Grow();
                    }
                    return true;
                }
                i = (i + 1) & mask;
            }
        }

        public void Clear()
        {
            Array.Clear(_slots);
            Array.Clear(_last);
            _count = 0;
        }

        private void Grow()
        {
            var old = _slots;
            var oldLast = _last;
            _slots = new ulong[old.Length * 2];
            _last = new long[old.Length * 2];
            _count = 0;
            for (var j = 0; j < old.Length; j++)
            {
                if (old[j] != 0)
                {
                    Add(old[j], oldLast[j], long.MaxValue);
                }
            }
        }
    }
}
