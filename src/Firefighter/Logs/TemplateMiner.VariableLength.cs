using System.Buffers;

namespace Firefighter.Logs;

public sealed partial class TemplateMiner
{
    /// <summary>Most general templates compared with one template when merging across lengths.</summary>
    public const int MaxMergeCandidates = 32;

    /// <summary>Most index entries walked for one template when merging across lengths (candidates skipped for their length count too).</summary>
    public const int MaxMergeExamined = 256;

    /// <summary>Most matching-table cells spent on one template when merging across lengths.</summary>
    public const int MaxMergeCells = 1 << 16;

    // Merges a template into a more general one of another length when a <*> of the general one absorbs several tokens
    // that are all variables in the specific one (a value with spaces, a list of ids): Drain splits these.
    // Each template goes to the heaviest matching candidate at least as heavy as itself (the first in index order among
    // equals), so candidates are walked heaviest first and the walk stops at the first match or at a lighter one. The walk
    // is capped (MaxMergeExamined entries, MaxMergeCandidates matches tried, MaxMergeCells table cells), which bounds the
    // pass at O(R·(MaxMergeExamined + MaxMergeCells)) for R templates; a template whose walk was cut stays unmerged and
    // is counted in the result's warnings.
    private List<(string Text, List<int> Sigs)> MergeVariableLength(List<(string Text, List<int> Sigs)> rendered, ref int cut)
    {
        var n = rendered.Count;
        var tokens = new string[n][];
        var bare = new bool[n][];
        var variable = new bool[n][];
        var weight = new long[n];
        for (var i = 0; i < n; i++)
        {
            var t = tokens[i] = rendered[i].Text.Split(' ');
            bare[i] = new bool[t.Length];
            variable[i] = new bool[t.Length];
            for (var k = 0; k < t.Length; k++)
            {
                bare[i][k] = t[k] == TemplateText.Wildcard;
                variable[i][k] = t[k].Contains(TemplateText.Wildcard, StringComparison.Ordinal);
            }
            foreach (var s in rendered[i].Sigs) { weight[i] += _signatures[s].Count; }
        }
        // General candidates (a variable and a constant word), heaviest first, indexed by their first token when it is a
        // constant, else by their last token when that is one (both must equal the specific template's), else kept apart.
        var byFirst = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var byLast = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var wildEnds = new List<int>();
        for (var g = 0; g < n; g++)
        {
            var constants = 0;
            var hasWild = false;
            foreach (var v in variable[g])
            {
                if (v) { hasWild = true; } else { constants++; }
            }
            if (!hasWild || constants == 0) { continue; }
            var (index, key) = !variable[g][0] ? (byFirst, tokens[g][0]) : !variable[g][^1] ? (byLast, tokens[g][^1]) : (null, null);
            if (index is null) { wildEnds.Add(g); continue; }
            if (!index.TryGetValue(key!, out var l)) { index[key!] = l = []; }
            l.Add(g);
        }
        Comparison<int> heaviestFirst = (a, b) => weight[a] != weight[b] ? weight[b].CompareTo(weight[a]) : a.CompareTo(b);
        foreach (var l in byFirst.Values) { l.Sort(heaviestFirst); }
        foreach (var l in byLast.Values) { l.Sort(heaviestFirst); }
        wildEnds.Sort(heaviestFirst);
        var target = new int[n];
        for (var i = 0; i < n; i++) { target[i] = i; }
        List<int> none = [];
        for (var s = 0; s < n; s++)
        {
            var named = byFirst.TryGetValue(tokens[s][0], out var l1) ? l1 : none;
            var ending = byLast.TryGetValue(tokens[s][^1], out var l2) ? l2 : none;
            int a = 0, b = 0, c = 0, examined = 0, tried = 0, cells = MaxMergeCells;
            while (true)
            {
                // Next candidate: the heaviest head; on equal weight one indexed by first token, then the lower index.
                var g = -1;
                var from = 0;
                if (a < named.Count) { g = named[a]; from = 1; }
                if (b < ending.Count && (g < 0 || weight[ending[b]] > weight[g] || (from != 1 && weight[ending[b]] == weight[g] && ending[b] < g))) { g = ending[b]; from = 2; }
                if (c < wildEnds.Count && (g < 0 || weight[wildEnds[c]] > weight[g] || (from != 1 && weight[wildEnds[c]] == weight[g] && wildEnds[c] < g))) { g = wildEnds[c]; from = 3; }
                if (g < 0) { break; }
                if (from == 1) { a++; } else if (from == 2) { b++; } else { c++; }
                if (weight[g] < weight[s]) { break; }
                if (++examined > MaxMergeExamined || tried >= MaxMergeCandidates)
                {
                    cut++;
                    break;
                }
                // Every token of g takes at least one of s, so only a shorter g can match.
                if (g == s || tokens[g].Length >= tokens[s].Length) { continue; }
                tried++;
                var result = Matches(tokens[g], bare[g], tokens[s], variable[s], ref cells);
                if (result is null)
                {
                    cut++;
                    break;
                }
                if (result.Value)
                {
                    target[s] = g;
                    break;
                }
            }
        }
        var merged = new List<(string Text, List<int> Sigs)>();
        var map = new Dictionary<int, int>();
        for (var i = 0; i < n; i++)
        {
            // A target is always shorter, so the chains end; follow each to its root and shorten it for the next.
            var root = target[i];
            while (target[root] != root) { root = target[root]; }
            for (var k = i; target[k] != root;)
            {
                var up = target[k];
                target[k] = root;
                k = up;
            }
            if (!map.TryGetValue(root, out var idx))
            {
                map[root] = idx = merged.Count;
                merged.Add((rendered[root].Text, []));
            }
            merged[idx].Sigs.AddRange(rendered[i].Sigs);
        }
        return merged;
    }

