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
        await File.WriteAllTextAsync(config, "global:\n  scrape_interval: 1h\n");
        var port = FreePort();
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
