using System.Globalization;
using System.Text;

namespace Firefighter.Sources.Parsing;

/// <summary>Parses a PromQL series selector (<c>name{a="b",c!="d"}</c>) into a name and equality labels, and Prometheus sample values.</summary>
internal static class PromSelector
{
    /// <summary>Splits <paramref name="text"/> into metric name and labels; false when the braces or quotes do not close.</summary>
    public static bool TryParse(string text, out string name, out Dictionary<string, string> labels)
    {
        labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var s = text.Trim();
        var brace = s.IndexOf('{', StringComparison.Ordinal);
        if (brace < 0)
        {
            name = s;
            return s.Length > 0;
        }
        name = s[..brace].Trim();
        if (!s.EndsWith('}'))
        {
            return false;
        }
        var i = brace + 1;
        while (i < s.Length - 1)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == ','))
            {
                i++;
            }
            if (i >= s.Length - 1)
            {
                break;
            }
            var keyStart = i;
            while (i < s.Length && s[i] is not ('=' or '!' or '~' or ' '))
            {
                i++;
            }
            var key = s[keyStart..i];
            while (i < s.Length && s[i] == ' ')
            {
                i++;
            }
            var opStart = i;
            while (i < s.Length && s[i] is '=' or '!' or '~')
            {
                i++;
            }
            var op = s[opStart..i];
            while (i < s.Length && s[i] == ' ')
            {
                i++;
            }
            if (i >= s.Length || s[i] is not ('"' or '\'' or '`'))
            {
                return false;
            }
            var quote = s[i++];
            var sb = new StringBuilder();
            var closed = false;
            while (i < s.Length)
            {
                var c = s[i++];
                if (c == '\\' && quote != '`' && i < s.Length)
                {
                    var e = s[i++];
                    sb.Append(e switch { 'n' => '\n', 't' => '\t', _ => e });
                }
                else if (c == quote)
                {
                    closed = true;
                    break;
                }
                else
                {
                    sb.Append(c);
                }
            }
            if (!closed || key.Length == 0)
            {
                return false;
            }
            if (key == "__name__" && op == "=")
            {
                name = sb.ToString();
            }
            else if (op == "=")
            {
                labels[key] = sb.ToString();
            }
        }
        return true;
    }

    /// <summary>Parses a sample value: a number, NaN, +Inf, -Inf, Inf.</summary>
    public static bool TryParseValue(ReadOnlySpan<char> s, out double value)
    {
        s = s.Trim().Trim('"');
        if (s.Equals("NaN", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        if (s.Equals("+Inf", StringComparison.OrdinalIgnoreCase) || s.Equals("Inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.PositiveInfinity;
            return true;
        }
        if (s.Equals("-Inf", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NegativeInfinity;
            return true;
        }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
