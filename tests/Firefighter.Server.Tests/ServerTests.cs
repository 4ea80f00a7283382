using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Firefighter.Analysis;
using Firefighter.Investigation;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Collect;
using Firefighter.Sources.Kubernetes;
using Firefighter.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Time.Testing;

namespace Firefighter.Server.Tests;

/// <summary>ff serve end to end on loopback: a real Kestrel, a real SQLite file, the collect step served by live fakes of the OOM sample
/// (recorded Kubernetes API + real Prometheus), notices received by a loopback Slack listener.</summary>
public sealed class ServerTests : IAsyncLifetime, IDisposable
{
    private const string WriteToken = "write-token-0123456789";
    private const string ReadToken = "read-token-0123456789";
    private static readonly string Sample = RepoPaths.InRepo("samples", "oom-after-deploy");
    private static readonly DateTimeOffset CapturedAt = new(2024, 1, 15, 14, 47, 30, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("ff-serve-").FullName;
    private readonly List<WebApplication> _apps = [];
    private readonly RecordingHttpServer _slack = new(_ => (200, "ok"));
    private readonly HttpClient _http = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _slack.Dispose();
        _http.Dispose();
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Alert => SampleLiveSources.Alerts(Sample).Single(a => a.Key.Contains("HighErrorRate", StringComparison.Ordinal)).Value;

    private async Task<(WebApplication App, Uri Url)> StartAsync(CollectOptions collect, bool workers = true, Uri? slack = null)
    {
        var port = FreePort();
        var options = new ServerOptions
        {
            Listen = $"http://127.0.0.1:{port}",
            Database = Path.Combine(_dir, "incidents.db"),
            BundleDirectory = Path.Combine(_dir, "bundles"),
            WriteTokens = [WriteToken],
            ReadTokens = [ReadToken],
            Collect = collect,
            SignatureDirectories = [RepoPaths.InRepo("signatures")],
            SlackWebhook = slack,
            NotifyBackoff = TimeSpan.FromMilliseconds(20),
            StartWorkers = workers,
            MaxBodyBytes = 64 * 1024,
        };
        var app = ServerApp.Build(options, new FakeTimeProvider(CapturedAt), logging: _ => { });
        await app.StartAsync();
        _apps.Add(app);
        return (app, new Uri($"http://127.0.0.1:{port}/"));
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, Uri url, string? token, string? json = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        return await _http.SendAsync(request);
    }

    private async Task<JsonNode?> WaitForIncident(Uri url, Func<JsonNode, bool>? until = null)
    {
        for (var i = 0; i < 600; i++)
        {
            var list = JsonNode.Parse(await (await Send(HttpMethod.Get, new Uri(url, "api/v1/incidents"), ReadToken)).Content.ReadAsStringAsync())!.AsArray();
            if (list.Count > 0 && (until is null || until(list[0]!)))
            {
                return list[0];
            }
            await Task.Delay(100);
        }
        return null;
    }

    [Fact]
    public async Task The_OOM_sample_page_becomes_an_incident_with_the_investigation_top_cause_and_a_Slack_notice()
    {
        // Given a server whose collect step reads the OOM sample's live fakes
        await using var live = await SampleLiveSources.StartAsync(Sample, Path.Combine(_dir, "fakes"));
        var (_, url) = await StartAsync(new CollectOptions { Kube = new KubeApiOptions { Kubeconfig = live.Kubeconfig }, Prometheus = live.Prometheus!.BaseAddress }, slack: _slack.Url);

        // When Alertmanager posts the page
        var accepted = await Send(HttpMethod.Post, new Uri(url, "api/v1/alerts"), WriteToken, Alert);

        // Then it is accepted, investigated with ff investigate's top cause on the sample, and Slack hears of it
        accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var incident = (await WaitForIncident(url)).ShouldNotBeNull();
        incident["topSignature"]!.GetValue<string>().ShouldBe(ExpectedTopSignature());
        incident["status"]!.GetValue<string>().ShouldBe("identified");
        incident["service"]!.GetValue<string>().ShouldBe("api");
        var slack = (await _slack.WaitForAsync(_ => true, TimeSpan.FromSeconds(10))).ShouldNotBeNull();
        var body = JsonNode.Parse(slack.Body)!;
        body["text"]!.GetValue<string>().ShouldContain("Incident opened");
        body["blocks"]!.AsArray().ToJsonString().ShouldContain(incident["topCause"]!.GetValue<string>()[..40]);

        var id = incident["id"]!.GetValue<long>();
        var detail = JsonNode.Parse(await (await Send(HttpMethod.Get, new Uri(url, $"api/v1/incidents/{id}"), ReadToken)).Content.ReadAsStringAsync())!;
        detail["report"]!["hypotheses"]![0]!["signature"]!.GetValue<string>().ShouldBe(ExpectedTopSignature());
        Directory.Exists(detail["bundlePath"]!.GetValue<string>()).ShouldBeTrue();
        detail["timeline"]!.AsArray().Select(t => t!["kind"]!.GetValue<string>()).ShouldContain("detected");

        // And the UI shows the cause; a person's status change is recorded with who
        var page = await (await Send(HttpMethod.Get, new Uri(url, $"incidents/{id}"), ReadToken)).Content.ReadAsStringAsync();
        page.ShouldContain(WebUtility.HtmlEncode(incident["topCause"]!.GetValue<string>()));
        page.ShouldNotContain("<script src", Case.Insensitive);
        (await Send(HttpMethod.Post, new Uri(url, $"api/v1/incidents/{id}/status"), ReadToken, "{\"status\":\"acknowledged\",\"by\":\"alice\"}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var ack = await Send(HttpMethod.Post, new Uri(url, $"api/v1/incidents/{id}/status"), WriteToken, "{\"status\":\"acknowledged\",\"by\":\"alice\",\"note\":\"on it\"}");
        ack.StatusCode.ShouldBe(HttpStatusCode.OK);
        var timeline = JsonNode.Parse(await (await Send(HttpMethod.Get, new Uri(url, $"api/v1/incidents/{id}"), ReadToken)).Content.ReadAsStringAsync())!["timeline"]!.AsArray();
        timeline.ShouldContain(t => t!["who"]!.GetValue<string>() == "alice" && t["text"]!.GetValue<string>() == "acknowledged: on it");

        // And the same page sent again is noted, not investigated again
        var again = JsonNode.Parse(await (await Send(HttpMethod.Post, new Uri(url, "api/v1/alerts"), WriteToken, Alert)).Content.ReadAsStringAsync())!;
        again["deduplicated"]!.GetValue<bool>().ShouldBeTrue();
        again["incident"]!.GetValue<long>().ShouldBe(id);
    }

    [Fact]
    public async Task An_accepted_alert_survives_a_restart_before_any_worker_ran()
    {
        // Given a server that accepts but has no workers, stopped right after the 202
        var (first, url) = await StartAsync(new CollectOptions(), workers: false);
        (await Send(HttpMethod.Post, new Uri(url, "api/v1/alerts"), WriteToken, Alert)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await first.StopAsync();
        await first.DisposeAsync();
        _apps.Remove(first);

        // When a server starts again on the same database (its collect step has only the alert itself)
        var (_, again) = await StartAsync(new CollectOptions());

        // Then the alert becomes an incident
        var incident = (await WaitForIncident(again)).ShouldNotBeNull();
        incident["groupKey"]!.GetValue<string>().ShouldContain("HighErrorRate");
        incident["investigations"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Bad_requests_get_clear_4xx_answers()
    {
        var (_, url) = await StartAsync(new CollectOptions(), workers: false);
        var alerts = new Uri(url, "api/v1/alerts");

        (await Send(HttpMethod.Post, alerts, null, Alert)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Send(HttpMethod.Post, alerts, "wrong-token", Alert)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Send(HttpMethod.Post, alerts, ReadToken, Alert)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var bad = await Send(HttpMethod.Post, alerts, WriteToken, "{\"version\":\"4\",\"alerts\":[]}");
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("groupKey is missing");
        (await Send(HttpMethod.Post, alerts, WriteToken, "{\"pad\":\"" + new string('x', 70_000) + "\"}")).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await Send(HttpMethod.Get, new Uri(url, "api/v1/incidents/999"), ReadToken)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Send(HttpMethod.Post, new Uri(url, "api/v1/incidents/1/status"), WriteToken, "{\"status\":\"done\",\"by\":\"bob\"}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Send(HttpMethod.Get, new Uri(url, "healthz"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Send(HttpMethod.Get, new Uri(url, "readyz"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var metrics = await (await Send(HttpMethod.Get, new Uri(url, "metrics"), null)).Content.ReadAsStringAsync();
        metrics.ShouldContain("ff_alerts_received_total{outcome=\"rejected\"} 2");
        metrics.ShouldContain("ff_queue_depth 0");
    }

    [Fact]
    public async Task A_pending_alert_of_the_same_group_is_updated_not_queued_twice()
    {
        var (_, url) = await StartAsync(new CollectOptions(), workers: false);

        var first = JsonNode.Parse(await (await Send(HttpMethod.Post, new Uri(url, "api/v1/alerts"), WriteToken, Alert)).Content.ReadAsStringAsync())!;
        var second = JsonNode.Parse(await (await Send(HttpMethod.Post, new Uri(url, "api/v1/alerts"), WriteToken, Alert.Replace("14:29:40", "14:31:40", StringComparison.Ordinal))).Content.ReadAsStringAsync())!;

        second["job"]!.GetValue<long>().ShouldBe(first["job"]!.GetValue<long>());
        second["deduplicated"]!.GetValue<bool>().ShouldBeTrue();
        var metrics = await (await Send(HttpMethod.Get, new Uri(url, "metrics"), null)).Content.ReadAsStringAsync();
        metrics.ShouldContain("ff_queue_depth 1");
    }

    [Fact]
    public async Task A_failing_Slack_webhook_is_retried_with_backoff()
    {
        var calls = 0;
        using var flaky = new RecordingHttpServer(_ => Interlocked.Increment(ref calls) < 3 ? (503, "busy") : (200, "ok"));
        var notifier = new Notifier(new ServerOptions { SlackWebhook = flaky.Url, NotifyBackoff = TimeSpan.FromMilliseconds(10) }, new HttpClient(), TimeProvider.System);
        var notice = new IncidentNotice("opened", 1, "g", "t", "P1", "identified", "api", "cause", 0.9, ["e1"], "http://127.0.0.1/incidents/1");

        var results = await notifier.NotifyAsync(notice, CancellationToken.None);
        var repeat = await notifier.NotifyAsync(notice, CancellationToken.None);

        results.ShouldHaveSingleItem().Ok.ShouldBeTrue();
        results[0].Result.ShouldBe("sent (attempt 3)");
        flaky.Requests.Count.ShouldBe(3);
        repeat.ShouldHaveSingleItem().Result.ShouldStartWith("rate-limited");
    }

    [Fact]
    public void A_listener_beyond_loopback_without_tokens_is_refused()
    {
        Should.Throw<ArgumentException>(() => ServerApp.Build(new ServerOptions { Listen = "http://0.0.0.0:8080", Database = Path.Combine(_dir, "x.db"), BundleDirectory = _dir }))
            .Message.ShouldContain("without a token");
    }

    private static string ExpectedTopSignature()
    {
        var time = new FakeTimeProvider(CapturedAt);
        var read = BundleReader.Read(Sample, time);
        var sigs = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]);
        return new Investigator(BuiltIn.Analyzers, sigs.Signatures, time).Investigate(read.Evidence!, new InvestigationOptions()).Hypotheses[0].Signature;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
