using System.Globalization;
using Firefighter.Evidence;
using Firefighter.Traces;

namespace Firefighter.Sources.Traces;

/// <summary>Collects spans and warnings for one file: interns repeated names and keeps only the attributes analysis uses.</summary>
internal sealed class SpanSink
{
    /// <summary>Attribute keys worth keeping; everything else is dropped so a million spans stay small.</summary>
    internal static readonly HashSet<string> KeptKeys = new(StringComparer.Ordinal)
    {
        "span.kind", "peer.service", "http.status_code", "http.response.status_code", "otel.status_code",
        "otel.status_description", "exception.type", "error.type", "error.kind", "server.address", "net.peer.name",
        "db.system", "rpc.service", "rpc.grpc.status_code", "http.method", "http.route",
    };

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    public SpanSink(string sourcePath)
    {
        SourcePath = sourcePath;
    }

    public string SourcePath { get; }

    public List<Span> Spans { get; } = [];

    public List<EvidenceWarning> Warnings { get; } = [];

    public void Warn(int? line, string message) => Warnings.Add(new EvidenceWarning(SourcePath, line, message));

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

    /// <summary>Whether the attributes mark an error: error=true, otel.status_code=ERROR or an HTTP status of 500 or more.</summary>
    public static bool AttributesSayError(Dictionary<string, string>? attrs, bool errorTag)
    {
        if (errorTag)
        {
            return true;
        }
        if (attrs is null)
        {
            return false;
        }
        if (attrs.TryGetValue("otel.status_code", out var sc) && sc.Equals("ERROR", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        foreach (var key in (ReadOnlySpan<string>)["http.status_code", "http.response.status_code"])
        {
            if (attrs.TryGetValue(key, out var h) && int.TryParse(h, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) && code >= 500)
            {
                return true;
            }
        }
        return false;
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
