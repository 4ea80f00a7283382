using System.Runtime.InteropServices;
using System.Text;
using Firefighter.Evidence;

namespace Firefighter.Logs;

/// <summary>Streaming, deterministic log template miner.</summary>
/// <remarks>
/// Online phase: each message is tokenised on whitespace and every token reduced to a grouping key (digit-bearing pieces,
/// paths and reserved words masked); the key sequence is a <em>signature</em>, interned in a hash table with its count, levels,
/// times and, per masked position, whether the raw value ever varied. Cost per line is independent of the number of templates.
/// Finalise phase: signatures of equal length are partitioned recursively on the word position with the fewest distinct
/// values while that count is small (a word taking few values is an event word, like <c>Started</c>/<c>Paused</c>); positions
/// left with several values become variables. Templates whose variable absorbs several tokens are then merged across
/// lengths. Because records map to signatures and signatures to final templates, every record is labelled with the final
/// templates, however late a template generalised.
/// <para>Worst-case bounds, for N signatures of at most L = <see cref="MaxTokens"/> tokens (a longer message keeps its rest as
/// one token) and R rendered templates: adding a line is O(its length); partitioning is O(N·L·log N); rendering is O(N·L);
/// the merge across lengths is O(R·(<see cref="MaxMergeExamined"/> + <see cref="MaxMergeCells"/>)), each match being a
/// dynamic programme of at most G·(S−G+1) cells for templates of G and S tokens. What a cap cut is reported in
/// <see cref="MiningResult.Warnings"/>. Nothing is exponential or quadratic in the number of lines or templates.</para>
/// </remarks>
public sealed partial class TemplateMiner
{
    /// <summary>Maximum number of distinct words at one position for it to split events rather than be a variable (the default of <see cref="MinerTuning.MaxEventWords"/>).</summary>
    public const int MaxEventWords = 8;

    /// <summary>Tokens kept per message; the rest of a longer message is its last token, so a signature stays bounded.</summary>
    public const int MaxTokens = 256;
    private readonly Dictionary<ulong, int> _index = [];
    private readonly List<Signature> _signatures = [];
    private char[] _keyBuffer = new char[4096];
    private readonly Range[] _tokens = new Range[MaxTokens];
    private readonly int[] _keyEnds = new int[MaxTokens];
    private readonly bool[] _masked = new bool[MaxTokens];
    private long _records;
    private long _longMessages;

    private readonly MinerOptions? _options;
    private readonly MinerTuning _tuning = MinerTuning.Default;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _keep;
    private readonly bool _hasKeep;
    private char[] _maskBuffer = [];

    /// <summary>Creates a miner with the default masking.</summary>
    public TemplateMiner()
    {
    }

