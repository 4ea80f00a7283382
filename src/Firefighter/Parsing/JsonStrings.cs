using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Firefighter.Parsing;

/// <summary>Reads JSON string tokens leniently: a lone surrogate escape (<c>"\ud800"</c>) or invalid UTF-8 becomes U+FFFD instead of an
/// exception, so one bad value costs that value's characters, not the file.</summary>
/// <remarks>Never throws on string content. The fast path is the reader's own unescaping; the lenient decoder runs only when that fails.</remarks>
public static class JsonStrings
{
    /// <summary>The unescaped text of the string token the reader is on.</summary>
    public static string Get(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? "";
        }
        catch (InvalidOperationException) when (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            return Lenient(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
        }
    }

    /// <summary>Copies the unescaped text of the string token into <paramref name="destination"/>; -1 when it does not fit.</summary>
    public static int Copy(ref Utf8JsonReader reader, scoped Span<char> destination)
    {
        try
        {
            return reader.CopyString(destination);
        }
        catch (InvalidOperationException) when (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            var text = Lenient(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
            if (text.Length > destination.Length)
            {
                return -1;
            }
            text.CopyTo(destination);
            return text.Length;
        }
    }

    /// <summary>Unescapes the raw (still escaped) content of a JSON string, replacing invalid UTF-8, bad escapes and unpaired surrogates with U+FFFD.</summary>
    public static string Lenient(ReadOnlySpan<byte> raw)
    {
        var sb = new StringBuilder(raw.Length);
        var i = 0;
        while (i < raw.Length)
        {
            var slash = raw[i..].IndexOf((byte)'\\');
            if (slash < 0)
            {
                sb.Append(Encoding.UTF8.GetString(raw[i..]));
                break;
            }
            sb.Append(Encoding.UTF8.GetString(raw.Slice(i, slash)));
            i += slash;
            if (i + 1 >= raw.Length)
            {
                sb.Append('\uFFFD');
                break;
            }
            var c = raw[i + 1];
            i += 2;
            switch (c)
            {
                case (byte)'"': sb.Append('"'); break;
                case (byte)'\\': sb.Append('\\'); break;
                case (byte)'/': sb.Append('/'); break;
                case (byte)'b': sb.Append('\b'); break;
                case (byte)'f': sb.Append('\f'); break;
                case (byte)'n': sb.Append('\n'); break;
                case (byte)'r': sb.Append('\r'); break;
                case (byte)'t': sb.Append('\t'); break;
                case (byte)'u' when i + 4 <= raw.Length && TryHex(raw.Slice(i, 4), out var unit):
                    sb.Append((char)unit);
                    i += 4;
                    break;
                default: sb.Append('\uFFFD'); break;
            }
        }
        return ReplaceLoneSurrogates(sb);
    }

    /// <summary>Rewrites, in place, every <c>\uXXXX</c> escape that is an unpaired surrogate to <c>\ufffd</c> (same length), so a
    /// streaming reader that compares or copies names cannot trip on it; returns how many were rewritten.</summary>
    public static int ReplaceLoneSurrogateEscapes(Span<byte> json)
    {
        var count = 0;
        for (var i = 0; i + 1 < json.Length; i++)
        {
            if (json[i] != (byte)'\\')
            {
                continue;
            }
            if (json[i + 1] != (byte)'u' || i + 6 > json.Length || !TryHex(json.Slice(i + 2, 4), out var unit))
            {
                i++;
                continue;
            }
            if (unit is >= 0xD800 and <= 0xDBFF && i + 12 <= json.Length && json[i + 6] == (byte)'\\' && json[i + 7] == (byte)'u'
                && TryHex(json.Slice(i + 8, 4), out var low) && low is >= 0xDC00 and <= 0xDFFF)
            {
                i += 11;
                continue;
            }
            if (unit is >= 0xD800 and <= 0xDFFF)
            {
                "\\ufffd"u8.CopyTo(json[i..]);
                count++;
            }
            i += 5;
        }
        return count;
    }

    private static bool TryHex(ReadOnlySpan<byte> hex, out int value)
    {
        value = 0;
        foreach (var b in hex)
        {
            var d = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => -1,
            };
            if (d < 0)
            {
                return false;
            }
            value = value * 16 + d;
        }
        return true;
    }

    private static string ReplaceLoneSurrogates(StringBuilder sb)
    {
        var chars = ArrayPool<char>.Shared.Rent(sb.Length);
        try
        {
            sb.CopyTo(0, chars, sb.Length);
            var span = chars.AsSpan(0, sb.Length);
            for (var k = 0; k < span.Length; k++)
            {
                if (char.IsHighSurrogate(span[k]) && k + 1 < span.Length && char.IsLowSurrogate(span[k + 1]))
                {
                    k++;
                }
                else if (char.IsSurrogate(span[k]))
                {
                    span[k] = '\uFFFD';
                }
            }
            return new string(span);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
