using System.Text;

namespace Firefighter.Logs;

/// <summary>Template text rules: the Loghub-2.0 normalisation (DS, PS, BL/US, DG, WV, DV, CV) and the grouping mask of one token.</summary>
/// <remarks>
/// Normalisation follows <c>correct_single_template</c> of Loghub-2.0 so emitted templates compare exactly with the benchmark.
/// The grouping mask is stricter (any digit-bearing piece is a variable) so numbers, ids and addresses never split a signature.
/// </remarks>
public static class TemplateText
{
    /// <summary>The variable placeholder.</summary>
    public const string Wildcard = "<*>";

    /// <summary>Normalises a template (or a raw message) to the benchmark's <c>&lt;*&gt;</c> style.</summary>
    public static string Normalize(string template)
    {
        // DS: strip and collapse whitespace; tokens never span a space, so the rest runs per token.
        var sb = new StringBuilder(template.Length);
        var tokenBuf = new StringBuilder();
        foreach (var range in template.AsSpan().Split(' '))
        {
            var tok = template.AsSpan(range);
            foreach (var r2 in SplitWhitespace(tok))
            {
                if (sb.Length > 0) { sb.Append(' '); }
                tokenBuf.Clear();
                NormalizeToken(tok[r2.Item1..r2.Item2], tokenBuf);
                sb.Append(tokenBuf);
            }
        }
        return sb.ToString();
    }

