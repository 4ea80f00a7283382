using System.Text;
using System.Text.RegularExpressions;

namespace Firefighter.Parsing;

/// <summary>A log header described in the Loghub notation (<c>&lt;Date&gt; &lt;Time&gt; &lt;Level&gt; &lt;Component&gt;: &lt;Content&gt;</c>).</summary>
/// <remarks>
/// Semantics follow the LogPAI benchmark: each field is a lazy <c>.*?</c>, each run of spaces in a literal is <c>\s+</c>, other
/// literal characters are regex syntax, and the line is stripped and matched whole. A fast scanner handles the common case of
/// plain literals; formats with regex constructs, and lines the scanner cannot place, fall back to the compiled regex.
/// </remarks>
public sealed class LoghubFormat
{
    private readonly Regex _regex;
    private readonly Regex? _linear;
    private readonly string[] _literals; // _literals[i] precedes field i; the last one follows the last field
    private readonly bool _fast;
    private readonly int _contentIndex;
    private readonly string[] _groupNames;

    private LoghubFormat(string format, string[] fields, string[] groupNames, string[] literals, bool fast, Regex regex, Regex? linear)
    {
        _linear = linear;
        _groupNames = groupNames;
        Format = format;
        Fields = fields;
        _literals = literals;
        _fast = fast;
        _regex = regex;
        _contentIndex = Array.IndexOf(fields, "Content");
    }

    /// <summary>The format string as given.</summary>
    public string Format { get; }

    /// <summary>Field names in order.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>Index of the <c>Content</c> field, or -1.</summary>
    public int ContentIndex => _contentIndex;

    /// <summary>Parses a format string; returns null with an error when it has no fields or is not a valid pattern.</summary>
    public static LoghubFormat? TryParse(string format, out string? error)
    {
        error = null;
        var parts = Regex.Split(format, "(<[^<>]+>)");
        var fields = new List<string>();
        var groupNames = new List<string>();
        var literals = new List<string>();
        var rx = new StringBuilder("^");
        var pendingLiteral = new StringBuilder();
        var fast = true;
        foreach (var part in parts)
        {
            if (part.Length > 2 && part[0] == '<' && part[^1] == '>')
            {
                var name = part[1..^1];
                fields.Add(name);
                literals.Add(pendingLiteral.ToString());
                pendingLiteral.Clear();
                var group = SafeGroupName(name, fields.Count);
                groupNames.Add(group);
                rx.Append("(?<").Append(group).Append(">.*?)");
            }
            else
            {
                rx.Append(Regex.Replace(part, " +", @"\s+"));
                var lit = UnescapeLiteral(part);
                if (lit is null) { fast = false; } else { pendingLiteral.Append(lit); }
            }
        }
        literals.Add(pendingLiteral.ToString());
        rx.Append('$');
        if (fields.Count == 0)
        {
            error = "log format has no <Field>";
            return null;
        }
        try
        {
            var (regex, linear) = Build(rx.ToString());
            // The scanner needs a separator between every two fields to stay equal to the lazy regex.
            for (var i = 1; i < fields.Count; i++)
            {
                if (literals[i].Length == 0) { fast = false; }
            }
            return new LoghubFormat(format, [.. fields], [.. groupNames], [.. literals], fast, regex, linear);
        }
        catch (ArgumentException e)
        {
            error = "invalid log format: " + e.Message;
            return null;
        }
    }

    // The lazy fields of a line that does not match make a backtracking engine try every way to share the line among them
    // (O(n^fields): a second per 400-character line). The non-backtracking engine decides a match in O(n), so it screens
    // every line first; the backtracking engine (fast on a line that matches) then places the fields, and should it still
    // time out, the non-backtracking engine places them. A format using what that engine cannot run (lookarounds,
    // backreferences) keeps the backtracking engine alone, with a short timeout per line.
    private static (Regex Regex, Regex? Linear) Build(string pattern)
    {
        var backtracking = new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
        try
        {
            return (backtracking, new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
        }
        catch (NotSupportedException)
        {
            return (backtracking, null);
        }
    }

    private static string SafeGroupName(string name, int index)
    {
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_') { return "f" + index.ToString(System.Globalization.CultureInfo.InvariantCulture); }
        }
        return name;
    }