    /// <summary>Creates a miner with user masks and pinned tokens.</summary>
    public TemplateMiner(MinerOptions? options)
    {
        _options = options is { Masks.Count: > 0 } or { Keep.Count: > 0 } ? options : null;
        _tuning = options?.Tuning ?? MinerTuning.Default;
        if (_options is { Keep.Count: > 0 })
        {
            _keep = new HashSet<string>(_options.Keep, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
            _hasKeep = true;
        }
    }

    /// <summary>Records added so far.</summary>
    public long RecordCount => _records;

    /// <summary>Distinct signatures so far.</summary>
    public int SignatureCount => _signatures.Count;

    /// <summary>Adds one message; returns its signature id (map it with <see cref="MiningResult.TemplateOf"/> after <see cref="Finish"/>).</summary>
    public int Add(ReadOnlySpan<char> message, LogLevel level = LogLevel.Unknown, DateTimeOffset? time = null)
    {
        if (_options is { Masks.Count: > 0 }) { message = ApplyMasks(message); }
        Span<Range> tokens = _tokens;
        var nt = Tokenize(message, tokens);
        if (_keyBuffer.Length < message.Length * 3 + nt + 16)
        {
            _keyBuffer = new char[message.Length * 3 + nt + 16];
        }
        Span<int> keyEnds = _keyEnds.AsSpan(0, nt);
        Span<bool> masked = _masked.AsSpan(0, nt);
        var buf = _keyBuffer.AsSpan();
        var pos = 0;
        // Past the token cap the rest of the message is one variable, so that a template's size stays bounded too.
        var rest = nt == MaxTokens && message[tokens[nt - 1]].ContainsAny(RestSpaces) ? nt - 1 : -1;
        for (var t = 0; t < nt; t++)
        {
            var tok = message[tokens[t]];
            int len;
            if (t == rest)
            {
                TemplateText.Wildcard.CopyTo(buf[pos..]);
                len = 3;
                masked[t] = true;
            }
            else if (_hasKeep && _keep.Contains(tok))
            {
                tok.CopyTo(buf[pos..]);
                len = tok.Length;
                masked[t] = false;
            }
            else
            {
                len = TemplateText.MaskToken(tok, buf[pos..], out masked[t]);
            }
            if (_tuning.DateWords && !masked[t] && tok.Length >= 3 && tok.Length <= 10 && char.IsAsciiLetter(tok[0]) && InDate(message, tokens[..nt], t))
            {
                // Month and weekday names written next to numbers (or next to a name next to numbers: "Fri Jun 17") are part of a date, not event words.
                len = -1;
            }
            else if (_tuning.Units && !masked[t] && t > 0 && tok.Length <= 8 && EndsWithDigit(message[tokens[t - 1]]) && IsUnit(tok))
            {
                // A size or duration unit after a number belongs to the value: never an event word.
                masked[t] = true;
            }
            if (len < 0)
            {
                len = 3;
                "<*>".CopyTo(buf[pos..]);
                masked[t] = true;
            }
            pos += len;
            keyEnds[t] = pos;
            buf[pos++] = KeySeparator;
        }
        var hash = HashKeyBuffer(buf[..pos], nt);
        _records++;
        if (nt == MaxTokens) { _longMessages++; }
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, hash, out var exists);
        Signature sig;
        if (exists)
        {
            sig = _signatures[slot];
            for (var t = 0; t < nt; t++)
            {
                if (masked[t] && !sig.Varies[t] && t != rest && !message[tokens[t]].SequenceEqual(sig.Raw[t]))
                {
                    sig.Varies[t] = true;
                }
            }
        }
        else
        {
            slot = _signatures.Count;
            var keys = new string[nt];
            var raw = new string?[nt];
            var start = 0;
            for (var t = 0; t < nt; t++)
            {
                keys[t] = buf[start..keyEnds[t]].ToString();
                start = keyEnds[t] + 1;
                raw[t] = t == rest ? TemplateText.Wildcard : masked[t] ? message[tokens[t]].ToString() : keys[t];
            }
            sig = new Signature(keys, raw, new bool[nt], masked.ToArray(), message.ToString(), _records - 1);
            _signatures.Add(sig);
        }
        sig.Count++;
        sig.LevelCounts[(int)level]++;
        if (time is { } tm)
        {
            if (sig.First is null || tm < sig.First) { sig.First = tm; }
            if (sig.Last is null || tm > sig.Last) { sig.Last = tm; }
        }
        return slot;
    }

    /// <summary>Adds a message standing for <paramref name="count"/> records seen between <paramref name="first"/> and <paramref name="last"/> (a saved baseline's template).</summary>
    public int AddCounted(ReadOnlySpan<char> message, LogLevel level, DateTimeOffset? first, DateTimeOffset? last, long count)
    {
        var id = Add(message, level, first);
        if (count > 1)
        {
            var sig = _signatures[id];
            sig.Count += count - 1;
            sig.LevelCounts[(int)level] += count - 1;
            _records += count - 1;
        }
        if (last is { } l && _signatures[id] is var s && (s.Last is null || l > s.Last)) { s.Last = l; }
        return id;
    }

