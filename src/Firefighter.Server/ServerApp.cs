using System.Net;
using System.Text;
using System.Text.Json;
using Firefighter.Sources.Collect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Firefighter.Server;

/// <summary>Builds the <c>ff serve</c> web application: routes, auth, limits, workers.</summary>
public static class ServerApp
{
    /// <summary>Builds the application (not started); throws <see cref="ArgumentException"/> for options that would be unsafe (a non-loopback
    /// listener without tokens).</summary>
    public static WebApplication Build(ServerOptions options, TimeProvider? time = null, Action<ILoggingBuilder>? logging = null)
    {
        var url = new Uri(options.Listen);
        var loopback = url.Host is "localhost" || (IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        if (!loopback && options.ReadTokens.Count + options.WriteTokens.Count == 0)
        {
            throw new ArgumentException($"refusing to listen on {options.Listen} without a token: give --token (write) or --read-token, or listen on loopback");
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Listen);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.AddServerHeader = false;
        });
        builder.Logging.ClearProviders();
        if (logging is not null)
        {
            logging(builder.Logging);
        }
        else
        {
            // Structured logs on stderr: stdout carries data only.
            builder.Logging.AddJsonConsole();
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        var clock = time ?? TimeProvider.System;
        Directory.CreateDirectory(options.BundleDirectory);
        var store = new IncidentStore(options.Database, clock);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(_ => new AlertCommitter(store));
        builder.Services.AddSingleton(new ServerMetrics());
        builder.Services.AddSingleton(new TokenAuth(options.ReadTokens, options.WriteTokens));
        builder.Services.AddSingleton(new IncidentPipeline(options, clock));
        builder.Services.AddSingleton(sp => new Notifier(options, new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, clock));
        builder.Services.AddSingleton<InvestigationWorkers>();
        if (options.StartWorkers)
        {
            builder.Services.AddHostedService(sp => sp.GetRequiredService<InvestigationWorkers>());
        }
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ServerJsonContext.Default));

        var app = builder.Build();
        app.Use(Authenticate);
        Map(app);
        ServerUi.Map(app);
        return app;
    }

    private static async Task Authenticate(HttpContext http, RequestDelegate next)
    {
        var path = http.Request.Path.Value ?? "/";
        if (path is "/healthz" or "/readyz" or "/metrics" or "/login")
        {
            await next(http);
            return;
        }
        var auth = http.RequestServices.GetRequiredService<TokenAuth>();
        var header = http.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : http.Request.Cookies["ff_token"];
        var role = auth.Role(presented);
        var writing = !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method);
        if (role is null)
        {
            if (!path.StartsWith("/api/", StringComparison.Ordinal))
            {
                http.Response.Redirect("/login");
                return;
            }
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await Error(http, 401, "a valid bearer token is required (Authorization: Bearer TOKEN)");
            return;
        }
        if (writing && role != "write")
        {
            await Error(http, 403, "this token may read, not write");
            return;
        }
        await next(http);
    }

    private static void Map(WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (IncidentStore store) => store.Ping() ? Results.Text("ready\n") : Results.Text("database unavailable\n", statusCode: 503));
        app.MapMetrics("/metrics", app.Services.GetRequiredService<ServerMetrics>().Registry);

        app.MapPost("/api/v1/alerts", async (HttpContext http, IncidentStore store, AlertCommitter queue, ServerMetrics metrics, InvestigationWorkers workers) =>
        {
            if (http.Request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            {
                metrics.AlertsReceived.WithLabels("rejected").Inc();
                return Err(415, $"content type {type} is not application/json");
            }
            string body;
            try
            {
                using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
                body = await reader.ReadToEndAsync(http.RequestAborted);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                metrics.AlertsReceived.WithLabels("rejected").Inc();
                return Err(413, $"the body is larger than {http.RequestServices.GetRequiredService<ServerOptions>().MaxBodyBytes} bytes");
            }
            var (scope, error) = AlertScope.Parse(body);
            if (scope is null)
            {
                metrics.AlertsReceived.WithLabels("rejected").Inc();
                return Err(400, "not an Alertmanager webhook (version 4): " + error);
            }
            var signature = $"{scope.Status}|{string.Join(",", scope.Fingerprints)}|{scope.StartsAt:O}";
            long? job, incident;
            bool dedup;
            try
            {
                (job, incident, dedup) = await queue.EnqueueAsync(scope.GroupKey, signature, body);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
            {
                // Not stored, so not accepted: Alertmanager retries a 5xx.
                metrics.AlertsReceived.WithLabels("failed").Inc();
                return Err(503, "the alert could not be stored: " + e.Message);
            }
            metrics.AlertsReceived.WithLabels(dedup ? "deduplicated" : "accepted").Inc();
            if (!dedup)
            {
                metrics.QueueDepth.Inc();
            }
            workers.Wake();
            return Results.Json(new AcceptedAlert("accepted", job, incident, dedup, scope.GroupKey), ServerJsonContext.Default.AcceptedAlert, statusCode: 202);
        });

        app.MapGet("/api/v1/incidents", (IncidentStore store, string? status, string? q, int? limit) =>
            Results.Json(store.List(status, q, limit ?? 100), ServerJsonContext.Default.IReadOnlyListIncidentSummary));

        app.MapGet("/api/v1/incidents/{id:long}", (IncidentStore store, long id) =>
            store.Get(id) is { } got
                ? Results.Json(new IncidentDetail(got.Summary, got.BundlePath, got.Timeline, IncidentPipeline.ParseReport(got.ReportJson)), ServerJsonContext.Default.IncidentDetail)
                : Err(404, $"no incident {id}"));

        app.MapGet("/api/v1/incidents/{id:long}/report.{format}", (IncidentStore store, long id, string format) =>
        {
            if (store.Get(id) is not { } got)
            {
                return Err(404, $"no incident {id}");
            }
            return format switch
            {
                "json" when got.ReportJson is not null => Results.Text(got.ReportJson, "application/json"),
                "md" when got.ReportMarkdown is not null => Results.Text(got.ReportMarkdown, "text/markdown; charset=utf-8"),
                "html" when got.ReportHtml is not null => Results.Text(got.ReportHtml, "text/html; charset=utf-8"),
                "json" or "md" or "html" => Err(404, $"incident {id} has no report yet"),
                _ => Err(400, $"format {format} is not json, md or html"),
            };
        });

        app.MapPost("/api/v1/incidents/{id:long}/status", async (HttpContext http, IncidentStore store, long id) =>
        {
            StatusChange? change;
            try
            {
                change = await JsonSerializer.DeserializeAsync(http.Request.Body, ServerJsonContext.Default.StatusChange, http.RequestAborted);
            }
            catch (JsonException e)
            {
                return Err(400, "expected {\"status\":..., \"by\":..., \"note\":...}: " + e.Message);
            }
            return ChangeStatus(store, id, change?.Status, change?.By, change?.Note);
        });

        app.MapPost("/api/v1/incidents/{id:long}/reinvestigate", (IncidentStore store, InvestigationWorkers workers, long id, string? by) =>
        {
            if (store.Reinvestigate(id, string.IsNullOrWhiteSpace(by) ? "api" : by) is not { } job)
            {
                return Err(404, $"no incident {id}");
            }
            workers.Wake();
            return Results.Json(new AcceptedAlert("queued", job, id, false, ""), ServerJsonContext.Default.AcceptedAlert, statusCode: 202);
        });

        app.MapGet("/api/v1/jobs/failed", (IncidentStore store) => Results.Json(store.FailedJobs(), ServerJsonContext.Default.IReadOnlyListFailedJob));
    }

    /// <summary>Validates and applies a status change (shared by the API and the UI's buttons).</summary>
    internal static IResult ChangeStatus(IncidentStore store, long id, string? status, string? by, string? note)
    {
        if (status is null || !IncidentStore.Statuses.Contains(status, StringComparer.Ordinal))
        {
            return Err(400, $"status must be one of {string.Join(", ", IncidentStore.Statuses)}");
        }
        if (string.IsNullOrWhiteSpace(by) || by.Length > 200)
        {
            return Err(400, "by (who changes the status) is required, at most 200 characters");
        }
        if (note is { Length: > 2000 })
        {
            return Err(400, "note is longer than 2000 characters");
        }
        if (!store.SetStatus(id, status, by, note))
        {
            return Err(404, $"no incident {id}");
        }
        return Results.Json(store.Get(id)!.Value.Summary, ServerJsonContext.Default.IncidentSummary);
    }

    private static IResult Err(int status, string message) => Results.Json(new ApiError(message), ServerJsonContext.Default.ApiError, statusCode: status);

    private static Task Error(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new ApiError(message), ServerJsonContext.Default.ApiError);
    }
}
