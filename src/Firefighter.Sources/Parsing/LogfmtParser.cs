namespace Firefighter.Sources.Parsing;

/// <summary>Parses logfmt lines (<c>ts=... level=error msg="connection refused" port=5432</c>).</summary>
internal static class LogfmtParser
{
    /// <summary>Parses <paramref name="s"/> when it is entirely key=value pairs (at least two); values may be double-quoted with escapes.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out Dictionary<string, string> fields)
    {
        fields = null!;
        if (s.IsEmpty || !(char.IsAsciiLetter(s[0]) || s[0] == '_'))
        {
            return false;
        }
        var firstSpace = s.IndexOfAny(' ', '\t');
        var firstEq = s.IndexOf('=');
        if (firstEq <= 0 || (firstSpace >= 0 && firstEq > firstSpace))
        {
            return false;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == '\t'))
            {
                i++;
            }
            if (i >= s.Length)
            {
                break;
            }
            var keyStart = i;
            while (i < s.Length && s[i] != '=' && s[i] != ' ' && s[i] != '"')
            {
                i++;
            }
            if (i >= s.Length || s[i] != '=' || i == keyStart)
            {
                return false;
            }
            var key = s[keyStart..i].ToString();
            i++;
            string value;
            if (i < s.Length && s[i] == '"')
            {
                i++;
                var sb = new System.Text.StringBuilder();
                var closed = false;
                while (i < s.Length)
                {
                    var c = s[i++];
                    if (c == '\\' && i < s.Length)
                    {
                        var e = s[i++];
                        sb.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => e });
                    }
                    else if (c == '"')
                    {
                        closed = true;
                        break;
                    }
                    else
                    {
                        sb.Append(c);
                    }
                }
                if (!closed)
                {
                    return false;
                }
                value = sb.ToString();
            }
            else
            {
                var valueStart = i;
                while (i < s.Length && s[i] != ' ' && s[i] != '\t')
                {
                    i++;
                }
                value = s[valueStart..i].ToString();
            }
            result[key] = value;
        }
        if (result.Count < 2)
        {
            return false;
        }
        fields = result;
        return true;
    }
}