    // User masks: each match becomes one "<*>" word before tokenising (a timeout makes the line pass unmasked).
    private ReadOnlySpan<char> ApplyMasks(ReadOnlySpan<char> message)
    {
        var current = message;
        foreach (var (_, pattern) in _options!.Masks)
        {
            var output = new System.Text.StringBuilder(current.Length);
            var last = 0;
            try
            {
                foreach (var m in pattern.EnumerateMatches(current))
                {
                    if (m.Length == 0) { continue; }
                    output.Append(current[last..m.Index]).Append(TemplateText.Wildcard);
                    last = m.Index + m.Length;
                }
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                continue;
            }
            if (last == 0) { continue; }
            output.Append(current[last..]);
            if (_maskBuffer.Length < output.Length) { _maskBuffer = new char[output.Length * 2]; }
            output.CopyTo(0, _maskBuffer, output.Length);
            current = _maskBuffer.AsSpan(0, output.Length);
        }
        return current;
    }

    /// <summary>Folds another miner's signatures into this one (in order), returning the id map from its ids to ours.</summary>
    /// <remarks>Used to mine chunks in parallel: merging chunk miners in input order gives the same result as one sequential miner.</remarks>
    public int[] Merge(TemplateMiner other)
    {
        var map = new int[other._signatures.Count];
        for (var i = 0; i < other._signatures.Count; i++)
        {
            var o = other._signatures[i];
            var hash = HashKeys(o.Keys);
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, hash, out var exists);
            if (!exists)
            {
                slot = _signatures.Count;
                var copy = new Signature(o.Keys, o.Raw, (bool[])o.Varies.Clone(), o.Masked, o.Sample, _records + o.FirstIndex);
                _signatures.Add(copy);
                copy.Count = o.Count;
                Array.Copy(o.LevelCounts, copy.LevelCounts, copy.LevelCounts.Length);
                copy.First = o.First;
                copy.Last = o.Last;
            }
            else
            {
                var s = _signatures[slot];
                s.Count += o.Count;
                for (var l = 0; l < s.LevelCounts.Length; l++) { s.LevelCounts[l] += o.LevelCounts[l]; }
                for (var t = 0; t < s.Keys.Length; t++)
                {
                    if (s.Masked[t] && !s.Varies[t] && (o.Varies[t] || !string.Equals(s.Raw[t], o.Raw[t], StringComparison.Ordinal)))
                    {
                        s.Varies[t] = true;
                    }
                }
                if (o.First is { } f && (s.First is null || f < s.First)) { s.First = f; }
                if (o.Last is { } l2 && (s.Last is null || l2 > s.Last)) { s.Last = l2; }
            }
            map[i] = slot;
        }
        _records += other._records;
        _longMessages += other._longMessages;
        return map;
    }

    private const char KeySeparator = '\u001F';

    private static readonly System.Buffers.SearchValues<char> RestSpaces = System.Buffers.SearchValues.Create(" \t\n\v\f\r\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000");

    private static ulong HashKeys(string[] keys)
    {
        var sb = new StringBuilder();
        foreach (var k in keys) { sb.Append(k).Append(KeySeparator); }
        return HashKeyBuffer(sb.ToString(), keys.Length);
    }

    // A 64-bit hash of the separated key sequence, eight bytes per step (the per-character FNV loop was a fifth of the miner's time).
    private static ulong HashKeyBuffer(ReadOnlySpan<char> keys, int count)
    {
        var bytes = MemoryMarshal.AsBytes(keys);
        var h = 0x9E3779B97F4A7C15UL ^ ((ulong)count * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)bytes.Length;
        var i = 0;
        for (; i + 8 <= bytes.Length; i += 8)
        {
            var w = MemoryMarshal.Read<ulong>(bytes[i..]) * 0x87C37B91114253D5UL;
            h ^= System.Numerics.BitOperations.RotateLeft(w, 31) * 0x4CF5AD432745937FUL;
            h = System.Numerics.BitOperations.RotateLeft(h, 27) * 5 + 0x52DCE729;
        }
        if (i < bytes.Length)
        {
            ulong w = 0;
            for (var k = bytes.Length - 1; k >= i; k--) { w = (w << 8) | bytes[k]; }
            w *= 0x87C37B91114253D5UL;
            h ^= System.Numerics.BitOperations.RotateLeft(w, 31) * 0x4CF5AD432745937FUL;
        }
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB93FE1A85EC5UL;
        h ^= h >> 33;
        return h;
    }

    private static bool EndsWithDigit(ReadOnlySpan<char> s) => s.Length > 0 && char.IsAsciiDigit(s[^1]);

    /// <summary>True for size and duration units (KB, MiB, ms...), ignoring trailing punctuation.</summary>
    internal static bool IsUnit(ReadOnlySpan<char> tok)
    {
        if (tok.IsEmpty || (tok[0] | 0x20) is not ('b' or 'k' or 'm' or 'g' or 't' or 'u' or 'n' or 's' or 'h')) { return false; }
        var t = tok.TrimEnd(",.;:)]}");
        if (t.Length is 0 or > 4) { return false; }
        Span<char> lower = stackalloc char[4];
        if (!LowerAsciiLetters(t, lower)) { return false; }
        return lower[..t.Length] switch
        {
            "b" or "kb" or "mb" or "gb" or "tb" or "kib" or "mib" or "gib" or "tib" or "k" or "m" or "g" or "ms" or "us" or "ns" or "s"
                or "sec" or "secs" or "min" or "mins" or "h" => true,
            _ => false,
        };
    }

    private static bool LowerAsciiLetters(ReadOnlySpan<char> s, Span<char> lower)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (!char.IsAsciiLetter(c)) { return false; }
            lower[i] = (char)(c | 0x20);
        }
        return true;
    }

    private static bool StartsWithDigit(ReadOnlySpan<char> s) => s.Length > 0 && char.IsAsciiDigit(s[0]);

    // A date word next to a number, or next to another date word that is next to a number (ctime's "Fri Jun 17 05:55:12 2005").
    private static bool InDate(ReadOnlySpan<char> message, ReadOnlySpan<Range> tokens, int t)
    {
        if (!IsDateWord(message[tokens[t]])) { return false; }
        if ((t + 1 < tokens.Length && StartsWithDigit(message[tokens[t + 1]])) || (t > 0 && StartsWithDigit(message[tokens[t - 1]]))) { return true; }
        return (t + 2 < tokens.Length && StartsWithDigit(message[tokens[t + 2]]) && IsDateWord(message[tokens[t + 1]]))
            || (t > 1 && StartsWithDigit(message[tokens[t - 2]]) && IsDateWord(message[tokens[t - 1]]));
    }

    private static bool IsDateWord(ReadOnlySpan<char> tok)
    {
        var t = tok.TrimEnd(",.");
        if (t.Length is < 3 or > 9) { return false; }
        Span<char> lower = stackalloc char[9];
        if (!LowerAsciiLetters(t, lower)) { return false; }
        return lower[..t.Length] switch
        {
            "jan" or "feb" or "mar" or "apr" or "may" or "jun" or "jul" or "aug" or "sep" or "sept" or "oct" or "nov" or "dec"
                or "january" or "february" or "march" or "april" or "june" or "july" or "august" or "september" or "october" or "november" or "december"
                or "mon" or "tue" or "wed" or "thu" or "fri" or "sat" or "sun"
                or "monday" or "tuesday" or "wednesday" or "thursday" or "friday" or "saturday" or "sunday" => true,
            _ => false,
        };
    }

    private static int Tokenize(ReadOnlySpan<char> s, Span<Range> tokens)
    {
        if (System.Text.Ascii.IsValid(s))
        {
            return TokenizeAscii(s, tokens);
        }
        var n = 0;
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && IsSpace(s[i])) { i++; }
            if (i >= s.Length) { break; }
            var start = i;
            if (n == tokens.Length - 1)
            {
                // Very long messages: the tail is one token so the signature stays bounded.
                var end = s.Length;
                while (end > start && IsSpace(s[end - 1])) { end--; }
                tokens[n++] = new Range(start, end);
                break;
            }
            while (i < s.Length && !IsSpace(s[i])) { i++; }
            tokens[n++] = new Range(start, i);
        }
        return n;
    }

    // Same tokens as the general loop for ASCII text, with a cheaper space test.
    private static int TokenizeAscii(ReadOnlySpan<char> s, Span<Range> tokens)
    {
        var n = 0;
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && IsAsciiSpace(s[i])) { i++; }
            if (i >= s.Length) { break; }
            var start = i;
            if (n == tokens.Length - 1)
            {
                var end = s.Length;
                while (end > start && IsAsciiSpace(s[end - 1])) { end--; }
                tokens[n++] = new Range(start, end);
                break;
            }
            while (i < s.Length && !IsAsciiSpace(s[i])) { i++; }
            tokens[n++] = new Range(start, i);
        }
        return n;
    }

    private static bool IsAsciiSpace(char c) => c <= ' ' && (c == ' ' || (c >= '\t' && c <= '\r'));

    private static bool IsSpace(char c) => c == ' ' || c == '\t' || (c > 127 && char.IsWhiteSpace(c)) || c == '\r' || c == '\n' || c == '\f' || c == '\v';

    /// <summary>Decides the final templates over everything added so far. The miner can keep receiving records afterwards.</summary>
    public MiningResult Finish()
    {
        var sigToCluster = new int[_signatures.Count];
        var clusters = new List<List<int>>();
        var byLength = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < _signatures.Count; i++)
        {
            var len = _signatures[i].Keys.Length;
            if (!byLength.TryGetValue(len, out var list))
            {
                byLength[len] = list = [];
            }
            list.Add(i);
        }
        var ids = KeyIds();
        foreach (var (len, members) in byLength)
        {
            Partition(members, len, ids, null, clusters);
        }
        // Render each cluster; clusters rendering to the same text are one template.
        var textToTemplate = new Dictionary<string, int>(StringComparer.Ordinal);
        var rendered = new List<(string Text, List<int> Sigs)>();
        foreach (var cluster in clusters)
        {
            var text = Render(cluster);
            if (!textToTemplate.TryGetValue(text, out var ti))
            {
                textToTemplate[text] = ti = rendered.Count;
                rendered.Add((text, []));
            }
            rendered[ti].Sigs.AddRange(cluster);
        }
        var cut = 0;
        var merged = _tuning.MergeAcrossLengths ? MergeVariableLength(rendered, ref cut) : rendered;
        // Order templates by first occurrence for stable ids.
        var order = new List<(long First, int Index)>(merged.Count);
        for (var i = 0; i < merged.Count; i++)
        {
            var first = long.MaxValue;
            foreach (var s in merged[i].Sigs) { first = Math.Min(first, _signatures[s].FirstIndex); }
            order.Add((first, i));
        }
        order.Sort();
        var templates = new List<MinedTemplate>(merged.Count);
        foreach (var (first, idx) in order)
        {
            var (text, sigs) = merged[idx];
            var t = new MinedTemplate { Id = "E" + (templates.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Text = text, FirstIndex = first };
            foreach (var s in sigs)
            {
                var sig = _signatures[s];
                sig.Template = templates.Count;
                t.Count += sig.Count;
                for (var l = 0; l < sig.LevelCounts.Length; l++) { t.LevelCounts[l] += sig.LevelCounts[l]; }
                if (sig.First is { } f && (t.FirstSeen is null || f < t.FirstSeen)) { t.FirstSeen = f; }
                if (sig.Last is { } l2 && (t.LastSeen is null || l2 > t.LastSeen)) { t.LastSeen = l2; }
                if (sig.FirstIndex == first) { t.Sample = sig.Sample; }
            }
            var best = 0;
            for (var l = 1; l < t.LevelCounts.Length; l++)
            {
                if (t.LevelCounts[l] > t.LevelCounts[best]) { best = l; }
            }
            t.Level = (LogLevel)best;
            templates.Add(t);
        }
        for (var i = 0; i < _signatures.Count; i++) { sigToCluster[i] = _signatures[i].Template; }
        var warnings = new List<string>();
        if (_longMessages > 0)
        {
            warnings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{_longMessages} messages reached {MaxTokens} tokens: the rest of each was kept as one token"));
        }
        if (cut > 0)
        {
            warnings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{cut} templates were not compared with every more general template of another length (comparison cap reached); they may be split where one template was expected"));
        }
        return new MiningResult(templates, sigToCluster) { Warnings = warnings };
    }

    private string Render(List<int> cluster)
    {
        var first = _signatures[cluster[0]];
        var n = first.Keys.Length;
        var sb = new StringBuilder();
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var p = 0; p < n; p++)
        {
            if (p > 0) { sb.Append(' '); }
            keys.Clear();
            seen.Clear();
            var varies = false;
            foreach (var s in cluster)
            {
                var sig = _signatures[s];
                if (seen.Add(sig.Keys[p])) { keys.Add(sig.Keys[p]); }
                if (sig.Varies[p] || !string.Equals(sig.Raw[p], first.Raw[p], StringComparison.Ordinal)) { varies = true; }
            }
            if (!varies)
            {
                var useKey = first.Masked[p] && (HasLongDigitRun(first.Raw[p]!, _tuning.IdentifierDigits) || (_tuning.FreeNumbers && HasFreeNumber(first.Raw[p]!))
                    || first.Keys[p].Contains("://<*>", StringComparison.Ordinal));
                sb.Append(useKey ? VariableShape(first.Keys[p], _tuning.CollapseShapes) : first.Raw[p]);
            }
            else if (_tuning.Units && p > 0 && IsUnit(first.Raw[p]) && sb.Length >= 4 && sb[^2] == '>' && sb[^3] == '*' && sb[^4] == '<')
            {
                // "<*> KB," with a varying unit: the unit is part of the value; keep its punctuation only.
                sb.Length--; // drop the separator space
                var raw = first.Raw[p]!;
                var cut = raw.Length;
                while (cut > 0 && raw[cut - 1] is ',' or '.' or ';' or ':' or ')' or ']' or '}') { cut--; }
                sb.Append(raw.AsSpan(cut));
            }
            else if (keys.Count == 1)
            {
                sb.Append(VariableShape(keys[0], _tuning.CollapseShapes));
            }
            else
            {
                sb.Append(MergeShapes(keys));
            }
        }
        return TemplateText.Normalize(_tuning.SignedNumbers ? SignedNumbers(sb.ToString()) : sb.ToString());
    }

    // "-<*>" at the start of a value is a signed number, one variable.
    private static string SignedNumbers(string s)
    {
        if (!s.Contains("-<*>", StringComparison.Ordinal)) { return s; }
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '-' && i + 3 < s.Length && s[i + 1] == '<' && s[i + 2] == '*' && s[i + 3] == '>' && (i == 0 || s[i - 1] is ' ' or ':' or '=' or '(' or ',' or '['))
            {
                continue;
            }
            sb.Append(s[i]);
        }
        return sb.ToString();
    }

    // The shape of a variable value: UUID-like runs of masks and dotted host names collapse to one <*>.
    private static string VariableShape(string key, bool collapse)
    {
        if (!collapse || !key.Contains('<', StringComparison.Ordinal)) { return key; }
        var sb = new StringBuilder(key.Length);
        var i = 0;
        while (i < key.Length)
        {
            var c = key[i];
            if (c is '/' or ':' or '[' or ']' or '(' or ')' or '=' or ',' or '\'' or '"')
            {
                sb.Append(c);
                i++;
                continue;
            }
            var start = i;
            while (i < key.Length && key[i] is not ('/' or ':' or '[' or ']' or '(' or ')' or '=' or ',' or '\'' or '"')) { i++; }
            var piece = key.AsSpan(start, i - start);
            var dots = piece.Count('.');
            var masks = piece.Count("<*>");
            var dashesOnly = masks >= 3 && piece.Length == masks * 3 + piece.Count('-');
            var host = masks > 0 && dots >= 2 && !piece.StartsWith("<*>.<*>", StringComparison.Ordinal) && !piece.Contains("..", StringComparison.Ordinal)
                && piece[0] != '.' && piece[^1] != '.';
            sb.Append(dashesOnly || host ? TemplateText.Wildcard : piece);
        }
        return sb.ToString();
    }

    // A number standing alone inside a token (vCores:32>, 15GB), not glued to a name like ssh2 or tty2.
    private static bool HasFreeNumber(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (!char.IsAsciiDigit(s[i])) { continue; }
            if (s[i] == '0' && i + 2 < s.Length && s[i + 1] is 'x' or 'X' && char.IsAsciiHexDigit(s[i + 2]) && (i == 0 || !char.IsAsciiLetterOrDigit(s[i - 1])))
            {
                return true;
            }
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; }
            var letterBefore = start > 0 && char.IsAsciiLetter(s[start - 1]);
            var j = i;
            while (j < s.Length && char.IsAsciiLetter(s[j])) { j++; }
            var letterAfter = j > i && !IsUnit(s.AsSpan(i, j - i));
            if (!letterBefore && !letterAfter) { return true; }
        }
        return false;
    }

    // Identifiers (long digit runs) are variables even when one cluster saw a single value; short ones are names (ssh2, tty2).
    private static bool HasLongDigitRun(string s, int digits)
    {
        if (digits <= 0) { return false; }
        var run = 0;
        foreach (var c in s)
        {
            run = char.IsAsciiDigit(c) ? run + 1 : 0;
            if (run >= digits) { return true; }
        }
        return false;
    }

    // A variable position with different shapes: keep a shared letter prefix (blk_, user=) and a punctuation suffix (']').
    private static string MergeShapes(List<string> keys)
    {
        var prefix = keys[0].Length;
        var suffix = keys[0].Length;
        foreach (var k in keys)
        {
            prefix = Math.Min(prefix, CommonPrefix(keys[0], k));
            suffix = Math.Min(suffix, CommonSuffix(keys[0], k));
        }
        var k0 = keys[0];
        var minLen = int.MaxValue;
        foreach (var k in keys) { minLen = Math.Min(minLen, k.Length); }
        // Cut the prefix back to end just after a delimiter, with no digit or mask inside.
        var pre = 0;
        for (var i = 0; i < prefix; i++)
        {
            var c = k0[i];
            if (c == '<' || char.IsAsciiDigit(c)) { break; }
            if (!char.IsLetterOrDigit(c) && c != '_') { pre = i + 1; }
        }
        var suf = 0;
        for (var i = 0; i < suffix && i < minLen - pre; i++)
        {
            var c = k0[k0.Length - 1 - i];
            if (char.IsLetterOrDigit(c) || c == '>' || c == '*' || c == '<') { break; }
            suf = i + 1;
        }
        return string.Concat(k0.AsSpan(0, pre), TemplateText.Wildcard, k0.AsSpan(k0.Length - suf));
    }

    private static int CommonPrefix(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        var i = 0;
        while (i < n && a[i] == b[i]) { i++; }
        return i;
    }

    private static int CommonSuffix(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        var i = 0;
        while (i < n && a[a.Length - 1 - i] == b[b.Length - 1 - i]) { i++; }
        return i;
    }

    private sealed class Signature(string[] keys, string?[] raw, bool[] varies, bool[] masked, string sample, long firstIndex)
    {
        public string[] Keys { get; } = keys;
        public string?[] Raw { get; } = raw;
        public bool[] Varies { get; } = varies;
        public bool[] Masked { get; } = masked;
        public string Sample { get; } = sample;
        public long FirstIndex { get; } = firstIndex;
        public long Count { get; set; }
        public long[] LevelCounts { get; } = new long[7];
        public DateTimeOffset? First { get; set; }
        public DateTimeOffset? Last { get; set; }
        public int Template { get; set; }
    }
}
