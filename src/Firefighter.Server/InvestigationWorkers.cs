using System.Diagnostics;
using Firefighter.Sources.Collect;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Firefighter.Server;

/// <summary>Workers that claim queued alerts, collect and investigate them, store the incident and notify; woken on each accepted alert.</summary>
/// <remarks>At start, jobs a stopped process had claimed return to the queue, so every accepted alert ends in an incident or a failed job
/// (after <see cref="ServerOptions.MaxAttempts"/>), never in silence.</remarks>
public sealed partial class InvestigationWorkers(ServerOptions options, IncidentStore store, IncidentPipeline pipeline, Notifier notifier, ServerMetrics metrics,
    ILogger<InvestigationWorkers> log) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    /// <summary>Wakes an idle worker (called after an alert is queued).</summary>
    public void Wake() => _wake.Release();

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recovered = store.RecoverClaimed();
        if (recovered > 0)
        {
            Recovered(log, recovered);
        }
        metrics.QueueDepth.Set(store.QueueDepth());
        return Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Workers)).Select(i => Task.Run(() => LoopAsync(i, stoppingToken), stoppingToken)));
    }

    private async Task LoopAsync(int worker, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            IncidentStore.Job? job;
            try
            {
                job = store.Claim();
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                ClaimFailed(log, e, worker);
                job = null;
            }
            if (job is null)
            {
                try
                {
                    // Woken by a new alert, else polls: jobs from another process (or a retry) are found within a second.
                    await _wake.WaitAsync(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            await RunAsync(job, ct).ConfigureAwait(false);
            metrics.QueueDepth.Set(store.QueueDepth());
        }
    }

    private async Task RunAsync(IncidentStore.Job job, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var (scope, parseError) = AlertScope.Parse(job.Payload);
        string? error = parseError;
        try
        {
            if (scope is not null)
            {
                var (outcome, report, runError) = await pipeline.RunAsync(job, scope, ct).ConfigureAwait(false);
                error = runError;
                if (outcome is not null)
                {
                    var before = job.IncidentId is null ? null : store.Get(job.IncidentId.Value)?.Summary;
                    var (incident, opened) = store.Complete(job, outcome, scope.Status);
                    metrics.Investigations.WithLabels("ok").Inc();
                    metrics.Duration.Observe(watch.Elapsed.TotalSeconds);
                    Stored(log, job.Id, incident, opened, outcome.TopCause);
                    var evt = scope.Status == "resolved" ? "resolved" : opened ? "opened" : before?.TopSignature != outcome.TopSignature ? "identified" : null;
                    if (evt is not null)
                    {
                        await NotifyAsync(evt, incident, ct).ConfigureAwait(false);
                    }
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return; // the job stays claimed and returns to the queue at the next start
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            error = e.Message;
        }
        var final = store.Fail(job, error ?? "unknown error", options.MaxAttempts);
        metrics.Investigations.WithLabels(final ? "failed" : "retry").Inc();
        JobFailed(log, job.Id, job.GroupKey, job.Attempts, final, error);
    }

    private async Task NotifyAsync(string evt, long incident, CancellationToken ct)
    {
        if (store.Get(incident) is not { } got)
        {
            return;
        }
        var s = got.Summary;
        var report = got.ReportJson is null ? null : Reports.ReportJson.TryDeserialize(got.ReportJson, out var r, out _) ? r : null;
        var link = $"{(options.PublicUrl ?? options.Listen).TrimEnd('/')}/incidents/{incident}";
        var notice = new IncidentNotice(evt, incident, s.GroupKey, s.Title, s.Severity, s.Status, s.Service, s.TopCause, s.Confidence, IncidentPipeline.Evidence(report), link);
        foreach (var (channel, ok, result) in await notifier.NotifyAsync(notice, ct).ConfigureAwait(false))
        {
            metrics.Notifications.WithLabels(channel, ok ? "ok" : "failed").Inc();
            store.AddNote(incident, "ff", $"{channel} {evt} notice: {result}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} jobs claimed by a stopped server returned to the queue")]
    private static partial void Recovered(ILogger log, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "worker {Worker}: cannot claim a job")]
    private static partial void ClaimFailed(ILogger log, Exception e, int worker);

    [LoggerMessage(Level = LogLevel.Information, Message = "job {Job}: incident {Incident} stored (opened: {Opened}): {Cause}")]
    private static partial void Stored(ILogger log, long job, long incident, bool opened, string? cause);

    [LoggerMessage(Level = LogLevel.Error, Message = "job {Job} ({Group}) attempt {Attempt} failed (final: {Final}): {Error}")]
    private static partial void JobFailed(ILogger log, long job, string group, int attempt, bool final, string? error);
}
