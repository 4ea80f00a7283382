using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Firefighter.Testing;

/// <summary>A loopback HTTP server that records every request (method, path and query, headers, body) and answers with a handler:
/// a Slack incoming webhook, a generic JSON webhook, a Loki or Prometheus API built from recorded responses.</summary>
public sealed class RecordingHttpServer : IDisposable
{
    private readonly Func<Request, (int Status, string Body)> _handler;
    private readonly LoopbackListener _http;

    /// <summary>One request as received.</summary>
    public sealed record Request(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        /// <summary>A query-string value (unescaped), or null.</summary>
        public string? Query(string name)
        {
            var q = PathAndQuery.IndexOf('?', StringComparison.Ordinal);
            if (q < 0)
            {
                return null;
            }
            foreach (var part in PathAndQuery[(q + 1)..].Split('&'))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0 && Uri.UnescapeDataString(part[..eq]) == name)
                {
                    return Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
                }
            }
            return null;
        }
    }

    public RecordingHttpServer(Func<Request, (int Status, string Body)> handler)
    {
        _handler = handler;
        _http = new LoopbackListener(Answer);
    }

    public int Port => _http.Port;

    public Uri Url => new($"http://127.0.0.1:{Port}/");

    /// <summary>Every request in arrival order.</summary>
    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>Waits until <paramref name="predicate"/> holds for a received request, or the timeout passes; returns it or null.</summary>
    public async Task<Request?> WaitForAsync(Func<Request, bool> predicate, TimeSpan timeout)
    {
        var until = TimeProvider.System.GetUtcNow() + timeout;
        while (TimeProvider.System.GetUtcNow() < until)
        {
            if (Requests.FirstOrDefault(predicate) is { } r)
            {
                return r;
            }
            await Task.Delay(50);
        }
        return Requests.FirstOrDefault(predicate);
    }

    public void Dispose() => _http.Dispose();

    private async Task Answer(HttpListenerContext ctx)
    {
        try
        {
            using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = ctx.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => ctx.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
            var request = new Request(ctx.Request.HttpMethod, ctx.Request.Url!.PathAndQuery, headers, body);
            Requests.Enqueue(request);
            var (status, answer) = _handler(request);
            var bytes = Encoding.UTF8.GetBytes(answer);
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength64 = bytes.Length;
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException or InvalidOperationException)
        {
        }
    }
}
