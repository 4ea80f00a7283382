using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Firefighter.Evidence;

namespace Firefighter.Sources.Prometheus;

/// <summary>Reads metrics over the Prometheus HTTP API (<c>/api/v1/query</c>, <c>query_range</c>, <c>series</c>, <c>labels</c>, <c>metadata</c>); queries are pushed down as PromQL.</summary>
/// <remarks>Requests are form POSTs (long selectors fit; metadata, GET-only, is a GET); transient failures are retried with exponential backoff; API errors become <see cref="PrometheusException"/> naming the errorType.</remarks>
public sealed class PrometheusClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _base;
    private readonly PrometheusClientOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a client for <paramref name="baseUrl"/> (e.g. <c>http://prometheus:9090</c> or a Thanos/Mimir prefix).</summary>
    /// <param name="baseUrl">Server URL; the API path is appended.</param>
    /// <param name="options">Auth, timeout and retry settings.</param>
    /// <param name="handler">HTTP handler (tests); null for a default one.</param>
    /// <param name="time">Clock for backoff delays.</param>
    public PrometheusClient(Uri baseUrl, PrometheusClientOptions? options = null, HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        _options = options ?? new PrometheusClientOptions();
        _time = time ?? TimeProvider.System;
        _base = new Uri(baseUrl.ToString().TrimEnd('/') + "/");
        if (handler is null)
        {
            var h = new HttpClientHandler();
            if (_options.InsecureSkipVerify)
            {
                h.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
            }
            handler = h;
            _ownsHttp = true;
        }
        _http = new HttpClient(handler, _ownsHttp) { Timeout = Timeout.InfiniteTimeSpan };
        if (_options.BearerToken is { Length: > 0 } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (_options.Username is { Length: > 0 } user)
        {
            var raw = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{_options.Password}"));
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", raw);
        }
    }

    /// <summary>Picks a step so the range holds at most <paramref name="maxPoints"/> points, rounded up to a whole second (at least 1 s).</summary>
    public static TimeSpan ChooseStep(DateTimeOffset start, DateTimeOffset end, int maxPoints = 11_000)
    {
        var seconds = Math.Max(0, (end - start).TotalSeconds);
        var step = Math.Max(1, Math.Ceiling(seconds / Math.Max(1, maxPoints - 1)));
        return TimeSpan.FromSeconds(step);
    }

    /// <summary>Instant query at <paramref name="time"/> (server time when null).</summary>
    public async Task<IReadOnlyList<MetricSeries>> QueryAsync(string query, DateTimeOffset? time = null, CancellationToken cancellationToken = default)
    {
        var form = new List<KeyValuePair<string, string>> { new("query", query) };
        if (time is { } t)
        {
            form.Add(new("time", Unix(t)));
        }
        using var doc = await SendAsync("api/v1/query", form, cancellationToken);
        return ParseResult(doc.RootElement.GetProperty("data"), query, new Uri(_base, "api/v1/query").ToString());
    }

    /// <summary>Range query; the step defaults to the smallest that stays under the point limit (a given step is raised if needed).</summary>
    public async Task<IReadOnlyList<MetricSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan? step = null, CancellationToken cancellationToken = default)
    {
        var min = ChooseStep(start, end, _options.MaxPoints);
        var s = step is { } given && given > min ? given : min;
        var form = new List<KeyValuePair<string, string>>
        {
            new("query", query),
            new("start", Unix(start)),
            new("end", Unix(end)),
            new("step", s.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)),
        };
        using var doc = await SendAsync("api/v1/query_range", form, cancellationToken);
        return ParseResult(doc.RootElement.GetProperty("data"), query, new Uri(_base, "api/v1/query_range").ToString());
    }

    /// <summary>Label sets of the series matching any selector in <paramref name="match"/>.</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> SeriesAsync(IEnumerable<string> match, DateTimeOffset? start = null, DateTimeOffset? end = null, CancellationToken cancellationToken = default)
    {
        var form = match.Select(m => new KeyValuePair<string, string>("match[]", m)).ToList();
        AddRange(form, start, end);
        using var doc = await SendAsync("api/v1/series", form, cancellationToken);
        var result = new List<IReadOnlyDictionary<string, string>>();
        foreach (var item in doc.RootElement.GetProperty("data").EnumerateArray())
        {
            result.Add(item.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal));
        }
        return result;
    }

    /// <summary>Label names, optionally restricted to series matching <paramref name="match"/>.</summary>
    public async Task<IReadOnlyList<string>> LabelsAsync(IEnumerable<string>? match = null, DateTimeOffset? start = null, DateTimeOffset? end = null, CancellationToken cancellationToken = default)
    {
        var form = (match ?? []).Select(m => new KeyValuePair<string, string>("match[]", m)).ToList();
        AddRange(form, start, end);
        using var doc = await SendAsync("api/v1/labels", form, cancellationToken);
        return [.. doc.RootElement.GetProperty("data").EnumerateArray().Select(e => e.GetString() ?? "")];
    }

    /// <summary>Metric metadata (type, help, unit) by metric name from <c>/api/v1/metadata</c>, for one metric or all, at most <paramref name="limit"/> names.</summary>
    /// <remarks>Prometheus only knows metadata of metrics it scrapes (not of backfilled or remote-written ones); an empty answer is normal.</remarks>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<MetricMetadata>>> MetadataAsync(string? metric = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var query = new List<KeyValuePair<string, string>>();
        if (metric is not null)
        {
            query.Add(new("metric", metric));
        }
        if (limit is { } l)
        {
            query.Add(new("limit", l.ToString(CultureInfo.InvariantCulture)));
        }
        using var doc = await SendAsync("api/v1/metadata", query, cancellationToken, get: true);
        return ParseMetadata(doc.RootElement, new Uri(_base, "api/v1/metadata").ToString());
    }

    /// <summary>Decodes a metadata answer (<c>{"status":"success","data":{"name":[{"type","help","unit"}]}}</c>); entries that are not objects are skipped.</summary>
    /// <exception cref="PrometheusException">errorType <c>bad_response</c> when the answer has no <c>data</c> object.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<MetricMetadata>> ParseMetadata(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new PrometheusException("bad_response", $"{source}: bad_response: expected a data object of metric names");
        }
        var result = new Dictionary<string, IReadOnlyList<MetricMetadata>>(StringComparer.Ordinal);
        foreach (var metric in data.EnumerateObject())
        {
            if (metric.Value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }
            var entries = new List<MetricMetadata>();
            foreach (var e in metric.Value.EnumerateArray())
            {
                if (e.ValueKind == JsonValueKind.Object)
                {
                    entries.Add(new MetricMetadata(Str(e, "type"), Str(e, "help"), Str(e, "unit")));
                }
            }
            result[metric.Name] = entries;
        }
        return result;
    }

    /// <summary>Decodes a <c>data</c> object of a query answer (vector, matrix, scalar) into series.</summary>
    /// <param name="data">The <c>data</c> element.</param>
    /// <param name="query">The PromQL, used as name when the result has no <c>__name__</c> and as citation field.</param>
    /// <param name="source">URL cited as the source.</param>
    public static IReadOnlyList<MetricSeries> ParseResult(JsonElement data, string query, string source)
    {
        var type = data.GetProperty("resultType").GetString();
        var result = data.GetProperty("result");
        var series = new List<MetricSeries>();
        if (type == "scalar" || type == "string")
        {
            var (t, v) = Sample(result);
            series.Add(new MetricSeries(query, new Dictionary<string, string>(), [t], [v], new EvidenceRef(source, Field: query)));
            return series;
        }
        foreach (var item in result.EnumerateArray())
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            string name = query;
            if (item.TryGetProperty("metric", out var metric))
            {
                foreach (var p in metric.EnumerateObject())
                {
                    if (p.Name == "__name__")
                    {
                        name = p.Value.GetString() ?? query;
                    }
                    else
                    {
                        labels[p.Name] = p.Value.GetString() ?? "";
                    }
                }
            }
            var ts = new List<double>();
            var vs = new List<double>();
            if (item.TryGetProperty("values", out var values))
            {
                foreach (var pair in values.EnumerateArray())
                {
                    var (t, v) = Sample(pair);
                    ts.Add(t);
                    vs.Add(v);
                }
            }
            else if (item.TryGetProperty("value", out var value))
            {
                var (t, v) = Sample(value);
                ts.Add(t);
                vs.Add(v);
            }
            series.Add(new MetricSeries(name, labels, [.. ts], [.. vs], new EvidenceRef(source, Field: query)));
        }
        return series;
    }

    /// <summary>Parses a Prometheus sample value: a decimal string, or NaN, +Inf, -Inf.</summary>
    public static double ParseValue(string? text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        null => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN,
    };

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private static string Str(JsonElement obj, string name) => obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : "";

    private static (double Time, double Value) Sample(JsonElement pair) => (pair[0].GetDouble(), ParseValue(pair[1].GetString()));

    private static string Unix(DateTimeOffset t) => (t.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static void AddRange(List<KeyValuePair<string, string>> form, DateTimeOffset? start, DateTimeOffset? end)
    {
        if (start is { } s)
        {
            form.Add(new("start", Unix(s)));
        }
        if (end is { } e)
        {
            form.Add(new("end", Unix(e)));
        }
    }

    private async Task<JsonDocument> SendAsync(string path, List<KeyValuePair<string, string>> form, CancellationToken cancellationToken, bool get = false)
    {
        // The metadata endpoint is GET-only; its parameters are short, so the query string is fine.
        var url = get && form.Count > 0
            ? new Uri(_base, path + "?" + string.Join("&", form.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))))
            : new Uri(_base, path);
        var delay = _options.Backoff;
        for (var attempt = 0; ; attempt++)
        {
            var last = attempt >= _options.Retries;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            HttpResponseMessage response;
            try
            {
                if (get)
                {
                    response = await _http.GetAsync(url, timeout.Token);
                }
                else
                {
                    using var content = new FormUrlEncodedContent(form);
                    response = await _http.PostAsync(url, content, timeout.Token);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (last)
                {
                    throw new PrometheusException("timeout", $"{url}: no answer within {_options.Timeout.TotalSeconds:0.#} s (after {attempt + 1} attempts)");
                }
                await Task.Delay(delay, _time, cancellationToken);
                delay *= 2;
                continue;
            }
            catch (HttpRequestException e)
            {
                if (last)
                {
                    throw new PrometheusException("transport", $"{url}: {e.Message} (after {attempt + 1} attempts)", null, e);
                }
                await Task.Delay(delay, _time, cancellationToken);
                delay *= 2;
                continue;
            }
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                var status = (int)response.StatusCode;
                JsonDocument? doc = null;
                try
                {
                    doc = JsonDocument.Parse(body);
                }
                catch (JsonException)
                {
                    // Proxies and auth layers answer with HTML or text; fall through to the HTTP status.
                }
                var errorType = doc is not null && doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("errorType", out var et) ? et.GetString() ?? "unknown" : null;
                if (response.IsSuccessStatusCode && doc is not null && errorType is null)
                {
                    return doc;
                }
                var message = doc is not null && doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var em) ? em.GetString() : Truncate(body);
                doc?.Dispose();
                var transient = errorType == "unavailable" || response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout or HttpStatusCode.TooManyRequests;
                if (transient && !last)
                {
                    await Task.Delay(delay, _time, cancellationToken);
                    delay *= 2;
                    continue;
                }
                var type = errorType ?? (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? "unauthorized" : "http");
                throw new PrometheusException(type, $"{url}: {type} (HTTP {status}): {message}", status);
            }
        }
    }

    private static string Truncate(string s) => s.Length > 200 ? s[..200] + "..." : s;
}
