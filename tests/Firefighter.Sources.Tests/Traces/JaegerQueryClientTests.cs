using System.Net;
using System.Net.Sockets;
using Firefighter.Sources.Traces;
using Firefighter.Testing;

namespace Firefighter.Sources.Tests.Traces;

public sealed class JaegerQueryClientTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Uri _base;
    private readonly List<string> _requests = [];

    public JaegerQueryClientTests()
    {
        var port = FreePort();
        _base = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(_base.ToString());
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        var body = await File.ReadAllBytesAsync(RepoPaths.InShared("formats", "jaeger", "api_traces_response.json"));
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception)
            {
                return;
            }
            lock (_requests)
            {
                _requests.Add(ctx.Request.RawUrl ?? "");
            }
            if (ctx.Request.Url!.AbsolutePath == "/api/traces")
            {
                ctx.Response.ContentType = "application/json";
                await ctx.Response.OutputStream.WriteAsync(body);
            }
            else
            {
                ctx.Response.StatusCode = 500;
            }
            ctx.Response.Close();
        }
    }

    [Fact]
    public async Task Search_queries_api_traces_with_microsecond_range_and_reads_the_envelope()
    {
        using var http = new HttpClient();
        var client = new JaegerQueryClient(http, _base);
        var start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

        var (spans, warnings) = await client.SearchAsync("checkout", start, start.AddMinutes(5), limit: 20);

        warnings.ShouldBeEmpty();
        spans.Count.ShouldBe(5);
        spans[0].Ref.Source.ShouldStartWith(_base + "api/traces?service=checkout");
        _requests.ShouldContain("/api/traces?service=checkout&start=1700000000000000&end=1700000300000000&limit=20");
    }

    [Fact]
    public async Task Http_errors_and_unreachable_servers_are_warnings()
    {
        using var http = new HttpClient();
        var (spans, warnings) = await new JaegerQueryClient(http, _base).GetTraceAsync("abc");
        spans.ShouldBeEmpty();
        warnings.ShouldHaveSingleItem().Message.ShouldContain("HTTP 500");

        var (_, down) = await new JaegerQueryClient(http, new Uri($"http://127.0.0.1:{FreePort()}")).SearchAsync("x", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1));
        down.ShouldHaveSingleItem().Message.ShouldContain("Jaeger query failed");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
