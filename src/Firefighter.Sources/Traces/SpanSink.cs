using System.Globalization;
using Firefighter.Evidence;

namespace Firefighter.Sources.Traces;

/// <summary>Collects spans and warnings for one file: interns repeated names and keeps only the attributes analysis uses.</summary>
internal sealed class SpanSink
{
    /// <summary>Attribute keys worth keeping; everything else is dropped at read time so a million spans stay small.</summary>
    /// <remarks>Kept: what the analyzers read (<c>span.kind</c>, the peer keys of <c>SpanIndex.PeerOf</c>, <c>exception.type</c>) and
    /// the low-cardinality keys that decide or explain an error (<c>http.status_code</c>, <c>http.response.status_code</c>,
    /// <c>otel.status_code</c>, <c>error.type</c>). Free text (<c>otel.status_description</c>) and per-request values are dropped:
    /// they are never read and would defeat the sharing of attribute maps. See docs/benchmarks.md (Traces).</remarks>
    internal static readonly HashSet<string> KeptKeys = new(StringComparer.Ordinal)
    {
        "span.kind", "peer.service", "server.address", "net.peer.name", "db.system", "exception.type",
        "http.status_code", "http.response.status_code", "otel.status_code", "error.type",
    };

    // Past this many distinct attribute maps the pool stops growing (hostile or high-cardinality input): new maps are just not shared.
    private const int MaxPooledMaps = 65_536;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _maps = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, string>> _pending = [];
    private char[] _keyBuffer = new char[256];

    public SpanSink(string sourcePath)
    {
        SourcePath = sourcePath;
    }

    public string SourcePath { get; }

    public List<Span> Spans { get; } = [];

    public List<EvidenceWarning> Warnings { get; } = [];

    public void Warn(int? line, string message) => Warnings.Add(new EvidenceWarning(SourcePath, line, message));

    public void Drop(int? line, int count, string message) => Warnings.Add(new EvidenceWarning(SourcePath, line, message) { Dropped = Math.Max(count, 0) });

    /// <summary>Returns one shared instance per distinct string (service and operation names repeat millions of times).</summary>
    public string Intern(string s)
    {
        if (_strings.TryGetValue(s, out var v))
        {
            return v;
        }
        _strings[s] = s;
        return s;
    }

    /// <summary>The pooled instance of a name given as characters (allocates only the first time it is seen).</summary>
    public string Intern(ReadOnlySpan<char> s)
    {
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(s, out var v))
        {
            return v;
        }
        v = s.ToString();
        _strings[v] = v;
        return v;
    }

    /// <summary>The pooled instance of an id given as characters.</summary>
    public string InternId(ReadOnlySpan<char> id)
    {
        var lookup = _ids.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(id, out var v))
        {
            return v;
        }
        v = id.ToString();
        _ids[v] = v;
        return v;
    }

    /// <summary>The kept attribute key spelled by <paramref name="key"/>, or null when that key is dropped at read time.</summary>
    public static string? KeptKey(ReadOnlySpan<char> key) => KeptKeysLookup.TryGetValue(key, out var k) ? k : null;

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> KeptKeysLookup = KeptKeys.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Returns one shared instance per distinct id, so a trace id costs one string per trace and a parent id is the parent's own span id string.</summary>
    public string InternId(string id)
    {
        if (_ids.TryGetValue(id, out var v))
        {
            return v;
        }
        _ids[id] = id;
        return id;
    }

    /// <summary>Forgets the id pool (ids are only shared within one read; the spans keep their strings).</summary>
    public void ReleaseIds() => _ids.Clear();

    /// <summary>Starts the attributes of one span (see <see cref="AddAttribute"/> and <see cref="TakeAttributes"/>).</summary>
    public void BeginAttributes() => _pending.Clear();

    /// <summary>Adds (or replaces) one attribute of the span being read; key and value are interned.</summary>
    public void AddAttribute(string key, string value)
    {
        key = Intern(key);
        value = Intern(value);
        for (var i = 0; i < _pending.Count; i++)
        {
            if (ReferenceEquals(_pending[i].Key, key))
            {
                _pending[i] = new(key, value);
                return;
            }
        }
        _pending.Add(new(key, value));
    }

    /// <summary>The attribute value added so far for the span being read, or null.</summary>
    public string? PendingAttribute(string key)
    {
        foreach (var kv in _pending)
        {
            if (kv.Key == key)
            {
                return kv.Value;
            }
        }
        return null;
    }

    /// <summary>Whether the pending attributes mark an error: an error tag, otel.status_code=ERROR or an HTTP status of 500 or more.</summary>
    public bool PendingSaysError(bool errorTag)
    {
        if (errorTag)
        {
            return true;
        }
        if (_pending.Count == 0)
        {
            return false;
        }
        if (PendingAttribute("otel.status_code") is { } sc && sc.Equals("ERROR", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        foreach (var key in (ReadOnlySpan<string>)["http.status_code", "http.response.status_code"])
        {
            if (PendingAttribute(key) is { } h && int.TryParse(h, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) && code >= 500)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The attribute map of the span being read, shared with every earlier span that had the same attributes.</summary>
    /// <remarks>Spans of one service and operation nearly always carry the same few kept attributes, so sharing the (read-only) map
    /// turns ~200 bytes per span into one map per distinct combination.</remarks>
    public IReadOnlyDictionary<string, string> TakeAttributes()
    {
        if (_pending.Count == 0)
        {
            return Span.NoAttributes;
        }
        if (_pending.Count > 1)
        {
            _pending.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        }
        var length = 0;
        foreach (var kv in _pending)
        {
            length += kv.Key.Length + kv.Value.Length + 2;
        }
        if (_keyBuffer.Length < length)
        {
            _keyBuffer = new char[Math.Max(length, _keyBuffer.Length * 2)];
        }
        var pos = 0;
        foreach (var kv in _pending)
        {
            kv.Key.CopyTo(_keyBuffer.AsSpan(pos));
            pos += kv.Key.Length;
            _keyBuffer[pos++] = '\0';
            kv.Value.CopyTo(_keyBuffer.AsSpan(pos));
            pos += kv.Value.Length;
            _keyBuffer[pos++] = '\u0001';
        }
        var lookup = _maps.GetAlternateLookup<ReadOnlySpan<char>>();
        var text = _keyBuffer.AsSpan(0, pos);
        if (lookup.TryGetValue(text, out var shared))
        {
            return shared;
        }
        var map = new Dictionary<string, string>(_pending.Count, StringComparer.Ordinal);
        foreach (var kv in _pending)
        {
            map[kv.Key] = kv.Value;
        }
        if (_maps.Count < MaxPooledMaps)
        {
            lookup[text] = map;
        }
        return map;
    }

    /// <summary>Normalises an id to lower-case hex; OTLP exporters that follow protobuf JSON send base64, which is converted.</summary>
    public static string? NormalizeId(string? id, bool maybeBase64)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }
        if (IsHex(id))
        {
            return id.ToLowerInvariant();
        }
        if (maybeBase64 && id.Length % 4 == 0)
        {
            Span<byte> bytes = stackalloc byte[64];
            if (Convert.TryFromBase64String(id, bytes, out var n) && n is 8 or 16)
            {
                return Convert.ToHexStringLower(bytes[..n]);
            }
        }
        return id.ToLowerInvariant();
    }

    private static bool IsHex(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
