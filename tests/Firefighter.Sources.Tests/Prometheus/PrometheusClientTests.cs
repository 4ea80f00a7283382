using System.Net;
using Firefighter.Sources.Prometheus;
using Firefighter.Testing;

namespace Firefighter.Sources.Tests.Prometheus;

public class PrometheusClientTests
{
    private sealed class FakeHandler(Func<HttpRequestMessage, int, HttpResponseMessage> respond) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(respond(request, Calls++));
        }
    }

    private static HttpResponseMessage Json(HttpStatusCode code, string body) => new(code) { Content = new StringContent(body) };

    private static string Format(string name) => File.ReadAllText(RepoPaths.InShared("formats", "prometheus-api", name));

    private static PrometheusClient Client(FakeHandler h, PrometheusClientOptions? o = null) =>
        new(new Uri("http://prom.test:9090"), (o ?? new PrometheusClientOptions()) with { Backoff = TimeSpan.FromMilliseconds(1) }, h);

    [Fact]
    public async Task QueryRange_DecodesMatrixWithNamesLabelsAndValues()
    {
        var h = new FakeHandler((_, _) => Json(HttpStatusCode.OK, Format("query_range_matrix.json")));
        using var c = Client(h);
        var series = await c.QueryRangeAsync("up", DateTimeOffset.FromUnixTimeSeconds(1435781430), DateTimeOffset.FromUnixTimeSeconds(1435781460));
        series.Count.ShouldBe(2);
        series[0].Name.ShouldBe("up");
        series[0].Label("job").ShouldBe("prometheus");
        series[0].Timestamps[0].ShouldBe(1435781430.781);
        series[0].Values[0].ShouldBe(1);
        series[0].Ref.Field.ShouldBe("up");
    }

    [Fact]
    public async Task BadData_ThrowsWithErrorTypeAndMessage_WithoutRetry()
    {
        var h = new FakeHandler((_, _) => Json(HttpStatusCode.BadRequest, Format("error_bad_data.json")));
        using var c = Client(h);
        var e = await Should.ThrowAsync<PrometheusException>(() => c.QueryAsync(""));
        e.ErrorType.ShouldBe("bad_data");
        e.Message.ShouldContain("parse error");
        h.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task Unavailable_IsRetriedWithBackoffThenSucceeds()
    {
        var h = new FakeHandler((_, n) => n < 2
            ? Json(HttpStatusCode.ServiceUnavailable, """{"status":"error","errorType":"unavailable","error":"too many queries"}""")
            : Json(HttpStatusCode.OK, Format("query_vector.json")));
        using var c = Client(h);
        var s = await c.QueryAsync("up");
        s.ShouldNotBeEmpty();
        h.Calls.ShouldBe(3);
    }

    [Fact]
    public async Task Execution_ErrorIsReportedClearly()
    {
        var h = new FakeHandler((_, _) => Json(HttpStatusCode.UnprocessableEntity, """{"status":"error","errorType":"execution","error":"query processing would load too many samples"}"""));
        using var c = Client(h);
        var e = await Should.ThrowAsync<PrometheusException>(() => c.QueryAsync("sum(rate(x[1d]))"));
        e.ErrorType.ShouldBe("execution");
        e.StatusCode.ShouldBe(422);
    }

    [Fact]
    public async Task BearerToken_IsSent()
    {
        var h = new FakeHandler((_, _) => Json(HttpStatusCode.OK, Format("labels.json")));
        using var c = Client(h, new PrometheusClientOptions { BearerToken = "s3cret" });
        (await c.LabelsAsync()).ShouldContain("__name__");
        h.Requests[0].Headers.Authorization!.Scheme.ShouldBe("Bearer");
        h.Requests[0].Headers.Authorization!.Parameter.ShouldBe("s3cret");
    }

    [Fact]
    public void ChooseStep_StaysUnderElevenThousandPoints()
    {
        var start = DateTimeOffset.FromUnixTimeSeconds(0);
        var end = start.AddDays(30);
        var step = PrometheusClient.ChooseStep(start, end);
        ((end - start).TotalSeconds / step.TotalSeconds + 1).ShouldBeLessThanOrEqualTo(11_000);
        PrometheusClient.ChooseStep(start, start.AddMinutes(10)).ShouldBe(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void ParseValue_HandlesSpecialValues()
    {
        double.IsNaN(PrometheusClient.ParseValue("NaN")).ShouldBeTrue();
        PrometheusClient.ParseValue("+Inf").ShouldBe(double.PositiveInfinity);
        PrometheusClient.ParseValue("-Inf").ShouldBe(double.NegativeInfinity);
        PrometheusClient.ParseValue("1.5e3").ShouldBe(1500);
    }
}
