using System.Globalization;
using System.Text;
using Firefighter.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static System.Net.WebUtility;

namespace Firefighter.Server;

/// <summary>The server-rendered web UI: incident list, incident page (cause, hypotheses with evidence, commands, timeline, status buttons),
/// the full report, and a token login. No script, no external asset.</summary>
internal static class ServerUi
{
    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}header{background:#1d2330;color:#fff;padding:10px 20px}
        header a{color:#fff;text-decoration:none;font-weight:600}main{padding:16px 20px;max-width:1100px}table{border-collapse:collapse;width:100%;background:#fff}
        th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e6ea;vertical-align:top}.sev{font-weight:700}.P0,.P1{color:#b3261e}.P2{color:#b26a00}
        .card{background:#fff;border:1px solid #e3e6ea;border-radius:6px;padding:12px 16px;margin:12px 0}code,pre{background:#eef0f3;padding:2px 4px;border-radius:3px}
        pre{padding:8px;overflow:auto}.muted{color:#5d6675}form.inline{display:inline}button{margin-right:4px}
        """;

    public static void Map(WebApplication app)
    {
        app.MapGet("/", (IncidentStore store, TimeProvider time, string? status, string? q) => Page("Incidents", List(store.List(status, q), time.GetUtcNow())));
        app.MapGet("/incidents/{id:long}", (IncidentStore store, long id) => store.Get(id) is { } got ? Page($"Incident #{id}", Incident(got)) : Page("Not found", "<p>No such incident.</p>", 404));
        app.MapGet("/incidents/{id:long}/report", (IncidentStore store, long id) =>
            store.Get(id) is { ReportHtml: { } html } ? Results.Text(html, "text/html; charset=utf-8") : Page("Not found", "<p>No report yet.</p>", 404));
        app.MapPost("/incidents/{id:long}/status", async (HttpContext http, IncidentStore store, long id) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var result = ServerApp.ChangeStatus(store, id, form["status"], form["by"], form["note"]);
            return result is IStatusCodeHttpResult { StatusCode: >= 400 } ? result : Results.Redirect($"/incidents/{id}");
        });
        app.MapGet("/login", () => Page("Sign in", """
            <form method="post" action="/login" class="card"><p>Paste an API token (read or write).</p>
            <input type="password" name="token" size="50" autocomplete="off"> <button type="submit">Sign in</button></form>
            """));
        app.MapPost("/login", async (HttpContext http, TokenAuth auth) =>
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var token = form["token"].ToString();
            if (auth.Role(token) is null)
            {
                return Page("Sign in", "<p>That token is not valid.</p><p><a href=\"/login\">Try again</a></p>", 401);
            }
            http.Response.Cookies.Append("ff_token", token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, Path = "/" });
            return Results.Redirect("/");
        });
    }

    private static string List(IReadOnlyList<IncidentSummary> incidents, DateTimeOffset now)
    {
        var sb = new StringBuilder("<form method=\"get\" action=\"/\"><input name=\"q\" placeholder=\"search title, cause, service\"> <button>Search</button></form><table><tr><th>#</th><th>Severity</th><th>Status</th><th>Service</th><th>Title</th><th>Top cause</th><th>Age</th></tr>");
        foreach (var i in incidents)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/incidents/{i.Id}\">{i.Id}</a></td><td class=\"sev {E(i.Severity)}\">{E(i.Severity)}</td><td>{E(i.Status)}</td><td>{E(i.Service)}</td>")
              .Append(CultureInfo.InvariantCulture, $"<td><a href=\"/incidents/{i.Id}\">{E(i.Title)}</a></td><td>{E(i.TopCause ?? "—")}</td><td>{Age(now - i.CreatedAt)}</td></tr>");
        }
        if (incidents.Count == 0)
        {
            sb.Append("<tr><td colspan=\"7\" class=\"muted\">No incidents.</td></tr>");
        }
        return sb.Append("</table>").ToString();
    }

    private static string Incident((IncidentSummary Summary, string? BundlePath, IReadOnlyList<IncidentEvent> Timeline, string? ReportJson, string? ReportMarkdown, string? ReportHtml) got)
    {
        var s = got.Summary;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<h2>{E(s.Title)}</h2><p><span class=\"sev {E(s.Severity)}\">{E(s.Severity)}</span> · status <b>{E(s.Status)}</b> · service {E(s.Service ?? "?")} · opened {s.CreatedAt:yyyy-MM-dd HH:mm} UTC · {s.Investigations} investigation(s)</p>");
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><h3>Cause</h3><p>{E(s.TopCause ?? "No cause identified yet.")}</p>{(s.Confidence is { } c ? $"<p class=\"muted\">confidence {c:0.00} · signature {E(s.TopSignature)}</p>" : "")}");
        sb.Append(CultureInfo.InvariantCulture, $"<p><a href=\"/incidents/{s.Id}/report\">Full report (charts, timeline, prevention)</a> · <a href=\"/api/v1/incidents/{s.Id}/report.md\">Markdown</a> · <a href=\"/api/v1/incidents/{s.Id}/report.json\">JSON</a></p></div>");
        sb.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><h3>Status</h3><form method=\"post\" action=\"/incidents/{s.Id}/status\">who <input name=\"by\" required size=\"14\"> note <input name=\"note\" size=\"30\"> ");
        foreach (var st in IncidentStore.Statuses)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<button name=\"status\" value=\"{st}\"{(st == s.Status ? " disabled" : "")}>{st}</button>");
        }
        sb.Append("</form></div>");
        if (got.ReportJson is not null && ReportJson.TryDeserialize(got.ReportJson, out var report, out _) && report is not null)
        {
            sb.Append("<div class=\"card\"><h3>Hypotheses</h3><ol>");
            foreach (var h in report.Hypotheses.Take(5))
            {
                sb.Append(CultureInfo.InvariantCulture, $"<li><b>{E(h.Title)}</b> <span class=\"muted\">({h.Confidence:0.00}{(h.Supported ? "" : ", not supported")})</span><br>{E(h.Cause)}<ul>");
                foreach (var ev in h.Evidence.Take(4))
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<li>{E(ev.Text)} <span class=\"muted\">{E(string.Join("; ", ev.Refs.Take(2).Select(r => r.ToString())))}</span></li>");
                }
                sb.Append("</ul></li>");
            }
            sb.Append("</ol></div>");
            if (report.Hypotheses is [{ Mitigation.Count: > 0 } top, ..])
            {
                sb.Append("<div class=\"card\"><h3>Commands to run</h3>");
                foreach (var step in top.Mitigation)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"<pre>{E(step.Command)}</pre><p class=\"muted\">{E(step.Why)}{(step.Verify is null ? "" : " · verify: " + E(step.Verify))}</p>");
                }
                sb.Append("</div>");
            }
        }
        sb.Append("<div class=\"card\"><h3>Timeline</h3><table>");
        foreach (var t in got.Timeline)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tr><td>{t.At:yyyy-MM-dd HH:mm:ss}</td><td>{E(t.Who)}</td><td>{E(t.Kind)}</td><td>{E(t.Text)}</td></tr>");
        }
        sb.Append("</table></div>");
        if (got.BundlePath is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<p class=\"muted\">Evidence bundle: <code>{E(got.BundlePath)}</code> (replay with <code>ff investigate {E(got.BundlePath)}</code>)</p>");
        }
        return sb.ToString();
    }

    private static IResult Page(string title, string body, int status = 200) =>
        Results.Text($"<!doctype html><html><head><meta charset=\"utf-8\"><title>{E(title)} · ff</title><style>{Style}</style></head><body><header><a href=\"/\">ff · incidents</a></header><main>{body}</main></body></html>",
            "text/html; charset=utf-8", statusCode: status);

    private static string E(string? s) => HtmlEncode(s ?? "");

    private static string Age(TimeSpan t) => t.TotalMinutes < 1 ? "now" : t.TotalHours < 1 ? $"{(int)t.TotalMinutes}m" : t.TotalDays < 1 ? $"{(int)t.TotalHours}h" : $"{(int)t.TotalDays}d";
}
