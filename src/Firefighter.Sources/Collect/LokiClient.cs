using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Firefighter.Sources.Collect;

/// <summary>One Loki stream of a log query: its labels and its lines (nanosecond epoch, text) in the order the server sent them.</summary>
public sealed record LokiStreamLines(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(long UnixNanos, string Line)> Values);

/// <summary>Reads logs over Loki's HTTP API (<c>GET /loki/api/v1/query_range</c>): LogQL is pushed down, streams come back.</summary>
/// <remarks>Throws <see cref="LokiException"/> on transport errors, non-2xx answers and answers that are not a streams result; the message names the URL.</remarks>
public sealed class LokiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _base;

    /// <summary>Creates a client for <paramref name="baseUrl"/> (e.g. <c>http://loki:3100</c>); <paramref name="handler"/> for tests.</summary>
    public LokiClient(Uri baseUrl, string? bearerToken = null, string? tenant = null, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        _base = new Uri(baseUrl.ToString().TrimEnd('/') + "/");
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = timeout ?? TimeSpan.FromSeconds(30);
        if (bearerToken is { Length: > 0 })
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }
        if (tenant is { Length: > 0 })
        {
            _http.DefaultRequestHeaders.Add("X-Scope-OrgID", tenant);
        }
    }

    /// <summary>The URL of a range query (also written to the collect manifest).</summary>
    public Uri QueryRangeUrl(string query, DateTimeOffset start, DateTimeOffset end, int limit)
    {
        var args = new (string Key, string Value)[]
        {
            ("query", query), ("start", Nanos(start)), ("end", Nanos(end)), ("limit", limit.ToString(CultureInfo.InvariantCulture)), ("direction", "forward"),
        };
        return new(_base, "loki/api/v1/query_range?" + string.Join("&", args.Select(a => a.Key + "=" + Uri.EscapeDataString(a.Value))));
    }

    /// <summary>Runs a log query over [start, end] with at most <paramref name="limit"/> lines, oldest first.</summary>
    public async Task<IReadOnlyList<LokiStreamLines>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, int limit, CancellationToken cancellationToken)
    {
        var url = QueryRangeUrl(query, start, end, limit);
        string body;
        int status;
        try
        {
            using var response = await _http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new LokiException($"{url}: cannot reach Loki: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LokiException($"{url}: no answer within {_http.Timeout.TotalSeconds:0.#} s", e);
        }
        if (status is < 200 or > 299)
        {
            throw new LokiException($"{url}: HTTP {status}: {(body.Length > 200 ? body[..200] + "..." : body).Trim()}");
        }
        return Parse(body, url.ToString());
    }

    /// <summary>Decodes a query_range answer of <c>resultType: streams</c>; values are <c>["&lt;ns epoch string&gt;", "line"]</c>.</summary>
    /// <exception cref="LokiException">When the body is not a successful streams answer.</exception>
    public static IReadOnlyList<LokiStreamLines> Parse(string body, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Array)
            {
                throw new LokiException($"{source}: not a Loki query answer (no data.result array)");
            }
            if (data.TryGetProperty("resultType", out var type) && type.GetString() != "streams")
            {
                throw new LokiException($"{source}: resultType '{type.GetString()}' is not streams (a metric query was sent where a log query was expected)");
            }
            var streams = new List<LokiStreamLines>();
            foreach (var s in result.EnumerateArray())
            {
                var labels = new Dictionary<string, string>(StringComparer.Ordinal);
                if (s.TryGetProperty("stream", out var st) && st.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in st.EnumerateObject())
                    {
                        labels[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.ToString();
                    }
                }
                var values = new List<(long, string)>();
                if (s.TryGetProperty("values", out var vs) && vs.ValueKind == JsonValueKind.Array)
                {
                    foreach (var v in vs.EnumerateArray())
                    {
                        if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() >= 2 && v[0].ValueKind == JsonValueKind.String
                            && long.TryParse(v[0].GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ns) && v[1].ValueKind == JsonValueKind.String)
                        {
                            values.Add((ns, v[1].GetString()!));
                        }
                    }
                }
                streams.Add(new LokiStreamLines(labels, values));
            }
            return streams;
        }
        catch (JsonException e)
        {
            throw new LokiException($"{source}: invalid JSON: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private static string Nanos(DateTimeOffset t) => (t.ToUnixTimeMilliseconds() * 1_000_000L).ToString(CultureInfo.InvariantCulture);
}
