using System.Globalization;
using System.Text;
using System.Text.Json;
using Firefighter.Parsing;

namespace Firefighter.Sources.Traces;

/// <summary>Token helpers for the span parsers that read a complete JSON value with <see cref="Utf8JsonReader"/> instead of a document.</summary>
/// <remarks>Text is copied into caller stack buffers so ids, names and keys are looked up in the per-read pools without a string per token.</remarks>
internal static class JsonText
{
    /// <summary>Reader options matching the file scanner (comments and trailing commas tolerated).</summary>
    public static readonly JsonReaderOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 256,
    };

    /// <summary>Copies the text of a string (unescaped) or number (raw) token into <paramref name="buffer"/>; -1 when it does not fit.</summary>
    public static int Copy(ref Utf8JsonReader r, scoped Span<char> buffer)
    {
        if (r.ValueSpan.Length > buffer.Length)
        {
            return -1;
        }
        return r.TokenType == JsonTokenType.String ? JsonStrings.Copy(ref r, buffer) : Encoding.UTF8.GetChars(r.ValueSpan, buffer);
    }

    /// <summary>The text of a string (unescaped) or number (raw) token as a new string (the slow path of <see cref="Copy"/>).</summary>
    public static string String(ref Utf8JsonReader r) =>
        r.TokenType == JsonTokenType.String ? JsonStrings.Get(ref r) : Encoding.UTF8.GetString(r.ValueSpan);

    /// <summary>Advances to the next object element of the array the reader is in, skipping any other element; false at the array's end (or a cut-short document).</summary>
    public static bool NextObject(ref Utf8JsonReader r)
    {
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (r.TokenType == JsonTokenType.StartObject)
            {
                return true;
            }
            r.Skip();
        }
        return false;
    }

    /// <summary>Whether the token is a string or a number (the scalar kinds read as text).</summary>
    public static bool IsText(ref Utf8JsonReader r) => r.TokenType is JsonTokenType.String or JsonTokenType.Number;

    /// <summary>A pooled string of a string or number token; skips anything else and returns null.</summary>
    public static string? Name(ref Utf8JsonReader r, SpanSink sink)
    {
        if (!IsText(ref r))
        {
            r.Skip();
            return null;
        }
        Span<char> buffer = stackalloc char[256];
        var n = Copy(ref r, buffer);
        return n >= 0 ? sink.Intern(buffer[..n]) : sink.Intern(String(ref r));
    }

    /// <summary>A normalised, pooled id (lower-case hex; base64 converted when <paramref name="maybeBase64"/>), or null when empty or not text.</summary>
    public static string? Id(ref Utf8JsonReader r, SpanSink sink, bool maybeBase64)
    {
        if (!IsText(ref r))
        {
            r.Skip();
            return null;
        }
        Span<char> buffer = stackalloc char[128];
        var written = Copy(ref r, buffer);
        if (written < 0)
        {
            return SpanSink.NormalizeId(String(ref r), maybeBase64) is { } longId ? sink.InternId(longId) : null;
        }
        ReadOnlySpan<char> text = buffer[..written];
        if (text.IsEmpty)
        {
            return null;
        }
        Span<char> lower = stackalloc char[128];
        if (maybeBase64 && text.Length % 4 == 0 && text.ContainsAnyExcept(HexDigits))
        {
            Span<byte> bytes = stackalloc byte[96];
            if (Convert.TryFromBase64Chars(text, bytes, out var n) && n is 8 or 16 && Convert.TryToHexStringLower(bytes[..n], lower, out var hex))
            {
                return sink.InternId(lower[..hex]);
            }
        }
        var len = text.ToLowerInvariant(lower);
        return sink.InternId(len < 0 ? text : lower[..len]);
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>A 64-bit integer from a number token (truncating a fractional one) or a decimal string; skips anything else.</summary>
    public static bool TryLong(ref Utf8JsonReader r, out long value)
    {
        value = 0;
        switch (r.TokenType)
        {
            case JsonTokenType.Number:
                if (r.TryGetInt64(out value))
                {
                    return true;
                }
                if (r.TryGetDouble(out var d))
                {
                    value = (long)d;
                    return true;
                }
                return false;
            case JsonTokenType.String:
                Span<char> buffer = stackalloc char[64];
                var n = Copy(ref r, buffer);
                return n >= 0 && long.TryParse(buffer[..n], NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
            default:
                r.Skip();
                return false;
        }
    }

    /// <summary>A value as text: strings unescaped, booleans as <c>true</c>/<c>false</c>, anything else as its raw JSON (the reader is moved past it).</summary>
    public static string ValueText(ref Utf8JsonReader r, scoped ReadOnlySpan<byte> json, SpanSink sink)
    {
        switch (r.TokenType)
        {
            case JsonTokenType.String:
                return Name(ref r, sink)!;
            case JsonTokenType.True:
                return "true";
            case JsonTokenType.False:
                return "false";
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var start = (int)r.TokenStartIndex;
                r.Skip();
                return Encoding.UTF8.GetString(json[start..(int)r.BytesConsumed]);
            default:
                return Encoding.UTF8.GetString(r.ValueSpan);
        }
    }
}