    /// <summary>Whether the token list <paramref name="s"/> matches the general pattern <paramref name="g"/>, where a bare <c>&lt;*&gt;</c> of
    /// <paramref name="g"/> takes one token of any kind followed by any number of variable tokens, and any other token matches by <see cref="TokenMatches"/>.</summary>
    /// <remarks>
    /// Dynamic programming over the states (position in g, position in s), from the ends back. A state can only succeed when
    /// the tokens of s left are at least the tokens of g left and at most S−G more, so only the band 0 ≤ si−gi ≤ S−G is kept:
    /// O(G·(S−G+1)) time and O(S−G) memory (the backtracking it replaces was exponential in the number of variables). Returns
    /// null without matching when that table is larger than <paramref name="cells"/>, which is decreased by the table size.
    /// </remarks>
    internal static bool? Matches(string[] g, bool[] gBare, string[] s, bool[] sVariable, ref int cells)
    {
        var gl = g.Length;
        var band = s.Length - gl;
        if (band < 0) { return false; }
        var size = (long)gl * (band + 1);
        if (size > cells) { return null; }
        cells -= (int)size;
        var rented = band + 1 > 256 ? ArrayPool<bool>.Shared.Rent(2 * (band + 1)) : null;
        Span<bool> both = rented is null ? stackalloc bool[2 * (band + 1)] : rented.AsSpan(0, 2 * (band + 1));
        try
        {
            // next[d] is the state (gi + 1, gi + 1 + d); at gi = G only (G, S) succeeds.
            var next = both[..(band + 1)];
            var cur = both[(band + 1)..];
            next.Clear();
            next[band] = true;
            for (var gi = gl - 1; gi >= 0; gi--)
            {
                var any = false;
                if (gBare[gi])
                {
                    // The <*> takes s[gi + d], then either stops (next[d]) or takes the variable s[gi + 1 + d] too.
                    var rest = false;
                    for (var d = band; d >= 0; d--)
                    {
                        var j = gi + 1 + d;
                        rest = next[d] || (rest && j < s.Length && sVariable[j]);
                        cur[d] = rest;
                        any |= rest;
                    }
                }
                else
                {
                    for (var d = 0; d <= band; d++)
                    {
                        cur[d] = next[d] && TokenMatches(g[gi], s[gi + d]);
                        any |= cur[d];
                    }
                }
                if (!any) { return false; }
                var swap = next;
                next = cur;
                cur = swap;
            }
            return next[0];
        }
        finally
        {
            if (rented is not null) { ArrayPool<bool>.Shared.Return(rented); }
        }
    }

    private static bool TokenMatches(string pattern, string token)
    {
        if (pattern == token) { return true; }
        var w = pattern.IndexOf("<*>", StringComparison.Ordinal);
        if (w < 0) { return false; }
        var pre = pattern.AsSpan(0, w);
        var post = pattern.AsSpan(w + 3);
        return post.IndexOf("<*>", StringComparison.Ordinal) < 0 && token.Length >= pre.Length + post.Length
            && token.AsSpan().StartsWith(pre, StringComparison.Ordinal) && token.AsSpan().EndsWith(post, StringComparison.Ordinal);
    }
}
