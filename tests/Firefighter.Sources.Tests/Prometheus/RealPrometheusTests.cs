using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Firefighter.Sources.Prometheus;

namespace Firefighter.Sources.Tests.Prometheus;

/// <summary>Backfills known series with promtool, starts a real Prometheus on loopback and queries it through <see cref="PrometheusClient"/>.</summary>
public sealed class RealPrometheusTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ff-prom-" + Guid.NewGuid().ToString("N"));
    private Process? _process;
    private Uri _url = new("http://127.0.0.1:9");
    private DateTimeOffset _start;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        // Backfilled blocks must lie in the past and inside retention: start 3 hours ago, whole minutes.
        var now = TimeProvider.System.GetUtcNow();
        _start = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() / 60 * 60).AddHours(-3);
        var om = new StringBuilder();
        om.Append("# TYPE ff_test_memory_bytes gauge\n");
        foreach (var pod in new[] { "api-1", "api-2" })
        {
            for (var i = 0; i < 120; i++)
            {
                var v = pod == "api-1" ? 1000 + (i * 10) : 500;
                om.Append(CultureInfo.InvariantCulture, $"ff_test_memory_bytes{{namespace=\"shop\",pod=\"{pod}\"}} {v} {_start.ToUnixTimeSeconds() + (i * 60)}\n");
            }
        }
        om.Append("# EOF\n");
        var file = Path.Combine(_dir, "data.om");
        await File.WriteAllTextAsync(file, om.ToString());
        var tsdb = Path.Combine(_dir, "tsdb");
        Run("promtool", $"tsdb create-blocks-from openmetrics {file} {tsdb}");
        var config = Path.Combine(_dir, "prometheus.yml");
        var port = FreePort();
        // Prometheus serves metadata only for what it scrapes (backfilled blocks carry none), so it scrapes itself every second.
        await File.WriteAllTextAsync(config, $"global:\n  scrape_interval: 1h\nscrape_configs:\n  - job_name: self\n    scrape_interval: 1s\n    static_configs:\n      - targets: ['127.0.0.1:{port}']\n");
        _url = new Uri($"http://127.0.0.1:{port}");
        _process = Process.Start(new ProcessStartInfo("prometheus",
            $"--config.file={config} --storage.tsdb.path={tsdb} --web.listen-address=127.0.0.1:{port} --storage.tsdb.retention.time=30d")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        using var http = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri(_url, "/-/ready"))).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("prometheus did not become ready");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task QueryRange_ReturnsBackfilledValues()
    {
        using var c = new PrometheusClient(_url);
        var series = await c.QueryRangeAsync("ff_test_memory_bytes{pod=\"api-1\"}", _start, _start.AddMinutes(119), TimeSpan.FromMinutes(1));
        var s = series.ShouldHaveSingleItem();
        s.Name.ShouldBe("ff_test_memory_bytes");
        s.Label("namespace").ShouldBe("shop");
        s.Count.ShouldBe(120);
        s.Values[0].ShouldBe(1000);
        s.Values[^1].ShouldBe(1000 + (119 * 10));
    }

    [Fact]
    public async Task Query_PushesDownAggregation()
    {
        using var c = new PrometheusClient(_url);
        var s = (await c.QueryAsync("sum(ff_test_memory_bytes)", _start.AddMinutes(10))).ShouldHaveSingleItem();
        s.Values[0].ShouldBe(1000 + 100 + 500);
    }

    [Fact]
    public async Task SeriesAndLabels_ListBackfilledSeries()
    {
        using var c = new PrometheusClient(_url);
        var series = await c.SeriesAsync(["ff_test_memory_bytes"], _start, _start.AddHours(2));
        series.Select(s => s["pod"]).Order().ShouldBe(["api-1", "api-2"]);
        (await c.LabelsAsync(null, _start, _start.AddHours(2))).ShouldContain("pod");
    }

    [Fact]
    public async Task BadQuery_IsBadData()
    {
        using var c = new PrometheusClient(_url);
        var e = await Should.ThrowAsync<PrometheusException>(() => c.QueryAsync("sum("));
        e.ErrorType.ShouldBe("bad_data");
    }

    [Fact]
    public async Task Metadata_ComesBackForScrapedCounter_NotForBackfilledSeries()
    {
        using var c = new PrometheusClient(_url);
        IReadOnlyDictionary<string, IReadOnlyList<MetricMetadata>> md = new Dictionary<string, IReadOnlyList<MetricMetadata>>();
        for (var i = 0; i < 100 && md.Count == 0; i++)
        {
            md = await c.MetadataAsync("prometheus_http_requests_total");
            await Task.Delay(100);
        }
        md["prometheus_http_requests_total"].ShouldContain(e => e.Type == "counter" && e.Help.Length > 0);
        (await c.MetadataAsync("ff_test_memory_bytes")).ShouldBeEmpty();
        (await c.MetadataAsync(limit: 3)).Count.ShouldBe(3);
        var (sent, reason) = await CounterPushdown.RewriteAsync(c, "prometheus_http_requests_total", TimeSpan.FromSeconds(15));
        sent.ShouldBe("rate(prometheus_http_requests_total[2m])");
        reason.ShouldNotBeNull().ShouldContain("metadata type counter");
    }

    // Prometheus 2.42's own /metrics answers the text format even when OpenMetrics is asked for, so only the text format is real here.
    [Theory]
    [InlineData("text/plain;version=0.0.4", "self.prom")]
    public async Task RealMetricsEndpoint_ScrapeReadsWithoutWarnings(string accept, string name)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_url, "/metrics"));
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        using var bundle = new TestBundle().Text("metrics/" + name, "# scraped at 2024-01-16T09:00:00Z\n" + body);

        var evidence = bundle.ReadOk();

        evidence.Warnings.ShouldBeEmpty();
        evidence.Metrics.Count.ShouldBeGreaterThan(50);
        evidence.Metrics.ShouldAllBe(m => m.Count == 1 && m.Timestamps[0] == 1705395600 && m.Label("instance") == "self");
        evidence.Metrics.First(m => m.Name == "prometheus_http_requests_total").Type.ShouldBe("counter");
        evidence.Metrics.First(m => m.Name == "go_gc_duration_seconds").Type.ShouldBe("summary");
        evidence.Metrics.First(m => m.Name == "prometheus_http_request_duration_seconds_bucket").Type.ShouldBe("histogram");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static void Run(string exe, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(exe, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{exe} {args} failed: {err.GetAwaiter().GetResult()}");
        }
    }
}
