using System.Text.RegularExpressions;
using Firefighter.Evidence;

namespace Firefighter.Logs;

/// <summary>Per-service change of the log lines at a split time: new templates, regular templates that stopped, error-rate change, and
/// lines by other services that name it. Also the caller → callee edges those naming lines give.</summary>
/// <remarks>Templates are mined once over every service's lines (first line of each record) and counted per service. A service's expected
/// count after the split is its count before scaled by its own traffic (its non-error lines after over before, shrunk toward the whole
/// estate's ratio when it logs little), so a busier minute is not a fault. A return-value or exception fault often shows only here: the
/// service starts writing a new error template, or a statement that followed another stops appearing while the one before it goes on.
/// Never throws.</remarks>
public static partial class LogShifts
{
    private const int MaxLines = 200_000;
    private const int MinRegular = 5;
    private const double Shrink = 5;
    private const int MaxSamples = 3;

    /// <summary>The shift of every service that wrote lines; <paramref name="serviceOf"/> maps a writer to its service (null to skip),
    /// <paramref name="services"/> are the names a line may mention.</summary>
    public static (IReadOnlyList<ServiceLogShift> Shifts, IReadOnlyList<(string Caller, string Callee)> Edges) Compute(
        IReadOnlyList<LogRecord> logs, Func<EntityRef, string?> serviceOf, DateTimeOffset split, IEnumerable<string> services) =>
        Compute(Prepare(logs, serviceOf), split, services);

