using System.Globalization;
using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Logs.Analyzers;

/// <summary>Numeric fields of structured log lines read as series (memory, latency, pool usage, hit rate): a steady climb toward a limit
/// (a leak, a pool filling up, latency degrading) or a level shift the wrong way (a hit rate falling at a reload) becomes <c>logs.field_trend</c>.</summary>
/// <remarks>Per (source entity, field) with at least <see cref="MinPoints"/> values, ordered by time: the values are cut into
/// <see cref="Bins"/> equal-count bins and judged on the bin medians, so single outliers do not count. A limit is read from a sibling field
/// (<c>memory_limit_mb</c> for <c>memory_usage_mb</c>, <c>max_connections</c> for <c>active_connections</c>). Nested objects one level deep are
/// read (<c>cache_stats.rate</c>). O(records × numeric fields).</remarks>
public sealed partial class LogFieldTrendAnalyzer : IAnalyzer
{
    private const int MinPoints = 50;
    private const int Bins = 20;

    /// <inheritdoc />
    public string Name => "logs.field-trends";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [LogFindingKinds.FieldTrend];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var sources = LogSources.For(context.Evidence);
        var series = new Dictionary<(EntityRef, string), Series>();
        var limits = new Dictionary<(EntityRef, string), double>();
        var classes = new Dictionary<string, string?>(StringComparer.Ordinal);
        var order = 0L;
        foreach (var r in context.Evidence.Logs)
        {
            order++;
            if (r.Fields.Count < 2)
            {
                continue;
            }
            EntityRef? entity = null;
            foreach (var (key, value) in r.Fields)
            {
                if (value.Length > 1 && value[0] == '{' && value.Length < 400)
                {
                    foreach (var (k, v) in Nested(key, value))
                    {
                        Add(k, v);
                    }
                }
                else if (value.Length is > 0 and < 24 && (char.IsAsciiDigit(value[0]) || value[0] == '-'))
                {
                    if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
                    {
                        Add(key, d);
                    }
                }
            }

            void Add(string key, double v)
            {
                if (!classes.TryGetValue(key, out var cls))
                {
                    classes[key] = cls = Classify(key);
                }
                if (cls is null)
                {
                    return;
                }
                entity ??= sources.EntityOf(r);
                if (cls == "limit")
                {
                    limits[(entity, key)] = v;
                    return;
                }
                if (!series.TryGetValue((entity, key), out var s))
                {
                    series[(entity, key)] = s = new Series(cls);
                }
                s.Points.Add((r.Timestamp?.UtcTicks ?? order, v));
            }
        }