    private static List<(int, int)> SplitWhitespace(ReadOnlySpan<char> s)
    {
        var list = new List<(int, int)>(2);
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && char.IsWhiteSpace(s[i])) { i++; }
            var start = i;
            while (i < s.Length && !char.IsWhiteSpace(s[i])) { i++; }
            if (i > start) { list.Add((start, i)); }
        }
        return list;
    }

    /// <summary>Normalises one whitespace-free token, appending the result.</summary>
    public static void NormalizeToken(ReadOnlySpan<char> token, StringBuilder output)
    {
        if (IsLetterWord(token) || token.SequenceEqual(Wildcard))
        {
            // Letters only (no delimiter, digit or path) and not a reserved word: no rule changes it.
            output.Append(token);
            return;
        }
        // PS: pieces between path delimiters that look like /a/b become <*>.
        var ps = new StringBuilder(token.Length);
        var i = 0;
        while (i < token.Length)
        {
            if (IsPathDelimiter(token[i])) { ps.Append(token[i]); i++; continue; }
            var start = i;
            while (i < token.Length && !IsPathDelimiter(token[i])) { i++; }
            var piece = token[start..i];
            ps.Append(IsPathLike(piece) ? Wildcard : piece);
        }
        // BL/US, DG, WV on pieces between all delimiters.
        var t = ps.ToString();
        var dg = new StringBuilder(t.Length);
        i = 0;
        while (i < t.Length)
        {
            if (IsTokenDelimiter(t[i])) { dg.Append(t[i]); i++; continue; }
            var start = i;
            while (i < t.Length && !IsTokenDelimiter(t[i])) { i++; }
            var piece = t.AsSpan(start, i - start);
            if (IsReservedWord(piece) || IsAllDigits(piece) || (IsWordWithVariable(piece) && !piece.SequenceEqual("<*>/<*>")))
            {
                dg.Append(Wildcard);
            }
            else
            {
                dg.Append(piece);
            }
        }
        var s = dg.ToString();
        // DV then CV, each to a fixed point.
        while (s.Contains("<*>.<*>", StringComparison.Ordinal)) { s = s.Replace("<*>.<*>", Wildcard, StringComparison.Ordinal); }
        while (s.Contains("<*><*>", StringComparison.Ordinal)) { s = s.Replace("<*><*>", Wildcard, StringComparison.Ordinal); }
        output.Append(s);
    }

    /// <summary>Writes the grouping key of a token into <paramref name="dest"/>: digit-bearing pieces, paths and reserved words become <c>&lt;*&gt;</c>.</summary>
    /// <returns>The key length, or -1 when <paramref name="dest"/> is too small.</returns>
    public static int MaskToken(ReadOnlySpan<char> token, Span<char> dest, out bool masked)
    {
        masked = false;
        if (IsPlainWord(token))
        {
            // Most tokens are plain words: no digit, path, delimiter or non-ASCII character, so the key is the token itself.
            if (token.Length > dest.Length) { return -1; }
            token.CopyTo(dest);
            return token.Length;
        }
        var n = 0;
        var i = 0;
        var scheme = token.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            // URL: keep the scheme and trailing closing punctuation, the rest is one variable.
            var end = token.Length;
            while (end > scheme + 3 && token[end - 1] is ']' or ')' or ',' or ';' or '"' or '\'' or '>') { end--; }
            var head = token[..(scheme + 3)];
            var tail = token[end..];
            if (head.Length + 3 + tail.Length > dest.Length) { return -1; }
            head.CopyTo(dest);
            n = head.Length;
            AppendWildcard(dest, ref n);
            tail.CopyTo(dest[n..]);
            masked = true;
            return n + tail.Length;
        }
        while (i < token.Length)
        {
            var c = token[i];
            if (IsPathDelimiter(c))
            {
                if (n >= dest.Length) { return -1; }
                dest[n++] = c;
                i++;
                continue;
            }
            var start = i;
            while (i < token.Length && !IsPathDelimiter(token[i])) { i++; }
            var piece = token[start..i];
            if (IsPathLike(piece))
            {
                if (!AppendWildcard(dest, ref n)) { return -1; }
                masked = true;
                continue;
            }
            // Pieces between token delimiters and '/': a digit or a reserved word makes it a variable.
            var j = 0;
            while (j < piece.Length)
            {
                var d = piece[j];
                if (IsTokenDelimiter(d) || d == '/')
                {
                    if (d == '.' && n >= 3 && dest[n - 1] == '>' && dest[n - 2] == '*' && dest[n - 3] == '<' && j + 1 < piece.Length && !IsTokenDelimiter(piece[j + 1]) && piece[j + 1] != '/' && HasDigitOrReserved(piece, j + 1))
                    {
                        // DV: "<*>.<*>" collapses, so drop the dot before a following variable piece.
                        j++;
                        continue;
                    }
                    if (n >= dest.Length) { return -1; }
                    dest[n++] = d;
                    j++;
                    continue;
                }
                var ps = j;
                while (j < piece.Length && !IsTokenDelimiter(piece[j]) && piece[j] != '/') { j++; }
                var sub = piece[ps..j];
                if (sub.ContainsAnyInRange('0', '9') || IsReservedWord(sub))
                {
                    if (!AppendWildcard(dest, ref n)) { return -1; }
                    masked = true;
                }
                else
                {
                    if (n + sub.Length > dest.Length) { return -1; }
                    sub.CopyTo(dest[n..]);
                    n += sub.Length;
                }
            }
        }
        return n;
    }

    // Printable ASCII that never makes a token a variable by itself: letters, the DG/WV delimiters and other punctuation.
    private static readonly bool[] PlainTable = BuildTable("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-+@#$%&_*<>?^`~\\", includeAsciiWhitespace: false);

    // One pass: only plain characters, and no piece between DG delimiters that is a reserved word.
    private static bool IsPlainWord(ReadOnlySpan<char> token)
    {
        var table = PlainTable;
        var pieceStart = 0;
        for (var i = 0; i < token.Length; i++)
        {
            var c = token[i];
            if (c >= 128 || !table[c]) { return false; }
            if (c is '.' or '-' or '+' or '@' or '#' or '$' or '%' or '&')
            {
                if (i - pieceStart is 4 or 5 && IsReservedWord(token[pieceStart..i])) { return false; }
                pieceStart = i + 1;
            }
        }
        return token.Length - pieceStart is not (4 or 5) || !IsReservedWord(token[pieceStart..]);
    }

    private static bool HasDigitOrReserved(ReadOnlySpan<char> piece, int from)
    {
        var j = from;
        while (j < piece.Length && !IsTokenDelimiter(piece[j]) && piece[j] != '/') { j++; }
        var sub = piece[from..j];
        return sub.ContainsAnyInRange('0', '9') || IsReservedWord(sub);
    }

    private static bool AppendWildcard(Span<char> dest, ref int n)
    {
        if (n >= 3 && dest[n - 1] == '>' && dest[n - 2] == '*' && dest[n - 3] == '<')
        {
            return true; // CV
        }
        if (n + 3 > dest.Length) { return false; }
        dest[n++] = '<';
        dest[n++] = '*';
        dest[n++] = '>';
        return true;
    }

    /// <summary>Path delimiters of the PS rule: whitespace and <c>, ! ; : = | " ' [ ] ( ) { }</c>.</summary>
    public static bool IsPathDelimiter(char c) => c < 128 ? PathDelimiterTable[c] : char.IsWhiteSpace(c);

    private static readonly bool[] PathDelimiterTable = BuildTable(" \t,!;:=|\"'[](){}", includeAsciiWhitespace: true);

    private static readonly bool[] TokenDelimiterTable = BuildTable(" \t,!;:=|\"'[](){}.-+@#$%&", includeAsciiWhitespace: true);

    private static bool[] BuildTable(string chars, bool includeAsciiWhitespace)
    {
        var table = new bool[128];
        foreach (var c in chars) { table[c] = true; }
        for (var c = 0; c < 128 && includeAsciiWhitespace; c++)
        {
            if (char.IsWhiteSpace((char)c)) { table[c] = true; }
        }
        return table;
    }

    /// <summary>Token delimiters of the DG/WV rules: the path delimiters plus <c>. - + @ # $ % &amp;</c>.</summary>
    public static bool IsTokenDelimiter(char c) => c < 128 ? TokenDelimiterTable[c] : char.IsWhiteSpace(c);

    private static bool IsPathLike(ReadOnlySpan<char> piece)
    {
        // ^(\/[^\/]+)+$
        if (piece.Length < 2 || piece[0] != '/') { return false; }
        var segLen = 0;
        for (var i = 1; i < piece.Length; i++)
        {
            if (piece[i] == '/')
            {
                if (segLen == 0) { return false; }
                segLen = 0;
            }
            else
            {
                segLen++;
            }
        }
        return segLen > 0;
    }

    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) { return false; }
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c)) { return false; }
        }
        return true;
    }

    private static bool IsWordWithVariable(ReadOnlySpan<char> s)
    {
        // ^[^\s\/]*<\*>[^\s\/]*$
        if (s.IndexOf("<*>", StringComparison.Ordinal) < 0) { return false; }
        foreach (var c in s)
        {
            if (c == '/' || char.IsWhiteSpace(c)) { return false; }
        }
        return true;
    }

    private static bool IsLetterWord(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s.Length is 4 or 5 && IsReservedWord(s)) { return false; }
        foreach (var c in s)
        {
            if (!char.IsAsciiLetter(c) && c != '_') { return false; }
        }
        return true;
    }

    /// <summary>BL/US words the benchmark always treats as variables.</summary>
    public static bool IsReservedWord(ReadOnlySpan<char> s) => s.Length switch
    {
        4 => s.Equals("true", StringComparison.OrdinalIgnoreCase) || s.Equals("null", StringComparison.OrdinalIgnoreCase) || s.Equals("root", StringComparison.OrdinalIgnoreCase),
        5 => s.Equals("false", StringComparison.OrdinalIgnoreCase) || s.Equals("admin", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };
}