    /// <summary>The lines mined into templates once, for <see cref="Compute(Prepared, DateTimeOffset, IEnumerable{string})"/> at many splits:
    /// mining does not depend on the split, and it is most of the cost.</summary>
    public static Prepared Prepare(IReadOnlyList<LogRecord> logs, Func<EntityRef, string?> serviceOf)
    {
        var miner = new TemplateMiner();
        var rows = new List<Row>(Math.Min(logs.Count, MaxLines));
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var cache = new Dictionary<EntityRef, int>();
        var locations = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var r in logs)
        {
            if (rows.Count >= MaxLines)
            {
                break;
            }
            if (r.Timestamp is not { } ts || r.Entity is not { } e)
            {
                continue;
            }
            if (!cache.TryGetValue(e, out var s))
            {
                s = -1;
                if (serviceOf(e) is { } name)
                {
                    if (!ids.TryGetValue(name, out s))
                    {
                        ids[name] = s = names.Count;
                        names.Add(name);
                    }
                }
                cache[e] = s;
            }
            if (s < 0)
            {
                continue;
            }
            var nl = r.Message.IndexOf('\n', StringComparison.Ordinal);
            var line = nl < 0 ? r.Message.AsSpan() : r.Message.AsSpan(0, nl);
            rows.Add(new Row(s, miner.Add(line, r.Level, ts), Location(line, locations), false, r));
        }
        return new Prepared(rows, rows.Count == 0 ? null : miner.Finish(), ids, names);
    }

    /// <summary>The shift of every service in <paramref name="prepared"/> at <paramref name="split"/>.</summary>
    public static (IReadOnlyList<ServiceLogShift> Shifts, IReadOnlyList<(string Caller, string Callee)> Edges) Compute(
        Prepared prepared, DateTimeOffset split, IEnumerable<string> services)
    {
        if (prepared.Mined is not { } mined)
        {
            return ([], []);
        }
        var rows = new List<Row>(prepared.Rows.Count);
        foreach (var row in prepared.Rows)
        {
            rows.Add(row with { After = row.Record.Timestamp!.Value >= split });
        }
        var ids = new Dictionary<string, int>(prepared.Ids, StringComparer.Ordinal);
        var names = new List<string>(prepared.Names);

        // Lines by one service that name another are about it (its caller wrote them), and are an edge of the call graph. They are the
        // named service's evidence, not their writer's: a caller complaining about its callee has not changed by itself.
        var known = services.Concat(names).Where(n => n.Length >= 3).Distinct(StringComparer.Ordinal)
            .OrderByDescending(n => n.Length).ThenBy(n => n, StringComparer.Ordinal).ToList();
        var edges = new HashSet<(string, string)>();
        var mentioned = new List<string>();
        var aboutOther = new string[]?[rows.Count];
        var complains = new List<(int Service, bool After)>();
        for (var k = 0; k < rows.Count; k++)
        {
            var (s, _, _, after, r) = rows[k];
            if (r.Level < LogLevel.Warn)
            {
                continue;
            }
            var nl = r.Message.IndexOf('\n', StringComparison.Ordinal);
            var line = nl < 0 ? r.Message : r.Message[..nl];
            mentioned.Clear();
            foreach (var n in known)
            {
                if (n != names[s] && Mentions(line, r.Fields, n) && !mentioned.Exists(x => x.Contains(n, StringComparison.Ordinal)))
                {
                    mentioned.Add(n);
                }
            }
            aboutOther[k] = mentioned.Count > 0 ? [.. mentioned] : null;
            if (mentioned.Count > 0)
            {
                complains.Add((s, after));
            }
            foreach (var n in mentioned)
            {
                edges.Add((names[s], n));
                if (!ids.TryGetValue(n, out var callee))
                {
                    ids[n] = callee = names.Count;
                    names.Add(n);
                }
            }
        }
        var acc = new Acc[names.Count];
        for (var s = 0; s < acc.Length; s++)
        {
            acc[s] = new Acc();
        }
        for (var k = 0; k < rows.Count; k++)
        {
            if (aboutOther[k] is not { } about)
            {
                continue;
            }
            var (_, _, _, after, r) = rows[k];
            var nl = r.Message.IndexOf('\n', StringComparison.Ordinal);
            var line = nl < 0 ? r.Message : r.Message[..nl];
            foreach (var n in about)
            {
                var b = acc[ids[n]];
                if (after)
                {
                    b.Named++;
                    b.Note(r, line);
                }
                else
                {
                    b.NamedBefore++;
                }
            }
        }

        foreach (var (s, after) in complains)
        {
            if (after)
            {
                acc[s].Complains++;
            }
            else
            {
                acc[s].ComplainsBefore++;
            }
        }

        var counts = new Dictionary<(int Service, int Template, int Location), Count>();
        int allBefore = 0, allAfter = 0;
        var lastTicks = split.UtcTicks;
        for (var k = 0; k < rows.Count; k++)
        {
            if (aboutOther[k] is not null)
            {
                continue;
            }
            var (s, sig, loc, after, r) = rows[k];
            var a = acc[s];
            var error = r.Level >= LogLevel.Error;
            // A line that names its statement is counted by statement: the same statement with other data is not a new message.
            var t = loc > 0 ? -1 : mined.SignatureTemplates[sig];
            if (!counts.TryGetValue((s, t, loc), out var c))
            {
                counts[(s, t, loc)] = c = new Count();
            }
            if (after)
            {
                c.FirstRow = c.After == 0 ? k : c.FirstRow;
                c.After++;
                c.Level = r.Level > c.Level ? r.Level : c.Level;
                c.Span.Add(r.Timestamp!.Value.UtcTicks);
                lastTicks = Math.Max(lastTicks, r.Timestamp!.Value.UtcTicks);
            }
            else
            {
                c.FirstBeforeRow = c.Before == 0 ? k : c.FirstBeforeRow;
                c.Before++;
            }
            if (after)
            {
                a.After++;
                a.ErrorsAfter += error ? 1 : 0;
                if (error)
                {
                    a.ErrorSpan.Add(r.Timestamp!.Value.UtcTicks);
                }
                allAfter++;
            }
            else
            {
                a.Before++;
                a.ErrorsBefore += error ? 1 : 0;
                allBefore++;
            }
        }

        var global = (allAfter + 1.0) / (allBefore + 1.0);
        // Each service's regular statements, after over before: a statement that stopped is judged against the ones that went on.
        var regularRatios = counts.Where(kv => kv.Value.Before >= MinRegular).GroupBy(kv => kv.Key.Service)
            .ToDictionary(g => g.Key, g => g.Select(kv => (Key: kv.Key, Ratio: kv.Value.After / (double)kv.Value.Before)).ToList());
        string Text(int t, LogRecord r) => t >= 0 ? mined.Templates[t].Text : Excerpt(FirstLine(r.Message));
        foreach (var ((s, t, loc), c) in counts)
        {
            var (before, after, level, first) = (c.Before, c.After, c.Level, c.FirstRow);
            var a = acc[s];
            var ratio = (a.After - a.ErrorsAfter + (Shrink * global)) / (a.Before - a.ErrorsBefore + Shrink);
            if (before == 0 && after > 0)
            {
                a.NewLines += after;
                // Had it existed all along, this many of its lines would have fallen before the split.
                // Fewer than three expected is no surprise at all (a rare request), not a small one.
                var expectedBefore = after / Math.Max(ratio, 1e-9);
                a.NewZ += expectedBefore < 3 ? 0 : Math.Min(expectedBefore, 50) * (level >= LogLevel.Warn ? 1 : 1.0 / 3) * c.Span.Spread(split.UtcTicks, lastTicks);
                var r = rows[first].Record;
                if (level >= LogLevel.Warn)
                {
                    a.NewWarnLines += after;
                    if (ExceptionName().Match(r.Message) is { Success: true } m)
                    {
                        a.Exception = true;
                        a.ExceptionType ??= m.Value;
                    }
                    if (after > a.NewTemplateCount || a.NewTemplateLevel < LogLevel.Warn)
                    {
                        a.NewTemplateCount = after;
                        a.NewTemplateLevel = level;
                        a.NewTemplate = Text(t, r);
                    }
                    a.Note(r, FirstLine(r.Message));
                }
                else if (a.NewTemplateLevel < LogLevel.Warn && after > a.NewTemplateCount)
                {
                    a.NewTemplateCount = after;
                    a.NewTemplateLevel = level;
                    a.NewTemplate = Text(t, r);
                }
            }
            else if (before >= MinRegular && a.After >= MinRegular)
            {
                // The upper quartile of its other regular statements' ratios: what the service kept doing, this one should have too.
                var others = regularRatios[s].Where(x => x.Key != (s, t, loc)).Select(x => x.Ratio).Order().ToArray();
                var reference = others.Length == 0 ? ratio : Math.Max(ratio, Quartile3(others));
                var expected = before * reference;
                var z = (expected - after) / Math.Sqrt(expected + 1);
                if (after < expected / 2 && z > a.VanishedZ)
                {
                    a.VanishedZ = z;
                    a.VanishedTemplate = Text(t, rows[c.FirstBeforeRow].Record);
                }
            }
        }

        var keyText = new Dictionary<string, string>(StringComparer.Ordinal);
        string KeyOf(int k)
        {
            var row = rows[k];
            var t = row.Location > 0 ? "L" + row.Location.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : "T" + mined.SignatureTemplates[row.Signature].ToString(System.Globalization.CultureInfo.InvariantCulture);
            keyText.TryAdd(t, row.Location > 0 ? Excerpt(FirstLine(row.Record.Message)) : mined.Templates[mined.SignatureTemplates[row.Signature]].Text);
            return t;
        }
        foreach (var (s, (z, reached, missing)) in BrokenSequences(rows, KeyOf))
        {
            var a = acc[s];
            a.BrokenZ = z;
            a.Broken = $"{keyText[missing]} no longer follows {keyText[reached]}";
        }

        var result = new List<ServiceLogShift>();
        for (var s = 0; s < names.Count; s++)
        {
            var a = acc[s];
            var ratio = (a.After - a.ErrorsAfter + (Shrink * global)) / (a.Before - a.ErrorsBefore + Shrink);
            var expected = a.ErrorsBefore * ratio;
            var errorZ = (a.ErrorsAfter - expected) / Math.Sqrt(expected + 1) * a.ErrorSpan.Spread(split.UtcTicks, lastTicks);
            result.Add(new ServiceLogShift(names[s], a.Before, a.After, a.ErrorsBefore, a.ErrorsAfter, Math.Max(0, errorZ), a.NewZ, a.NewWarnLines, a.NewLines,
                Math.Max(0, a.VanishedZ), a.BrokenZ, a.Named, a.NamedBefore, a.Complains, a.ComplainsBefore, a.Exception, a.NewTemplate, a.Broken ?? a.VanishedTemplate, a.First, a.Samples)
            {
                ExceptionType = a.ExceptionType,
            });
        }
        return (result.OrderBy(r => r.Service, StringComparer.Ordinal).ToList(),
            edges.OrderBy(e => e.Item1, StringComparer.Ordinal).ThenBy(e => e.Item2, StringComparer.Ordinal).ToList());
    }

    /// <summary>When the services' log vocabulary changed: the time that most templates started at (never written before it, at least three
    /// times after) or stopped at (written steadily before, never after), warning and error templates counting double, at least two of them
    /// within 15 seconds. Null when no time stands out.</summary>
    /// <remarks>Only times at least <paramref name="margin"/> after the first line and before the last are candidates: at the edges of
    /// the logs everything looks new or gone.</remarks>
    public static DateTimeOffset? Onset(IReadOnlyList<LogRecord> logs, Func<EntityRef, string?> serviceOf, TimeSpan margin)
    {
        var miner = new TemplateMiner();
        var rows = new List<(string Service, int Signature, int Location, long Ticks, LogLevel Level)>();
        var cache = new Dictionary<EntityRef, string?>();
        var locations = new Dictionary<string, int>(StringComparer.Ordinal);
        long first = long.MaxValue, last = long.MinValue;
        foreach (var r in logs)
        {
            if (rows.Count >= MaxLines)
            {
                break;
            }
            if (r.Timestamp is not { } ts || r.Entity is not { } e)
            {
                continue;
            }
            if (!cache.TryGetValue(e, out var s))
            {
                cache[e] = s = serviceOf(e);
            }
            if (s is null)
            {
                continue;
            }
            var nl = r.Message.IndexOf('\n', StringComparison.Ordinal);
            var line = nl < 0 ? r.Message.AsSpan() : r.Message.AsSpan(0, nl);
            rows.Add((s, miner.Add(line, r.Level, ts), Location(line, locations), ts.UtcTicks, r.Level));
            first = Math.Min(first, ts.UtcTicks);
            last = Math.Max(last, ts.UtcTicks);
        }
        if (rows.Count == 0 || last - first < 3 * margin.Ticks)
        {
            return null;
        }
        var mined = miner.Finish();
        var groups = rows.GroupBy(r => (r.Service, r.Location > 0 ? -1 : mined.SignatureTemplates[r.Signature], r.Location));
        // Each changed template votes for the time it started or stopped, to the nearest 5 seconds.
        var votes = new SortedDictionary<long, double>();
        var voters = new Dictionary<long, int>();
        var step = TimeSpan.TicksPerSecond * 5;
        var lo = first + margin.Ticks;
        var hi = last - margin.Ticks;
        foreach (var g in groups)
        {
            var times = g.Select(x => x.Ticks).Order().ToList();
            var weight = g.Max(x => x.Level) >= LogLevel.Warn ? 2.0 : 1.0;
            // Started: nothing before, at least three after, and at its own rate it would have been written at least three times before
            // (a rare message first seen a little after the logs begin is not new).
            var gap = times.Count > 1 ? (times[^1] - times[0]) / (double)(times.Count - 1) : double.PositiveInfinity;
            if (times.Count >= MinRegular - 2 && times[0] >= lo && times[0] <= hi && times[0] - first >= 3 * gap)
            {
                var k = times[0] / step;
                votes[k] = votes.GetValueOrDefault(k) + (weight * Math.Log2(times.Count));
                voters[k] = voters.GetValueOrDefault(k) + 1;
            }
            if (times.Count >= MinRegular && times[^1] >= lo && times[^1] <= hi)
            {
                // Stopped: steady before (its own rate says it should have appeared again well before the end), nothing after.
                var rate = (times[^1] - times[0]) / (double)(times.Count - 1);
                if (last - times[^1] > 4 * rate)
                {
                    var k = times[^1] / step;
                    votes[k] = votes.GetValueOrDefault(k) + (weight * Math.Log2(times.Count));
                    voters[k] = voters.GetValueOrDefault(k) + 1;
                }
            }
        }
        if (votes.Count == 0)
        {
            return null;
        }
        // Neighbouring buckets are one change seen by templates a few seconds apart: sum a 15-second window.
        var keys = votes.Keys.ToList();
        double best = 0;
        var at = 0L;
        for (var i = 0; i < keys.Count; i++)
        {
            var sum = 0.0;
            var count = 0;
            for (var j = i; j < keys.Count && keys[j] - keys[i] <= 2; j++)
            {
                sum += votes[keys[j]];
                count += voters[keys[j]];
            }
            // One template starting is one message (a burst of a noisy one); a change of the service's behaviour moves several.
            if (sum > best && count >= 2)
            {
                best = sum;
                at = keys[i];
            }
        }
        return best >= 4 ? new DateTimeOffset(at * step, TimeSpan.Zero) : null;
    }

    // The callee may be in the text or in a structured field ({"db":"postgres.shop.svc:5432"}, {"upstream":"checkout"}).
    private static bool Mentions(string line, IReadOnlyDictionary<string, string> fields, string name)
    {
        if (MentionsWord(line, name))
        {
            return true;
        }
        foreach (var v in fields.Values)
        {
            if (v.Length <= 512 && MentionsWord(v, name))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether <paramref name="text"/> contains <paramref name="word"/> (any case) not inside a longer word.</summary>
    public static bool MentionsWord(string text, string word)
    {
        var i = text.IndexOf(word, StringComparison.OrdinalIgnoreCase);
        while (i >= 0)
        {
            var end = i + word.Length;
            if ((i == 0 || !char.IsLetterOrDigit(text[i - 1])) && (end >= text.Length || !char.IsLetterOrDigit(text[end])))
            {
                return true;
            }
            i = text.IndexOf(word, i + 1, StringComparison.OrdinalIgnoreCase);
        }
        return false;
    }

    // First and last time of some lines after the split. Lines that all fall in a short moment of the time after the split are one event
    // (a noisy service's burst), not a change of behaviour: Spread is their span over a third of that time, at most 1.
    private struct TimeSpread
    {
        private long _first;
        private long _last;

        public void Add(long ticks)
        {
            _first = _first == 0 ? ticks : Math.Min(_first, ticks);
            _last = Math.Max(_last, ticks);
        }

        public readonly double Spread(long from, long to) =>
            _first == 0 || to <= from ? 1 : Math.Clamp((_last - _first) / ((to - from) / 3.0), 0, 1);
    }

    private static double Quartile3(double[] sorted)
    {
        var pos = 0.75 * (sorted.Length - 1);
        var lo = (int)pos;
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (pos - lo));
    }

    private static string Excerpt(string line) => line.Length > 200 ? line[..200] + "…" : line;

    private static string FirstLine(string message)
    {
        var nl = message.IndexOf('\n', StringComparison.Ordinal);
        return nl < 0 ? message : message[..nl];
    }

    /// <summary>An exception or error type name, or a stack frame (<c>at Foo.Bar(</c>).</summary>
    [GeneratedRegex(@"\b[A-Za-z_$][\w$]*(Exception|Error)\b|\bat [\w$.]+\(")]
    internal static partial Regex ExceptionName();

    private sealed class Count
    {
        public int Before;
        public int After;
        public LogLevel Level;
        public int FirstRow;
        public int FirstBeforeRow;
        public TimeSpread Span;
    }

    internal readonly record struct Row(int Service, int Signature, int Location, bool After, LogRecord Record);

    /// <summary>Lines with their service, template and statement, mined once (see <see cref="Prepare"/>).</summary>
    public sealed class Prepared
    {
        internal Prepared(List<Row> rows, MiningResult? mined, Dictionary<string, int> ids, List<string> names) =>
            (Rows, Mined, Ids, Names) = (rows, mined, ids, names);

        internal List<Row> Rows { get; }

        internal MiningResult? Mined { get; }

        internal Dictionary<string, int> Ids { get; }

        internal List<string> Names { get; }
    }

    // The statement that wrote a line, when the line names it (a logger with its source line, "Foo#123", or a file and line, "foo.py:123"):
    // two statements with the same words are different code paths, and one of them stopping is what a failure between them looks like.
    private static int Location(ReadOnlySpan<char> line, Dictionary<string, int> ids)
    {
        var head = line.Length > 160 ? line[..160] : line;
        foreach (var m in CodeLocation().EnumerateMatches(head))
        {
            var key = head.Slice(m.Index, m.Length).ToString();
            if (!ids.TryGetValue(key, out var id))
            {
                ids[key] = id = ids.Count + 1;
            }
            return id;
        }
        return 0;
    }

    [GeneratedRegex(@"[\w$.\]\[-]+#\d+\b|\b[\w$.-]+\.(java|kt|scala|groovy|py|go|rb|js|ts|cs|cpp|cc|c|rs|php|ex|exs):\d+\b")]
    private static partial Regex CodeLocation();

    /// <summary>The trace id a record carries in a field (<c>trace_id</c>, <c>traceId</c>...) or its text (<c>TraceID: …</c>,
    /// <c>trace_id=…</c>), lower-cased; null when none.</summary>
    public static string? TraceIdOf(LogRecord r)
    {
        foreach (var key in TraceKeys)
        {
            if (r.Fields.TryGetValue(key, out var v) && v.Length >= 16)
            {
                return v.ToLowerInvariant();
            }
        }
        var m = TraceIdInText().Match(r.Message);
        return m.Success ? m.Groups[1].Value.ToLowerInvariant() : null;
    }

    private static readonly string[] TraceKeys = ["trace_id", "traceId", "traceID", "TraceID", "trace.id", "traceid"];

    [GeneratedRegex(@"(?i)\btrace[_ .-]?id\b\s*[:=]\s*\[?([0-9a-f]{16,32})\b")]
    private static partial Regex TraceIdInText();

    // A statement B that came with statement A in (almost) every request before the split, and is missing from many requests after it
    // that still reach A: the code between them stopped completing (an exception, an early return). Requests are told apart by the trace
    // id their lines carry. Per service: the strongest such break in binomial z units, and the two statements (as keys of keyOf).
    private static Dictionary<int, (double Z, string Reached, string Missing)> BrokenSequences(List<Row> rows, Func<int, string> keyOf)
    {
        var result = new Dictionary<int, (double, string, string)>();
        var byTrace = new Dictionary<(int Service, string Trace), (HashSet<string> Keys, bool After)>();
        for (var k = 0; k < rows.Count; k++)
        {
            var r = rows[k];
            if (TraceIdOf(r.Record) is not { } id)
            {
                continue;
            }
            if (!byTrace.TryGetValue((r.Service, id), out var t))
            {
                // A request belongs to the side of the split where it began.
                byTrace[(r.Service, id)] = t = ([], r.After);
            }
            t.Keys.Add(keyOf(k));
        }
        foreach (var service in byTrace.GroupBy(kv => kv.Key.Service))
        {
            var single = new Dictionary<string, (int Before, int After)>(StringComparer.Ordinal);
            var pairs = new Dictionary<(string A, string B), (int Before, int After)>();
            int tracesBefore = 0, tracesAfter = 0;
            foreach (var (_, (keys, after)) in service)
            {
                tracesBefore += after ? 0 : 1;
                tracesAfter += after ? 1 : 0;
                foreach (var a in keys)
                {
                    var c = single.GetValueOrDefault(a);
                    single[a] = after ? (c.Before, c.After + 1) : (c.Before + 1, c.After);
                    foreach (var b in keys)
                    {
                        if (a != b)
                        {
                            var pc = pairs.GetValueOrDefault((a, b));
                            pairs[(a, b)] = after ? (pc.Before, pc.After + 1) : (pc.Before + 1, pc.After);
                        }
                    }
                }
            }
            if (tracesBefore < MinRegular || tracesAfter < MinRegular)
            {
                continue;
            }
            var best = (Z: 0.0, A: "", B: "");
            foreach (var ((a, b), both) in pairs)
            {
                var (na, ma) = single[a];
                if (na < MinRegular || ma < 3 || both.Before < 0.9 * na)
                {
                    continue;
                }
                // The rate it kept before, shrunk a little: a perfect record of ten is not a certainty.
                var q = (both.Before + 0.5) / (na + 1.0);
                var z = ((ma * q) - both.After) / Math.Sqrt((ma * q * (1 - q)) + 1);
                if (z > best.Z || (z == best.Z && string.CompareOrdinal(a + b, best.A + best.B) < 0))
                {
                    best = (z, a, b);
                }
            }
            if (best.Z > 0)
            {
                result[service.Key] = best;
            }
        }
        return result;
    }

    private sealed class Acc
    {
        public int Before;
        public int After;
        public int ErrorsBefore;
        public int ErrorsAfter;
        public int NewWarnLines;
        public double NewZ;
        public int NewLines;
        public double VanishedZ;
        public double BrokenZ;
        public string? Broken;
        public string? VanishedTemplate;
        public int Named;
        public int NamedBefore;
        public int Complains;
        public int ComplainsBefore;
        public TimeSpread ErrorSpan;
        public bool Exception;
        public string? ExceptionType;
        public string? NewTemplate;
        public int NewTemplateCount;
        public LogLevel NewTemplateLevel;
        public DateTimeOffset? First;
        public List<EvidenceRef> Samples { get; } = [];

        public void Note(LogRecord r, string line)
        {
            if (r.Timestamp is { } t && (First is null || t < First))
            {
                First = t;
            }
            if (Samples.Count < MaxSamples)
            {
                Samples.Add(r.Ref with { Excerpt = line.Length > 200 ? line[..200] + "…" : line });
            }
        }
    }
}
