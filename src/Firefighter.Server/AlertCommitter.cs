using System.Threading.Channels;

namespace Firefighter.Server;

/// <summary>Commits concurrently accepted alerts together: one writer drains what has arrived (up to <see cref="MaxBatch"/>) into one
/// SQLite transaction, so each 202 still follows its own durable commit (synchronous=FULL) while the fsync is shared.</summary>
/// <remarks>Latency added is at most one commit; a failed commit fails every alert of its batch (each post then gets a 503, never a 202).</remarks>
public sealed class AlertCommitter : IAsyncDisposable
{
    /// <summary>Most alerts in one transaction.</summary>
    public const int MaxBatch = 256;

    private readonly Channel<(string GroupKey, string Signature, string Payload, TaskCompletionSource<(long? Job, long? Incident, bool Deduplicated)> Done)> _channel =
        Channel.CreateUnbounded<(string, string, string, TaskCompletionSource<(long?, long?, bool)>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly IncidentStore _store;
    private readonly Task _writer;

    /// <summary>Starts the writer.</summary>
    public AlertCommitter(IncidentStore store)
    {
        _store = store;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Stores an alert as <see cref="IncidentStore.Enqueue"/> does; completes once its transaction is committed.</summary>
    public Task<(long? Job, long? Incident, bool Deduplicated)> EnqueueAsync(string groupKey, string signature, string payload)
    {
        var done = new TaskCompletionSource<(long?, long?, bool)>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_channel.Writer.TryWrite((groupKey, signature, payload, done)))
        {
            done.SetException(new InvalidOperationException("the server is stopping"));
        }
        return done.Task;
    }

    private async Task WriteAsync()
    {
        var batch = new List<(string GroupKey, string Signature, string Payload, TaskCompletionSource<(long?, long?, bool)> Done)>(MaxBatch);
        while (await _channel.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _channel.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            try
            {
                var results = _store.EnqueueMany([.. batch.Select(b => (b.GroupKey, b.Signature, b.Payload))]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.SetResult(results[i]);
                }
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                foreach (var b in batch)
                {
                    b.Done.SetException(e);
                }
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }
}
