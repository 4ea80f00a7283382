using System.Globalization;
using System.Text;
using Firefighter.Parsing;

namespace Firefighter.Sources.Parsing;

/// <summary>Parses one sample line of the Prometheus text / OpenMetrics exposition format: <c>name{a="b"} value [timestamp] [# exemplar]</c>.</summary>
internal static class ExpositionLine
{
    /// <summary>One parsed sample; <see cref="Time"/> is NaN when the line has no timestamp.</summary>
    public readonly record struct Sample(string Name, Dictionary<string, string> Labels, double Value, double Time, string? Note);

    /// <summary>Parses a sample line; on failure <paramref name="error"/> says why. A sample with a dubious part (an unknown escape) parses with a <see cref="Sample.Note"/>.</summary>
    public static bool TryParse(string line, out Sample sample, out string error)
    {
        sample = default;
        error = "";
        var s = line.AsSpan();
        var i = 0;
        string? name = null;
        string? note = null;
        if (s.Length > 0 && IsNameStart(s[0]))
        {
            while (i < s.Length && IsNameChar(s[i]))
            {
                i++;
            }
            name = s[..i].ToString();
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (i < s.Length && s[i] == '{')
        {
            i++;
            while (true)
            {
                while (i < s.Length && s[i] is ' ' or '\t')
                {
                    i++;
                }
                if (i >= s.Length)
                {
                    error = "label set not closed (line cut short?)";
                    return false;
                }
                if (s[i] == '}')
                {
                    i++;
                    break;
                }
                string labelName;
                if (s[i] == '"')
                {
                    // Prometheus 3 UTF-8 names: {"my.metric", "my.label"="v"}.
                    if (!TryQuoted(s, ref i, out labelName, ref note, out error))
                    {
                        return false;
                    }
                }
                else if (IsNameStart(s[i]) && s[i] != ':')
                {
                    var start = i;
                    while (i < s.Length && IsNameChar(s[i]) && s[i] != ':')
                    {
                        i++;
                    }
                    labelName = s[start..i].ToString();
                }
                else
                {
                    error = $"bad character '{Printable(s[i])}' in label set at column {i + 1}";
                    return false;
                }
                while (i < s.Length && s[i] is ' ' or '\t')
                {
                    i++;
                }
                if (i < s.Length && s[i] is ',' or '}' && name is null && labels.Count == 0)
                {
                    name = labelName;
                }
                else
                {
                    if (i >= s.Length || s[i] != '=')
                    {
                        error = i >= s.Length ? "label set not closed (line cut short?)" : $"expected '=' after label {labelName}";
                        return false;
                    }
                    i++;
                    while (i < s.Length && s[i] is ' ' or '\t')
                    {
                        i++;
                    }
                    if (i >= s.Length || s[i] != '"')
                    {
                        error = i >= s.Length ? "label set not closed (line cut short?)" : $"label {labelName}: value is not quoted";
                        return false;
                    }
                    if (!TryQuoted(s, ref i, out var value, ref note, out error))
                    {
                        return false;
                    }
                    if (!labels.TryAdd(labelName, value))
                    {
                        note ??= $"label {labelName} given twice; the first kept";
                    }
                }
                while (i < s.Length && s[i] is ' ' or '\t')
                {
                    i++;
                }
                if (i < s.Length && s[i] == ',')
                {
                    i++;
                }
            }
        }
        if (name is null)
        {
            error = "not a sample line (no metric name)";
            return false;
        }
        var rest = s[i..];
        if (rest.Length == 0 || rest[0] is not (' ' or '\t'))
        {
            error = rest.Length == 0 ? "no value (line cut short?)" : $"bad character '{Printable(rest[0])}' after the metric name";
            return false;
        }
        // An OpenMetrics exemplar follows " # "; label values are already consumed, so the first " # " here starts it.
        var hash = rest.IndexOf(" # ", StringComparison.Ordinal);
        if (hash >= 0)
        {
            rest = rest[..hash];
        }
        rest = rest.Trim();
        var gap = rest.IndexOfAny(' ', '\t');
        var valueText = gap < 0 ? rest : rest[..gap];
        if (!PromSelector.TryParseValue(valueText, out var v) || valueText.Length == 0 || valueText[0] == '"')
        {
            error = $"value '{Cut(valueText)}' is not a number";
            return false;
        }
        var time = double.NaN;
        if (gap >= 0)
        {
            var tsText = rest[gap..].Trim();
            if (tsText.IndexOfAny(' ', '\t') >= 0 || !double.TryParse(tsText, NumberStyles.Float, CultureInfo.InvariantCulture, out var ts) || !Timestamps.TryFromEpoch(ts, out var when))
            {
                error = $"timestamp '{Cut(tsText)}' is not a Unix time";
                return false;
            }
            time = (when - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;
        }
        sample = new Sample(name, labels, v, time, note);
        return true;
    }

    /// <summary>Reads a double-quoted string at <paramref name="i"/> (on the quote), unescaping <c>\\</c>, <c>\"</c>, <c>\n</c>; an unknown escape is kept as written with a note.</summary>
    private static bool TryQuoted(ReadOnlySpan<char> s, ref int i, out string value, ref string? note, out string error)
    {
        value = "";
        error = "";
        var start = ++i;
        StringBuilder? sb = null;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '"')
            {
                value = sb is null ? s[start..i].ToString() : sb.ToString();
                i++;
                return true;
            }
            if (c == '\\')
            {
                sb ??= new StringBuilder().Append(s[start..i]);
                if (i + 1 >= s.Length)
                {
                    break;
                }
                var e = s[i + 1];
                switch (e)
                {
                    case '\\':
                        sb.Append('\\');
                        break;
                    case '"':
                        sb.Append('"');
                        break;
                    case 'n':
                        sb.Append('\n');
                        break;
                    default:
                        note ??= $"unknown escape '\\{Printable(e)}' in a label value kept as written";
                        sb.Append('\\').Append(e);
                        break;
                }
                i += 2;
                continue;
            }
            sb?.Append(c);
            i++;
        }
        error = "quoted string not closed (line cut short?)";
        return false;
    }

    private static bool IsNameStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_' or ':';

    private static bool IsNameChar(char c) => IsNameStart(c) || c is >= '0' and <= '9';

    private static string Printable(char c) => char.IsControl(c) || char.IsSurrogate(c) || c == '\uFFFD' ? $"U+{(int)c:X4}" : c.ToString();

    private static string Cut(ReadOnlySpan<char> s) => s.Length > 40 ? s[..40].ToString() + "..." : s.ToString();
}
