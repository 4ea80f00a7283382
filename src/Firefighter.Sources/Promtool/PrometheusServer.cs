using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Firefighter.Evidence;
using Firefighter.Prevention.Backtests;

namespace Firefighter.Sources.Promtool;

/// <summary>A private Prometheus server on loopback over a backfilled TSDB, answering range queries with Prometheus's own PromQL engine.</summary>
/// <remarks>Disposing stops the process it started (by its id) and deletes the data folder.</remarks>
public sealed class PrometheusServer : IRangeQuerier, IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly string _dataDir;
    private readonly StringBuilder _log;

    private PrometheusServer(Process process, HttpClient http, string dataDir, StringBuilder log)
    {
        _process = process;
        _http = http;
        _dataDir = dataDir;
        _log = log;
    }

    /// <summary>Base URL of the server.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Backfills <paramref name="series"/> (normalized) into a fresh TSDB under <paramref name="workDir"/> and starts Prometheus on it.</summary>
    /// <exception cref="InvalidOperationException">When prometheus or promtool is missing or does not start; the message says why.</exception>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyList<MetricSeries> series, string workDir, CancellationToken cancellationToken = default)
    {
        var prometheus = PromtoolRunner.Prometheus ?? throw new InvalidOperationException("prometheus not found (install Debian's 'prometheus' package or set FF_PROMETHEUS)");
        Directory.CreateDirectory(workDir);
        var dataDir = Path.Combine(workDir, "tsdb");
        var omFile = Path.Combine(workDir, "series.om");
        await using (var w = new StreamWriter(omFile, false, new UTF8Encoding(false)))
        {
            OpenMetricsWriter.Write(w, series);
        }
        var backfill = await PromtoolRunner.CreateBlocksAsync(omFile, dataDir, cancellationToken);
        if (!backfill.Ok)
        {
            throw new InvalidOperationException("promtool could not backfill the series: " + backfill.Output);
        }
        var config = Path.Combine(workDir, "prometheus.yml");
        await File.WriteAllTextAsync(config, "# no scrape jobs: the data is backfilled\n", cancellationToken);
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                return await StartOnFreePortAsync(prometheus, dataDir, config, cancellationToken);
            }
            catch (InvalidOperationException ex)
            {
                // A free port can be taken between probing and binding; retry on another.
                last = ex;
            }
        }
        throw last!;
    }

    /// <inheritdoc />
    public async Task<(IReadOnlyList<MetricSeries> Series, string? Error)> QueryRangeAsync(string expr, long startUnix, long endUnix, long stepSeconds, CancellationToken cancellationToken)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["query"] = expr,
            ["start"] = startUnix.ToString(CultureInfo.InvariantCulture),
            ["end"] = endUnix.ToString(CultureInfo.InvariantCulture),
            ["step"] = stepSeconds.ToString(CultureInfo.InvariantCulture) + "s",
        });
        using var resp = await _http.PostAsync(new Uri("api/v1/query_range", UriKind.Relative), form, cancellationToken);
        var body = await resp.Content.ReadAsStringAsync(cancellationToken);
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            return ([], root.TryGetProperty("error", out var e) ? e.GetString() : "query failed: " + body);
        }
        var result = new List<MetricSeries>();
        foreach (var s in root.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var l in s.GetProperty("metric").EnumerateObject())
            {
                labels[l.Name] = l.Value.GetString() ?? "";
            }
            labels.Remove("__name__", out var name);
            var values = s.GetProperty("values");
            var ts = new double[values.GetArrayLength()];
            var vs = new double[ts.Length];
            var i = 0;
            foreach (var v in values.EnumerateArray())
            {
                ts[i] = v[0].GetDouble();
                vs[i] = double.Parse(v[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
                i++;
            }
            result.Add(new MetricSeries(name ?? "", labels, ts, vs, new EvidenceRef(BaseAddress + "api/v1/query_range", Field: expr)));
        }
        return (result, null);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the caller's temporary work directory.
        }
    }

    private static async Task<PrometheusServer> StartOnFreePortAsync(string prometheus, string dataDir, string config, CancellationToken ct)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo(prometheus)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "--config.file=" + config, "--storage.tsdb.path=" + dataDir,
            "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
            // Retention is measured from the newest block: incidents years old (and the 1970 promtool copy) must stay queryable.
            "--storage.tsdb.retention.time=100y",
        })
        {
            psi.ArgumentList.Add(a);
        }
        var log = new StringBuilder();
        var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start prometheus");
        p.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        p.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(2) };
        var server = new PrometheusServer(p, http, dataDir, log);
        for (var i = 0; i < 300; i++)
        {
            if (p.HasExited)
            {
                await server.DisposeAsync();
                string text;
                lock (log) { text = log.ToString(); }
                throw new InvalidOperationException("prometheus exited at start: " + Tail(text));
            }
            try
            {
                using var ready = await http.GetAsync(new Uri("-/ready", UriKind.Relative), ct);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100, ct);
        }
        await server.DisposeAsync();
        throw new InvalidOperationException("prometheus did not become ready in 30s");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static string Tail(string text) => text.Length > 800 ? text[^800..] : text;
}
