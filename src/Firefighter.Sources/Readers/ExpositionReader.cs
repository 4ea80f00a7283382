using System.Globalization;
using System.Text.RegularExpressions;
using Firefighter.Evidence;
using Firefighter.Metrics;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;
using Firefighter.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Reads scrapes saved from <c>/metrics</c> endpoints under metrics/ (Prometheus text format and OpenMetrics: <c>.prom</c>, <c>.om</c>,
/// <c>.metrics</c>, or <c>.txt</c>/no extension when the content looks like one); snapshots of one target merge into series with several points.</summary>
/// <remarks>A sample's time is its own timestamp, else the latest <c># scraped at TIME</c> comment above it, else a time in the file name,
/// else the incident's captured_at, end or start (with a warning); never the file's modification time.</remarks>
public sealed partial class ExpositionReader : IEvidenceReader
{
    private const int MaxLineWarnings = 10;

    private static readonly HashSet<string> Types = new(StringComparer.Ordinal)
    {
        "counter", "gauge", "histogram", "summary", "untyped", "info", "stateset", "gaugehistogram", "unknown",
    };

    private static readonly string[] FamilySuffixes = ["_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info"];

    /// <inheritdoc />
    public string Kind => "metrics";

    /// <inheritdoc />
    public int Priority => 10; // sniffs exposition text

    /// <inheritdoc />
    public bool CanRead(BundleFile file)
    {
        if (file.Folder != "metrics")
        {
            return false;
        }
        if (file.Extension is ".prom" or ".om" or ".metrics" or ".openmetrics")
        {
            return true;
        }
        return file.Extension is ".txt" or "" && !file.LooksBinary && LooksLikeExposition(file.HeadText);
    }

    /// <summary>Whether text starts like an exposition: a <c># HELP</c>/<c># TYPE</c> line or a <c>name{...} number</c> line before anything else.</summary>
    internal static bool LooksLikeExposition(string head)
    {
        foreach (var raw in head.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith("# HELP ", StringComparison.Ordinal) || line.StartsWith("# TYPE ", StringComparison.Ordinal)
                || line.StartsWith("# UNIT ", StringComparison.Ordinal) || ScrapedAt().IsMatch(line))
            {
                return true;
            }
            if (line.StartsWith('#'))
            {
                continue;
            }
            return ExpositionLine.TryParse(line, out _, out _);
        }
        return false;
    }

    /// <inheritdoc />
    public int Read(BundleFile file, ReadContext context)
    {
        if (file.LooksBinary)
        {
            context.Warn(file.Path, null, "not read: binary file (contains NUL bytes); a metrics scrape must be text (UTF-8)");
            return 0;
        }
        var state = context.State<MergeState>();
        var target = Target(file.Stem, out var nameTime, out var nameTimeNote, context.Incident);
        double? scrapeTime = nameTime;
        var fallback = FallbackTime(context.Incident, out var fallbackLabel);
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        var helpSeen = new HashSet<string>(StringComparer.Ordinal);
        var typeSeen = new HashSet<string>(StringComparer.Ordinal);
        var touched = new List<Entry>();
        var touchedSet = new HashSet<Entry>();
        var lineWarnings = 0;
        var suppressed = 0;
        var samples = 0;
        var usedFallback = 0;
        var noTime = 0;
        var afterEof = 0;
        var eof = false;

        void Problem(int line, string message)
        {
            if (lineWarnings++ < MaxLineWarnings)
            {
                context.Warn(file.Path, line, message);
            }
            else
            {
                suppressed++;
            }
        }

        foreach (var (line, raw) in TextLines.Read(file, context))
        {
            var text = raw.TrimEnd('\r');
            if (text.Trim().Length == 0)
            {
                continue;
            }
            if (text.StartsWith('#'))
            {
                var m = ScrapedAt().Match(text);
                if (m.Success)
                {
                    if (TryTime(m.Groups[1].Value.Trim(), out var st))
                    {
                        // A new scrape begins: its HELP/TYPE lines are not duplicates of the previous scrape's.
                        scrapeTime = st;
                        helpSeen.Clear();
                        typeSeen.Clear();
                        eof = false;
                    }
                    else
                    {
                        Problem(line, $"'# scraped at' time '{m.Groups[1].Value.Trim()}' not readable (ISO 8601 or Unix seconds); ignored");
                    }
                    continue;
                }
                if (text == "# EOF")
                {
                    eof = true;
                    helpSeen.Clear();
                    typeSeen.Clear();
                    continue;
                }
                Meta(text, line, families, helpSeen, typeSeen, Problem);
                continue;
            }
            if (eof && afterEof++ == 0)
            {
                Problem(line, "samples after '# EOF' without a '# scraped at' line: read as part of the same scrape");
            }
            if (!ExpositionLine.TryParse(text, out var sample, out var error))
            {
                Problem(line, error + "; line skipped");
                continue;
            }
            if (sample.Note is { } note)
            {
                Problem(line, note);
            }
            var t = sample.Time;
            if (double.IsNaN(t))
            {
                if (scrapeTime is { } st)
                {
                    t = st;
                }
                else if (fallback is { } ft)
                {
                    t = ft;
                    usedFallback++;
                }
                else
                {
                    noTime++;
                    continue;
                }
            }
            // Like Prometheus at scrape time, the target becomes the instance label, so scrapes of different hosts stay apart.
            sample.Labels.TryAdd("instance", target);
            var type = FamilyOf(sample.Name, families)?.Type;
            var key = Key(sample.Name, sample.Labels);
            if (!state.Series.TryGetValue(key, out var entry))
            {
                entry = new Entry(new SeriesBuilder(sample.Name, sample.Labels, new EvidenceRef(file.Path, line)), type, -1);
                state.Series[key] = entry;
            }
            entry.Type ??= type;
            entry.Builder.Add(t, sample.Value);
            samples++;
            if (touchedSet.Add(entry))
            {
                touched.Add(entry);
            }
        }
        if (suppressed > 0)
        {
            context.Warn(file.Path, null, $"{suppressed} more unreadable line(s) not listed");
        }
        if (nameTimeNote is not null && samples > 0)
        {
            context.Warn(file.Path, null, nameTimeNote);
        }
        if (usedFallback > 0)
        {
            context.Warn(file.Path, null, $"{usedFallback} sample(s) have no timestamp and the file no '# scraped at' line: placed at the incident's {fallbackLabel} {Iso(fallback!.Value)}");
        }
        if (noTime > 0)
        {
            context.Warn(file.Path, null, $"{noTime} sample(s) not read: no timestamp, no '# scraped at TIME' line, no time in the file name and no incident time to place them at");
        }
        foreach (var entry in touched)
        {
            var series = entry.Builder.Build(out var duplicates) with { Type = entry.Type };
            if (duplicates > entry.Duplicates)
            {
                context.Warn(file.Path, null, $"{duplicates - entry.Duplicates} duplicate timestamp(s) in series {series.Id}; the last value kept");
                entry.Duplicates = duplicates;
            }
            if (entry.Index < 0)
            {
                entry.Index = context.Evidence.Metrics.Count;
                context.Evidence.Metrics.Add(series);
            }
            else
            {
                context.Evidence.Metrics[entry.Index] = series;
            }
        }
        return touched.Count;
    }

    private static void Meta(string text, int line, Dictionary<string, Family> families, HashSet<string> helpSeen, HashSet<string> typeSeen, Action<int, string> problem)
    {
        var parts = text.Split(' ', 4, StringSplitOptions.None);
        if (parts.Length < 3 || parts[0] != "#" || parts[1] is not ("HELP" or "TYPE" or "UNIT"))
        {
            return;
        }
        var name = parts[2];
        var value = parts.Length > 3 ? parts[3].Trim() : "";
        if (!families.TryGetValue(name, out var family))
        {
            families[name] = family = new Family();
        }
        switch (parts[1])
        {
            case "HELP":
                if (!helpSeen.Add(name))
                {
                    problem(line, $"second HELP for {name} in one scrape; the first kept");
                }
                break;
            case "TYPE":
                if (!typeSeen.Add(name) && family.Type is not null && family.Type != value)
                {
                    problem(line, $"second TYPE for {name} ('{value}' after '{family.Type}'); the first kept");
                    break;
                }
                if (!Types.Contains(value))
                {
                    problem(line, $"unknown TYPE '{value}' for {name}; read as untyped");
                    family.Type = "untyped";
                }
                else
                {
                    family.Type = value;
                }
                break;
            default:
                family.Unit = value;
                break;
        }
    }

    private static Family? FamilyOf(string name, Dictionary<string, Family> families)
    {
        if (families.TryGetValue(name, out var f) && f.Type is not null)
        {
            return f;
        }
        foreach (var suffix in FamilySuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && families.TryGetValue(name[..^suffix.Length], out f) && f.Type is not null)
            {
                return f;
            }
        }
        return null;
    }

    private static string Key(string name, Dictionary<string, string> labels)
    {
        var sb = new System.Text.StringBuilder(name).Append('{');
        foreach (var (k, v) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            sb.Append(k).Append('=').Append('"').Append(v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\",");
        }
        return sb.Append('}').ToString();
    }

    /// <summary>The target a file holds a scrape of: its stem without a trailing time (<c>node-1-1405</c> → <c>node-1</c>), and that time if any.</summary>
    internal static string Target(string stem, out double? time, out string? note, IncidentInfo incident)
    {
        time = null;
        note = null;
        var m = NameTime().Match(stem);
        if (!m.Success || m.Index == 0)
        {
            return stem;
        }
        var token = m.Groups[1].Value;
        var target = stem[..m.Index];
        if (token.Length is 10 or 13 && double.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) && Timestamps.TryFromEpoch(epoch, out var e))
        {
            time = Seconds(e);
            return target;
        }
        if (token.Length >= 13 && DateTimeOffset.TryParseExact(token.TrimEnd('Z'), ["yyyyMMdd'T'HHmmss", "yyyyMMdd'T'HHmm", "yyyy-MM-dd'T'HH-mm-ss", "yyyy-MM-dd'T'HHmmss"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso))
        {
            time = Seconds(iso);
            return target;
        }
        if (token.Length is 4 or 6 && int.TryParse(token.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hh) && hh < 24
            && int.TryParse(token.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var mm) && mm < 60)
        {
            var ss = token.Length == 6 && int.TryParse(token.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var sec) && sec < 60 ? sec : token.Length == 6 ? -1 : 0;
            if (ss < 0)
            {
                return stem;
            }
            // A bare HH:MM needs a date: the incident's, if it gave one.
            if ((incident.Start ?? incident.CapturedAt ?? incident.End) is { } day)
            {
                var d = day.ToUniversalTime();
                var at = new DateTimeOffset(d.Year, d.Month, d.Day, hh, mm, ss, TimeSpan.Zero);
                time = Seconds(at);
                note = $"scrape time {at:yyyy-MM-ddTHH:mm:ssZ} taken from the file name ({token} UTC on the incident's date)";
            }
            // Still a snapshot of the same target as its siblings, even when their times come from '# scraped at' lines.
            return target;
        }
        return stem;
    }

    private static double? FallbackTime(IncidentInfo incident, out string label)
    {
        (label, var t) = incident.CapturedAt is { } c ? ("captured_at", c) : incident.End is { } e ? ("end", e) : incident.Start is { } s ? ("start", s) : ("", (DateTimeOffset?)null);
        return t is { } v ? Seconds(v) : null;
    }

    private static bool TryTime(string text, out double seconds)
    {
        seconds = 0;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            if (!Timestamps.TryFromEpoch(n, out var e))
            {
                return false;
            }
            seconds = Seconds(e);
            return true;
        }
        if (Timestamps.TryParse(text, out var t, out _))
        {
            seconds = Seconds(t);
            return true;
        }
        return false;
    }

    private static double Seconds(DateTimeOffset t) => (t - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;

    private static string Iso(double seconds) => MetricEntities.ToTime(seconds).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^#\s*scraped[ _-]at[:=]?\s+(\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ScrapedAt();

    [GeneratedRegex(@"[-_.@]((?:\d{8}T\d{4,6}Z?)|(?:\d{4}-\d{2}-\d{2}T\d{2}-?\d{2}-?\d{2}Z?)|\d{13}|\d{10}|\d{6}|\d{4})$")]
    private static partial Regex NameTime();

    private sealed class Family
    {
        public string? Type { get; set; }

        public string? Unit { get; set; }
    }

    private sealed class Entry(SeriesBuilder builder, string? type, int index)
    {
        public SeriesBuilder Builder { get; } = builder;

        public string? Type { get; set; } = type;

        public int Index { get; set; } = index;

        public int Duplicates { get; set; }
    }

    /// <summary>Series of exposition files already read in this bundle, by target and series, so later snapshots add points to them.</summary>
    private sealed class MergeState
    {
        public Dictionary<string, Entry> Series { get; } = new(StringComparer.Ordinal);
    }
}