    // Returns the literal text a regex fragment matches when it is a plain literal (escaped punctuation allowed), else null.
    private static string? UnescapeLiteral(string part)
    {
        var sb = new StringBuilder(part.Length);
        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            if (c == '\\')
            {
                if (i + 1 >= part.Length) { return null; }
                var n = part[++i];
                if (char.IsAsciiLetterOrDigit(n)) { return null; }
                sb.Append(n);
            }
            else if ("()[]{}?*+|^$.".Contains(c, StringComparison.Ordinal))
            {
                return null;
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary>Splits a line into field ranges (relative to <paramref name="line"/>); false when the line does not match.</summary>
    public bool TryMatch(ReadOnlySpan<char> line, Span<Range> fields)
    {
        var start = 0;
        var end = line.Length;
        while (start < end && char.IsWhiteSpace(line[start])) { start++; }
        while (end > start && char.IsWhiteSpace(line[end - 1])) { end--; }
        if (_fast && TryScan(line, start, end, fields)) { return true; }
        return TryRegex(line, start, end, fields);
    }

    private bool TryScan(ReadOnlySpan<char> line, int start, int end, Span<Range> fields)
    {
        var pos = start;
        if (!MatchLiteral(line, ref pos, end, _literals[0])) { return false; }
        var n = Fields.Count;
        for (var f = 0; f < n; f++)
        {
            var lit = _literals[f + 1];
            if (f == n - 1)
            {
                if (lit.Length == 0)
                {
                    fields[f] = new Range(pos, end);
                    return true;
                }
                // Trailing literal must end the line.
                var tail = LiteralMatchEnd(line, end, lit);
                if (tail < pos) { return false; }
                fields[f] = new Range(pos, tail);
                return true;
            }
            var found = FindLiteral(line, pos, end, lit, out var afterLit);
            if (found < 0) { return false; }
            fields[f] = new Range(pos, found);
            pos = afterLit;
        }
        return pos == end;
    }

    // Earliest index >= from where the literal matches (space runs match 1+ whitespace, greedy).
    private static int FindLiteral(ReadOnlySpan<char> line, int from, int end, string lit, out int after)
    {
        for (var i = from; i <= end; i++)
        {
            if (lit.Length > 0)
            {
                // Jump to the next place the literal can start instead of trying every position.
                var next = lit[0] == ' ' ? line[i..end].IndexOfAny(Whitespace) : line[i..end].IndexOf(lit[0]);
                if (next < 0) { break; }
                i += next;
            }
            var p = i;
            if (MatchLiteral(line, ref p, end, lit))
            {
                after = p;
                return i;
            }
        }
        after = -1;
        return -1;
    }

    private static readonly System.Buffers.SearchValues<char> Whitespace = System.Buffers.SearchValues.Create(AllWhitespace());

    private static string AllWhitespace()
    {
        var sb = new StringBuilder();
        for (var c = 0; c <= char.MaxValue; c++)
        {
            if (char.IsWhiteSpace((char)c)) { sb.Append((char)c); }
        }
        return sb.ToString();
    }

    private static bool MatchLiteral(ReadOnlySpan<char> line, ref int pos, int end, string lit)
    {
        var p = pos;
        var i = 0;
        while (i < lit.Length)
        {
            if (lit[i] == ' ')
            {
                while (i < lit.Length && lit[i] == ' ') { i++; }
                if (p >= end || !char.IsWhiteSpace(line[p])) { return false; }
                while (p < end && char.IsWhiteSpace(line[p])) { p++; }
                continue;
            }
            if (p >= end || line[p] != lit[i]) { return false; }
            p++;
            i++;
        }
        pos = p;
        return true;
    }

    // Start index of a trailing literal that ends exactly at end, or -1.
    private static int LiteralMatchEnd(ReadOnlySpan<char> line, int end, string lit)
    {
        if (lit.Contains(' ', StringComparison.Ordinal)) { return -1; }
        return line[..end].EndsWith(lit, StringComparison.Ordinal) ? end - lit.Length : -1;
    }

    private bool TryRegex(ReadOnlySpan<char> line, int start, int end, Span<Range> fields)
    {
        if (_linear is not null && !_linear.IsMatch(line[start..end])) { return false; }
        var text = line[start..end].ToString();
        Match m;
        try
        {
            m = _regex.Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            if (_linear is null) { return false; }
            m = _linear.Match(text);
        }
        if (!m.Success) { return false; }
        for (var f = 0; f < Fields.Count; f++)
        {
            var g = m.Groups[_groupNames[f]];
            fields[f] = g.Success ? new Range(start + g.Index, start + g.Index + g.Length) : new Range(start, start);
        }
        return true;
    }
}
