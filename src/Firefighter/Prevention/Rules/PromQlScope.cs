using System.Text;

namespace Firefighter.Prevention.Rules;

/// <summary>Narrows the selectors of a PromQL expression with label matchers (<c>namespace="shop"</c>), so a library rule watches the incident's workload.</summary>
public static class PromQlScope
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "offset", "bool", "inf", "nan", "atan2", "start", "end",
    };

    private static readonly HashSet<string> GroupingKeywords = new(StringComparer.OrdinalIgnoreCase) { "by", "without", "on", "ignoring", "group_left", "group_right" };

    /// <summary>Adds each matcher to every selector of a metric in <paramref name="applies"/> that does not already match that label.</summary>
    /// <param name="expr">The expression.</param>
    /// <param name="matchers">Label name to exact value.</param>
    /// <param name="applies">Whether a metric carries the label (only then is the matcher added: a matcher on an absent label matches nothing).</param>
    /// <remarks>Never throws; strings, ranges and grouping lists are copied unchanged.</remarks>
    public static string Scope(string expr, IReadOnlyDictionary<string, string> matchers, Func<string, string, bool> applies)
    {
        var sb = new StringBuilder(expr.Length + 32);
        var i = 0;
        while (i < expr.Length)
        {
            var c = expr[i];
            if (c is '"' or '\'' or '`')
            {
                var end = SkipString(expr, i);
                sb.Append(expr, i, end - i);
                i = end;
                continue;
            }
            if (c == '[')
            {
                var end = expr.IndexOf(']', i);
                end = end < 0 ? expr.Length : end + 1;
                sb.Append(expr, i, end - i);
                i = end;
                continue;
            }
            if (c == '{')
            {
                // A bare selector ({__name__=...}) or a matcher list already handled with its name.
                var end = SkipBraces(expr, i);
                sb.Append(expr, i, end - i);
                i = end;
                continue;
            }
            if (!IsIdentStart(c) || (i > 0 && (char.IsAsciiLetterOrDigit(expr[i - 1]) || expr[i - 1] is '_' or '.' or ':')))
            {
                sb.Append(c);
                i++;
                continue;
            }
            var j = i + 1;
            while (j < expr.Length && (char.IsAsciiLetterOrDigit(expr[j]) || expr[j] is '_' or ':'))
            {
                j++;
            }
            var ident = expr[i..j];
            var k = j;
            while (k < expr.Length && char.IsWhiteSpace(expr[k]))
            {
                k++;
            }
            if (GroupingKeywords.Contains(ident) && k < expr.Length && expr[k] == '(')
            {
                var close = expr.IndexOf(')', k);
                close = close < 0 ? expr.Length : close + 1;
                sb.Append(expr, i, close - i);
                i = close;
                continue;
            }
            if ((k < expr.Length && expr[k] == '(') || Keywords.Contains(ident))
            {
                sb.Append(ident);
                i = j;
                continue;
            }
            var add = matchers.Where(m => applies(ident, m.Key)).ToList();
            if (k < expr.Length && expr[k] == '{')
            {
                var end = SkipBraces(expr, k);
                var inner = expr[(k + 1)..(end - 1)];
                var extra = add.Where(m => !MatchesLabel(inner, m.Key)).Select(Matcher).ToList();
                sb.Append(expr, i, k + 1 - i);
                if (extra.Count > 0)
                {
                    sb.Append(string.Join(", ", extra));
                    if (inner.Trim().Length > 0)
                    {
                        sb.Append(", ");
                    }
                }
                sb.Append(inner).Append('}');
                i = end;
                continue;
            }
            sb.Append(ident);
            if (add.Count > 0)
            {
                sb.Append('{').Append(string.Join(", ", add.Select(Matcher))).Append('}');
            }
            i = j;
        }
        return sb.ToString();
    }

    private static string Matcher(KeyValuePair<string, string> m) => $"{m.Key}=\"{m.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    private static bool MatchesLabel(string inner, string label)
    {
        foreach (var part in inner.Split(','))
        {
            var p = part.TrimStart();
            if (p.StartsWith(label, StringComparison.Ordinal) && p[label.Length..].TrimStart() is { Length: > 0 } rest && rest[0] is '=' or '!')
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsIdentStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static int SkipString(string s, int start)
    {
        var q = s[start];
        var i = start + 1;
        while (i < s.Length && s[i] != q)
        {
            i += s[i] == '\\' && q != '`' ? 2 : 1;
        }
        return Math.Min(i + 1, s.Length);
    }

    private static int SkipBraces(string s, int start)
    {
        var i = start + 1;
        while (i < s.Length && s[i] != '}')
        {
            i = s[i] is '"' or '\'' or '`' ? SkipString(s, i) : i + 1;
        }
        return Math.Min(i + 1, s.Length);
    }
}
