using System.Net;
using Firefighter.Sources.Prometheus;

namespace Firefighter.Sources.Tests.Prometheus;

/// <summary><c>/api/v1/metadata</c> through a fake handler (responses written from the Prometheus HTTP API docs) and the counter pushdown built on it.</summary>
public class MetadataTests
{
    private const string DocsExample = """
        {
          "status": "success",
          "data": {
            "cortex_ring_tokens": [
              { "type": "gauge", "help": "Number of tokens in the ring", "unit": "" }
            ],
            "http_requests_total": [
              { "type": "counter", "help": "Number of HTTP requests", "unit": "" },
              { "type": "counter", "help": "Amount of HTTP requests", "unit": "" }
            ]
          }
        }
        """;

    private sealed class FakeHandler(Func<HttpRequestMessage, Task<HttpResponseMessage>> respond) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return respond(request);
        }
    }

    private static FakeHandler Answer(HttpStatusCode code, string body) => new(_ => Task.FromResult(new HttpResponseMessage(code) { Content = new StringContent(body) }));

    private static PrometheusClient Client(FakeHandler h, PrometheusClientOptions? o = null) =>
        new(new Uri("http://prom.test:9090"), (o ?? new PrometheusClientOptions()) with { Backoff = TimeSpan.FromMilliseconds(1) }, h);

    [Fact]
    public async Task Metadata_IsAGetWithMetricAndLimit_AndDecodesEveryEntry()
    {
        var h = Answer(HttpStatusCode.OK, DocsExample);
        using var c = Client(h);

        var md = await c.MetadataAsync("http_requests_total", 5);

        var request = h.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe(HttpMethod.Get);
        request.RequestUri!.PathAndQuery.ShouldBe("/api/v1/metadata?metric=http_requests_total&limit=5");
        md["http_requests_total"].Count.ShouldBe(2);
        md["http_requests_total"][0].ShouldBe(new MetricMetadata("counter", "Number of HTTP requests", ""));
        md["cortex_ring_tokens"].ShouldHaveSingleItem().Type.ShouldBe("gauge");
    }

    [Fact]
    public async Task Metadata_ErrorEnvelope_ThrowsWithErrorType()
    {
        using var c = Client(Answer(HttpStatusCode.BadRequest, """{"status":"error","errorType":"bad_data","error":"invalid limit"}"""));

        var e = await Should.ThrowAsync<PrometheusException>(() => c.MetadataAsync(limit: -2));

        e.ErrorType.ShouldBe("bad_data");
        e.Message.ShouldContain("invalid limit");
    }

    [Fact]
    public async Task Metadata_BadJsonOrNoDataObject_Throws()
    {
        using var html = Client(Answer(HttpStatusCode.OK, "<html>login</html>"));
        (await Should.ThrowAsync<PrometheusException>(() => html.MetadataAsync())).Message.ShouldContain("<html>login</html>");

        using var wrong = Client(Answer(HttpStatusCode.OK, """{"status":"success","data":["up"]}"""));
        (await Should.ThrowAsync<PrometheusException>(() => wrong.MetadataAsync())).ErrorType.ShouldBe("bad_response");
    }

    [Fact]
    public async Task Metadata_NoAnswer_IsATimeout()
    {
        using var c = new PrometheusClient(new Uri("http://prom.test:9090"), new PrometheusClientOptions { Timeout = TimeSpan.FromMilliseconds(50), Retries = 0 }, new SlowHandler());

        var e = await Should.ThrowAsync<PrometheusException>(() => c.MetadataAsync());

        e.ErrorType.ShouldBe("timeout");
    }

    [Fact]
    public async Task Pushdown_CounterByMetadata_IsRate_WithWindowFourSteps()
    {
        var h = Answer(HttpStatusCode.OK, DocsExample);
        using var c = Client(h);

        var (sent, reason) = await CounterPushdown.RewriteAsync(c, "http_requests_total{code=\"500\"}", TimeSpan.FromSeconds(30));

        sent.ShouldBe("rate(http_requests_total{code=\"500\"}[2m])");
        reason.ShouldNotBeNull().ShouldContain("metadata type counter");
    }

    [Fact]
    public async Task Pushdown_GaugeByMetadata_IsLeftAlone_EvenWithTotalSuffix()
    {
        using var c = Client(Answer(HttpStatusCode.OK, """{"status":"success","data":{"seats_total":[{"type":"gauge","help":"","unit":""}]}}"""));

        (await CounterPushdown.RewriteAsync(c, "seats_total", TimeSpan.FromSeconds(1))).ShouldBe(("seats_total", (string?)null));
    }

    [Fact]
    public async Task Pushdown_OpenMetricsFamilyName_IsLookedUpWithoutTotal()
    {
        var h = new FakeHandler(r => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent(r.RequestUri!.Query.Contains("metric=jobs&", StringComparison.Ordinal)
                ? """{"status":"success","data":{"jobs":[{"type":"counter","help":"","unit":""}]}}"""
                : """{"status":"success","data":{}}"""),
        }));
        using var c = Client(h);

        var (sent, _) = await CounterPushdown.RewriteAsync(c, "jobs_total", TimeSpan.FromSeconds(1));

        sent.ShouldBe("rate(jobs_total[2m])");
        h.Requests.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "404 page not found")]
    [InlineData(HttpStatusCode.OK, """{"status":"success","data":{}}""")]
    public async Task Pushdown_NoMetadata_FallsBackToTotalSuffix(HttpStatusCode code, string body)
    {
        using var c = Client(Answer(code, body));

        (await CounterPushdown.RewriteAsync(c, "errors_total", TimeSpan.FromMinutes(1))).Query.ShouldBe("rate(errors_total[4m])");
        (await CounterPushdown.RewriteAsync(c, "queue_depth", TimeSpan.FromMinutes(1))).Query.ShouldBe("queue_depth");
    }

    [Theory]
    [InlineData("sum(errors_total)")]
    [InlineData("rate(errors_total[5m])")]
    [InlineData("errors_total[5m]")]
    [InlineData("errors_total / ignoring(x) other_total")]
    public async Task Pushdown_OnlyBareSelectors_AreRewritten(string query)
    {
        var h = Answer(HttpStatusCode.OK, DocsExample);
        using var c = Client(h);

        (await CounterPushdown.RewriteAsync(c, query, TimeSpan.FromSeconds(15))).Query.ShouldBe(query);
        h.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void BareSelector_AcceptsBracesInQuotedLabelValues()
    {
        CounterPushdown.BareSelectorMetric("x_total{path=\"/a{b}\",code=~\"5..\"}").ShouldBe("x_total");
        CounterPushdown.Window(TimeSpan.FromSeconds(1)).ShouldBe(TimeSpan.FromMinutes(2));
        CounterPushdown.Window(TimeSpan.FromMinutes(2)).ShouldBe(TimeSpan.FromMinutes(8));
    }

    private sealed class SlowHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
