using System.Globalization;
using System.Text;
using Firefighter.Evidence;

namespace Firefighter.Sources.Traces;

/// <summary>Fetches traces from a Jaeger query service (<c>GET /api/traces?service=...</c>) as spans.</summary>
/// <remarks>Never throws for an unreachable server, an HTTP error or a bad body: those are warnings naming the URL.</remarks>
public sealed class JaegerQueryClient
{
    private readonly HttpClient _http;
    private readonly Uri _baseUri;

    /// <summary>Creates a client for the Jaeger query base URL (for example <c>http://jaeger:16686</c>).</summary>
    public JaegerQueryClient(HttpClient http, Uri baseUri)
    {
        _http = http;
        _baseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
    }

    /// <summary>The request URL for a search: service, optional operation, time range (microseconds) and limit.</summary>
    public Uri SearchUri(string service, DateTimeOffset start, DateTimeOffset end, int limit = 1500, string? operation = null)
    {
        var q = new StringBuilder("api/traces?service=").Append(Uri.EscapeDataString(service));
        if (!string.IsNullOrEmpty(operation))
        {
            q.Append("&operation=").Append(Uri.EscapeDataString(operation));
        }
        q.Append("&start=").Append(ToMicros(start).ToString(CultureInfo.InvariantCulture))
         .Append("&end=").Append(ToMicros(end).ToString(CultureInfo.InvariantCulture))
         .Append("&limit=").Append(limit.ToString(CultureInfo.InvariantCulture));
        return new Uri(_baseUri, q.ToString());
    }

    /// <summary>Searches traces of a service in a time range and returns their spans.</summary>
    public Task<(IReadOnlyList<Span> Spans, IReadOnlyList<EvidenceWarning> Warnings)> SearchAsync(string service, DateTimeOffset start, DateTimeOffset end, int limit = 1500, string? operation = null, CancellationToken cancellationToken = default)
        => GetAsync(SearchUri(service, start, end, limit, operation), cancellationToken);

    /// <summary>Fetches one trace by id.</summary>
    public Task<(IReadOnlyList<Span> Spans, IReadOnlyList<EvidenceWarning> Warnings)> GetTraceAsync(string traceId, CancellationToken cancellationToken = default)
        => GetAsync(new Uri(_baseUri, "api/traces/" + Uri.EscapeDataString(traceId)), cancellationToken);

    /// <summary>Lists the services Jaeger knows (<c>/api/services</c>); empty with a warning on failure.</summary>
    public async Task<(IReadOnlyList<string> Services, IReadOnlyList<EvidenceWarning> Warnings)> ServicesAsync(CancellationToken cancellationToken = default)
    {
        var uri = new Uri(_baseUri, "api/services");
        try
        {
            using var resp = await _http.GetAsync(uri, cancellationToken);
            if (!resp.IsSuccessStatusCode)
            {
                return ([], [new EvidenceWarning(uri.ToString(), null, $"HTTP {(int)resp.StatusCode} {resp.ReasonPhrase}")]);
            }
            await using var body = await resp.Content.ReadAsStreamAsync(cancellationToken);
            using var doc = await System.Text.Json.JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            var list = new List<string>();
            if (doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                foreach (var s in data.EnumerateArray())
                {
                    if (s.GetString() is { } name)
                    {
                        list.Add(name);
                    }
                }
            }
            return (list, []);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return ([], [new EvidenceWarning(uri.ToString(), null, $"Jaeger query failed: {ex.Message}")]);
        }
    }

    private async Task<(IReadOnlyList<Span> Spans, IReadOnlyList<EvidenceWarning> Warnings)> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var resp = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!resp.IsSuccessStatusCode)
            {
                return ([], [new EvidenceWarning(uri.ToString(), null, $"HTTP {(int)resp.StatusCode} {resp.ReasonPhrase}")]);
            }
            await using var body = await resp.Content.ReadAsStreamAsync(cancellationToken);
            // The reader is synchronous; buffering the body first keeps sync reads off the socket.
            using var copy = new MemoryStream();
            await body.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            return TraceFileReader.Read(copy, uri.ToString());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return ([], [new EvidenceWarning(uri.ToString(), null, $"Jaeger query failed: {ex.Message}")]);
        }
    }

    private static long ToMicros(DateTimeOffset t) => (t - DateTimeOffset.UnixEpoch).Ticks / 10;
}
