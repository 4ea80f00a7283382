using System.Globalization;
using Firefighter.Evidence;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;
using Firefighter.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Reads CSV metrics under metrics/: <c>timestamp,value</c> (series named by the file stem), long <c>timestamp,series,value</c>
/// (series may be a PromQL selector) or wide <c>timestamp,a,b,...</c> with a header; timestamps in Unix seconds/ms or ISO-8601.</summary>
public sealed class MetricsCsvReader : IEvidenceReader
{
    private static readonly HashSet<string> SeriesHeaders = new(StringComparer.OrdinalIgnoreCase) { "series", "metric", "name", "selector", "id" };

    /// <inheritdoc />
    public string Kind => "metrics";

    /// <inheritdoc />
    public bool CanRead(BundleFile file) => file.Folder == "metrics" && file.Extension is ".csv" or ".tsv";

    /// <inheritdoc />
    public int Read(BundleFile file, ReadContext context)
    {
        var separator = file.Extension == ".tsv" ? '\t' : ',';
        var builders = new Dictionary<string, SeriesBuilder>(StringComparer.Ordinal);
        var order = new List<SeriesBuilder>();
        string[]? wide = null;
        var layoutKnown = false;
        var zoneless = 0;
        var badLines = 0;
        var firstBad = 0;
        foreach (var (line, text) in TextLines.Read(file, context))
        {
            if (string.IsNullOrWhiteSpace(text) || text.StartsWith('#'))
            {
                continue;
            }
            var fields = Split(text, separator);
            if (!layoutKnown)
            {
                layoutKnown = true;
                if (!TryTime(fields[0], out _, out _))
                {
                    // A header: two or three columns with a series column are the narrow layouts; anything else is wide.
                    if (fields.Count > 2 && !(fields.Count == 3 && SeriesHeaders.Contains(fields[1].Trim())))
                    {
                        wide = [.. fields.Skip(1).Select(f => f.Trim())];
                    }
                    continue;
                }
            }
            if (!TryTime(fields[0], out var t, out var hasZone) || fields.Count < 2)
            {
                badLines++;
                firstBad = firstBad == 0 ? line : firstBad;
                continue;
            }
            if (!hasZone && zoneless == 0)
            {
                zoneless = line;
            }
            if (wide is not null)
            {
                for (var c = 1; c < fields.Count && c <= wide.Length; c++)
                {
                    if (fields[c].Trim().Length > 0 && PromSelector.TryParseValue(fields[c], out var wv))
                    {
                        Get(wide[c - 1], file, line, builders, order, context).Add(t, wv);
                    }
                }
                continue;
            }
            var seriesText = fields.Count >= 3 ? string.Join(separator, fields.Skip(1).Take(fields.Count - 2)) : file.Stem;
            if (!PromSelector.TryParseValue(fields[^1], out var v))
            {
                badLines++;
                firstBad = firstBad == 0 ? line : firstBad;
                continue;
            }
            Get(seriesText, file, line, builders, order, context).Add(t, v);
        }
        if (badLines > 0)
        {
            context.Drop(file.Path, firstBad, badLines, $"{badLines} line(s) without a readable timestamp and value skipped");
        }
        if (zoneless > 0)
        {
            context.Warn(file.Path, zoneless, "timestamps have no time zone; assumed UTC");
        }
        foreach (var b in order)
        {
            var series = b.Build(out var duplicates);
            if (duplicates > 0)
            {
                context.Warn(file.Path, b.Ref.Line, $"{duplicates} duplicate timestamp(s) in series {series.Id}; the last value kept");
            }
            context.Evidence.Metrics.Add(series);
        }
        return order.Count;
    }

    private static SeriesBuilder Get(string seriesText, BundleFile file, int line, Dictionary<string, SeriesBuilder> builders, List<SeriesBuilder> order, ReadContext context)
    {
        if (builders.TryGetValue(seriesText, out var b))
        {
            return b;
        }
        if (!PromSelector.TryParse(seriesText, out var name, out var labels))
        {
            context.Warn(file.Path, line, $"series '{seriesText}' is not a valid selector; used as a plain name");
            name = seriesText;
            labels = new Dictionary<string, string>(StringComparer.Ordinal);
        }
        b = new SeriesBuilder(name.Length == 0 ? file.Stem : name, labels, new EvidenceRef(file.Path, line));
        builders[seriesText] = b;
        order.Add(b);
        return b;
    }

    private static bool TryTime(string field, out double seconds, out bool hasZone)
    {
        var s = field.Trim().Trim('"');
        hasZone = true;
        seconds = 0;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
        {
            if (!Timestamps.TryFromEpoch(n, out var e))
            {
                return false;
            }
            seconds = (e - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;
            return true;
        }
        if (Timestamps.TryParse(s, out var t, out hasZone))
        {
            seconds = (t - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;
            return true;
        }
        return false;
    }

    /// <summary>Splits a CSV line, honouring double quotes (<c>""</c> inside quotes is a quote).</summary>
    private static List<string> Split(string line, char separator)
    {
        var fields = new List<string>();
        var sb = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"' && sb.Length == 0)
            {
                // Only a quote that opens a field quotes it (RFC 4180); selectors written unquoted keep their quotes.
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }
        fields.Add(sb.ToString());
        return fields;
    }
}
