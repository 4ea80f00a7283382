using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Firefighter.Server;

/// <summary>What a notification says about an incident; Event is opened, identified (cause changed) or resolved.</summary>
public sealed record IncidentNotice(string Event, long Incident, string GroupKey, string Title, string Severity, string Status, string? Service,
    string? TopCause, double? Confidence, IReadOnlyList<string> Evidence, string Link);

/// <summary>Posts incident notices to Slack (incoming webhook, Block Kit) and to a generic JSON webhook, retried with exponential backoff
/// and limited to one notice of a kind per alert group per interval.</summary>
/// <remarks>Never throws: a notice that still fails after its attempts is returned as an error for the incident's timeline.</remarks>
public sealed class Notifier(ServerOptions options, HttpClient http, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Group, string Event), DateTimeOffset> _last = new();

    /// <summary>Sends the notice to every configured channel; returns one line per channel (sent, rate-limited or failed with why).</summary>
    public async Task<IReadOnlyList<(string Channel, bool Ok, string Result)>> NotifyAsync(IncidentNotice notice, CancellationToken ct)
    {
        var results = new List<(string, bool, string)>();
        var now = time.GetUtcNow();
        if (_last.TryGetValue((notice.GroupKey, notice.Event), out var last) && now - last < options.NotifyMinInterval)
        {
            return [("all", true, $"rate-limited: a {notice.Event} notice for this group went out at {last:HH:mm:ss}")];
        }
        _last[(notice.GroupKey, notice.Event)] = now;
        if (options.SlackWebhook is { } slack)
        {
            var (ok, result) = await PostAsync(slack, Slack(notice), ct).ConfigureAwait(false);
            results.Add(("slack", ok, result));
        }
        if (options.Webhook is { } hook)
        {
            var (ok, result) = await PostAsync(hook, Generic(notice), ct).ConfigureAwait(false);
            results.Add(("webhook", ok, result));
        }
        return results;
    }

    /// <summary>The Slack incoming-webhook body: a fallback text and blocks with severity, cause, top evidence and a link.</summary>
    public static JsonObject Slack(IncidentNotice n)
    {
        var headline = $"[{n.Severity}] {Verb(n.Event)}: {n.Title}";
        var cause = n.TopCause is null ? "No cause identified yet." : $"*Cause*: {n.TopCause}{(n.Confidence is { } c ? $" (confidence {c:0.00})" : "")}";
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Cut(headline, 150) } },
            new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Cut(cause, 2900) } },
        };
        if (n.Evidence.Count > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = Cut("*Evidence*\n" + string.Join("\n", n.Evidence.Take(3).Select(e => "• " + e)), 2900) } });
        }
        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = $"status *{n.Status}* · service {n.Service ?? "?"} · <{n.Link}|incident #{n.Incident}>" }),
        });
        return new JsonObject { ["text"] = Cut($"{headline}. {n.TopCause}", 3000), ["blocks"] = blocks };
    }

    /// <summary>The generic webhook body: the notice as plain JSON.</summary>
    public static JsonObject Generic(IncidentNotice n) => new()
    {
        ["event"] = n.Event,
        ["incident"] = n.Incident,
        ["groupKey"] = n.GroupKey,
        ["title"] = n.Title,
        ["severity"] = n.Severity,
        ["status"] = n.Status,
        ["service"] = n.Service,
        ["topCause"] = n.TopCause,
        ["confidence"] = n.Confidence,
        ["evidence"] = new JsonArray([.. n.Evidence.Select(e => (JsonNode)JsonValue.Create(e)!)]),
        ["link"] = n.Link,
    };

    private async Task<(bool, string)> PostAsync(Uri url, JsonObject body, CancellationToken ct)
    {
        var delay = options.NotifyBackoff;
        var text = body.ToJsonString();
        string last = "";
        for (var attempt = 1; attempt <= Math.Max(1, options.NotifyAttempts); attempt++)
        {
            try
            {
                using var content = new StringContent(text, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(url, content, ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return (true, $"sent (attempt {attempt})");
                }
                last = $"HTTP {(int)response.StatusCode}";
                // 4xx other than 429 will not get better by retrying (bad URL, revoked webhook).
                if ((int)response.StatusCode is >= 400 and < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    break;
                }
                if (response.Headers.RetryAfter?.Delta is { } after && after < TimeSpan.FromMinutes(1))
                {
                    delay = after;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                last = "timed out";
            }
            if (attempt < options.NotifyAttempts)
            {
                await Task.Delay(delay, time, ct).ConfigureAwait(false);
                delay *= 2;
            }
        }
        return (false, $"failed after retries: {last}");
    }

    private static string Verb(string e) => e switch { "opened" => "Incident opened", "identified" => "Cause identified", "resolved" => "Resolved", _ => e };

    private static string Cut(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
