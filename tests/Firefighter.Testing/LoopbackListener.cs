using System.Net;
using System.Net.Sockets;

namespace Firefighter.Testing;

/// <summary>An HTTP listener on a free loopback port that hands each request to <c>answer</c> on its own task; the accept loop and the
/// shutdown shared by the recorded and recording test servers.</summary>
public sealed class LoopbackListener : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<HttpListenerContext, Task> _answer;
    private readonly Task _loop;

    public LoopbackListener(Func<HttpListenerContext, Task> answer)
    {
        _answer = answer;
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 3)
            {
                // The probed port was taken in between: try another.
            }
        }
        _loop = Task.Run(Loop);
    }

    public int Port { get; }

    /// <summary>Cancelled when the listener is disposed (for answers that wait).</summary>
    public CancellationToken Stopping => _stop.Token;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
    }

    private async Task Loop()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            _ = Task.Run(() => _answer(ctx));
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