        var findings = new List<Finding>();
        foreach (var group in series.Where(s => s.Value.Points.Count >= MinPoints).GroupBy(s => (s.Key.Item1, s.Value.Class)))
        {
            var best = group.Select(s => Judge(s.Key.Item1, s.Key.Item2, s.Value, limits)).OfType<Finding>()
                .OrderByDescending(f => f.Attr("limit") is not null).ThenByDescending(f => f.Strength).ThenBy(f => f.Attr("field"), StringComparer.Ordinal).FirstOrDefault();
            if (best is not null)
            {
                findings.Add(best);
            }
        }
        return AnalyzerResult.Of(findings);
    }

    private Finding? Judge(EntityRef entity, string field, Series s, Dictionary<(EntityRef, string), double> limits)
    {
        var points = s.Points;
        points.Sort((a, b) => a.Order.CompareTo(b.Order));
        var medians = new double[Bins];
        var starts = new int[Bins + 1];
        for (var b = 0; b <= Bins; b++)
        {
            starts[b] = (int)((long)points.Count * b / Bins);
        }
        for (var b = 0; b < Bins; b++)
        {
            medians[b] = Median(points, starts[b], starts[b + 1]);
        }
        var first = medians[0];
        var last = medians[^1];
        var peak = points.Max(p => p.Value);
        double? limit = LimitFor(entity, field, limits);
        var upIsBad = s.Class != "ratio" || BadWhenHigh().IsMatch(field);
        var rising = 0;
        for (var b = 1; b < Bins; b++)
        {
            if (medians[b] >= medians[b - 1])
            {
                rising++;
            }
        }
        string? shape = null;
        var before = first;
        var after = last;
        DateTimeOffset? changeAt = null;
        if (upIsBad && rising >= (Bins - 1) * 0.8 && last > 0 && (last >= 2 * Math.Max(first, 1e-9) || (limit is { } l && last >= 0.9 * l && first < 0.5 * l)))
        {
            shape = "steady_growth";
        }
        else if (Shift(medians) is { } k)
        {
            before = Median(medians, 0, k);
            after = Median(medians, k, Bins);
            var worse = upIsBad ? after > before : after < before;
            if (worse && Math.Abs(after - before) >= 0.3 * Math.Max(Math.Abs(before), Math.Abs(after)))
            {
                shape = "shift";
                // The first point past the midpoint, from one bin before the boundary on, marks the change.
                var mid = (before + after) / 2;
                for (var i = starts[Math.Max(0, k - 1)]; i < starts[Math.Min(Bins, k + 1)]; i++)
                {
                    if (after > before ? points[i].Value > mid : points[i].Value < mid)
                    {
                        changeAt = points[i].Order > DateTimeOffset.MinValue.UtcTicks && points[i].Order > 1_000_000_000 ? new DateTimeOffset(points[i].Order, TimeSpan.Zero) : null;
                        break;
                    }
                }
            }
        }
        if (shape is null)
        {
            return null;
        }
        var unit = Unit(field);
        // A rate logged as a fraction (0.6) reads as a percentage (60%).
        var scale = unit == "%" && peak <= 1.0 ? 100 : 1;
        string F(double v) => Format(v * scale, unit);
        var change = Math.Abs(after - before) / Math.Max(Math.Max(Math.Abs(before), Math.Abs(after)), 1e-9);
        var atLimit = limit is { } lim && peak >= 0.9 * lim;
        var critical = atLimit || change >= 0.6 || (s.Class == "latency" && after >= 5 * Math.Max(before, 1e-9));
        var what = s.Class switch
        {
            "memory" => "memory",
            "latency" => "response time",
            "usage" => "usage",
            _ => "ratio",
        };
        var verb = shape == "steady_growth" ? "grew steadily" : after > before ? "jumped" : "fell";
        var limitText = limit is { } lt ? $" (limit {F(lt)}{(atLimit ? ", reached" : "")})" : "";
        var at = changeAt is { } c ? $" at {c:yyyy-MM-dd HH:mm:ss} UTC" : "";
        var title = $"{entity.Name}: {field} ({what}) {verb} from {F(before)} to {F(after)}{at}{(shape == "steady_growth" ? $", peaking at {F(peak)}" : "")}{limitText}";
        var attrs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["field"] = field,
            ["class"] = s.Class,
            ["before"] = F(before),
            ["after"] = F(after),
            ["peak"] = F(peak),
            ["direction"] = after > before ? "up" : "down",
            ["shape"] = shape,
            ["count"] = points.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (entity.Namespace is { } ns)
        {
            attrs["namespace"] = ns;
        }
        if (limit is { } li)
        {
            attrs["limit"] = F(li);
        }
        if (unit.Length > 0)
        {
            attrs["unit"] = unit;
        }
        if (changeAt is { } ca)
        {
            attrs["changeAt"] = ca.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        }
        // A steady climb has no moment of its own (it is a precursor); a shift starts where it happened.
        DateTimeOffset? start = changeAt;
        return new Finding(LogFindingKinds.FieldTrend, title, entity, start, null, Math.Min(1, 0.5 + change / 2), [])
        {
            Severity = critical ? FindingSeverity.Critical : FindingSeverity.Warning,
            Attributes = attrs,
            Analyzer = Name,
        };
    }

    /// <summary>The bin boundary that best splits the medians into two flat levels, or null when no split leaves both sides flat.</summary>
    private static int? Shift(double[] m)
    {
        int? best = null;
        var bestGap = 0.0;
        for (var k = 2; k <= m.Length - 2; k++)
        {
            var a = Median(m, 0, k);
            var b = Median(m, k, m.Length);
            var gap = Math.Abs(a - b);
            if (gap <= bestGap)
            {
                continue;
            }
            var flat = 0;
            for (var i = 0; i < m.Length; i++)
            {
                var side = i < k ? a : b;
                if (Math.Abs(m[i] - side) <= 0.2 * Math.Max(Math.Abs(side), 1e-9) + 1e-9)
                {
                    flat++;
                }
            }
            if (flat >= m.Length * 0.85)
            {
                best = k;
                bestGap = gap;
            }
        }
        return best;
    }

    private static double? LimitFor(EntityRef entity, string field, Dictionary<(EntityRef, string), double> limits)
    {
        var stem = field.Split('_', '.', '-')[0];
        foreach (var ((e, key), v) in limits)
        {
            if (e == entity && key.StartsWith(stem, StringComparison.OrdinalIgnoreCase) || e == entity && key.Contains(stem, StringComparison.OrdinalIgnoreCase))
            {
                return v;
            }
        }
        // Connection counts are limited by max_connections, whatever their stem.
        if (field.Contains("connection", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var ((e, key), v) in limits)
            {
                if (e == entity && key.Contains("connection", StringComparison.OrdinalIgnoreCase))
                {
                    return v;
                }
            }
        }
        return null;
    }

    /// <summary>What a numeric field measures, from its name: memory, latency, usage, ratio, limit; null for anything else (ids, counters, codes).</summary>
    internal static string? Classify(string key)
    {
        var k = key.ToLowerInvariant();
        if (k.Contains("limit") || k.StartsWith("max_", StringComparison.Ordinal) || k.Contains(".max_") || k.EndsWith("_max", StringComparison.Ordinal) || k.Contains("capacity") || k.Contains("total_mb"))
        {
            return "limit";
        }
        if (k.Contains("gc") || k.Contains("pause") || k.Contains("status") || k.Contains("code") || k.EndsWith("_id", StringComparison.Ordinal) || k.Contains("seq") || k.Contains("port") || k.Contains("pid") || k.Contains("count") || k.Contains("total") || k.Contains("size") || k.Contains("timestamp"))
        {
            return null;
        }
        if (k.Contains("hit") || (k.Contains("cache") && k.Contains("rate")) || k.Contains("success_rate") || k.Contains("error_rate") || k.Contains("failure_rate") || k.Contains("timeout_rate"))
        {
            return "ratio";
        }
        if (k.Contains("mem") || k.Contains("heap") || k.Contains("rss"))
        {
            return "memory";
        }
        if (k.Contains("latency") || k.Contains("response_time") || k.Contains("duration") || k.Contains("elapsed") || k.Contains("took") || k.EndsWith("_ms", StringComparison.Ordinal) || k.Contains("wait"))
        {
            return "latency";
        }
        if (k.Contains("usage") || k.Contains("utili") || k.Contains("percent") || k.Contains("active_connections") || k.Contains("in_use") || k.Contains("cpu") || k.Contains("queue_depth") || k.Contains("lag"))
        {
            return "usage";
        }
        return null;
    }

    private static string Unit(string field)
    {
        var f = field.ToLowerInvariant();
        return f.EndsWith("_mb", StringComparison.Ordinal) ? "MB" : f.EndsWith("_ms", StringComparison.Ordinal) ? "ms" : f.EndsWith("_bytes", StringComparison.Ordinal) ? "B"
            : f.EndsWith("_seconds", StringComparison.Ordinal) || f.EndsWith("_s", StringComparison.Ordinal) ? "s" : f.Contains("percent") || f.Contains("rate") || f.Contains("ratio") ? "%" : "";
    }

    private static string Format(double v, string unit)
    {
        var n = Math.Abs(v) >= 100 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);
        return unit switch
        {
            "" => n,
            "%" => n + "%",
            _ => n + " " + unit,
        };
    }

    /// <summary>Numeric members of a one-level JSON object written as text (<c>{"hits": 3, "rate": 85.7}</c>), named <c>parent.member</c>.</summary>
    private static IEnumerable<(string Key, double Value)> Nested(string parent, string json)
    {
        var i = 1;
        while (i < json.Length)
        {
            var q = json.IndexOf('"', i);
            if (q < 0)
            {
                yield break;
            }
            var end = json.IndexOf('"', q + 1);
            if (end < 0)
            {
                yield break;
            }
            var name = json[(q + 1)..end];
            var colon = end + 1;
            while (colon < json.Length && json[colon] is ' ' or ':')
            {
                colon++;
            }
            var stop = colon;
            while (stop < json.Length && (char.IsAsciiDigit(json[stop]) || json[stop] is '.' or '-' or 'e' or 'E' or '+'))
            {
                stop++;
            }
            if (stop > colon && double.TryParse(json.AsSpan(colon, stop - colon), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                yield return ($"{parent}.{name}", v);
                i = stop;
            }
            else if (colon < json.Length && json[colon] == '"')
            {
                var close = json.IndexOf('"', colon + 1);
                i = close < 0 ? json.Length : close + 1;
            }
            else
            {
                i = stop + 1;
            }
        }
    }

    private static double Median(List<(long Order, double Value)> points, int from, int to)
    {
        var n = to - from;
        if (n <= 0)
        {
            return 0;
        }
        var buf = new double[n];
        for (var i = 0; i < n; i++)
        {
            buf[i] = points[from + i].Value;
        }
        Array.Sort(buf);
        return n % 2 == 1 ? buf[n / 2] : (buf[n / 2 - 1] + buf[n / 2]) / 2;
    }

    private static double Median(double[] values, int from, int to)
    {
        var buf = values[from..to];
        Array.Sort(buf);
        var n = buf.Length;
        return n == 0 ? 0 : n % 2 == 1 ? buf[n / 2] : (buf[n / 2 - 1] + buf[n / 2]) / 2;
    }

    [System.Text.RegularExpressions.GeneratedRegex("error|fail|timeout|drop|loss|reject|miss", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex BadWhenHigh();

    private sealed class Series(string cls)
    {
        public string Class { get; } = cls;
        public List<(long Order, double Value)> Points { get; } = [];
    }
}
