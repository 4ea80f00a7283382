using System.Runtime;

namespace Firefighter.Cli;

/// <summary>Holds the garbage collector off while a command builds one large tree that lives until the process exits (a snapshot scan).</summary>
/// <remarks>The tree is ~9x the JSON it comes from and the analyzers add little garbage, so collections can only re-mark it: on the 45 MB
/// benchmark snapshot they cost ~0.5 s of a 2 s run, and peak memory is the same without them. The budget is about twelve times the input
/// (32 MB..1.5 GB); past it, or when the runtime refuses, collections run as usual.</remarks>
public sealed class GcHold : IDisposable
{
    private readonly bool _held;

    private GcHold(bool held) => _held = held;

    /// <summary>Starts a no-GC region sized for <paramref name="inputBytes"/> of input, when the runtime grants it.</summary>
    public static GcHold For(long inputBytes)
    {
        try
        {
            return new GcHold(inputBytes > 0 && GC.TryStartNoGCRegion(Math.Clamp(inputBytes * 12, 32L << 20, 1536L << 20)));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // More than this runtime allows at once, or a region is already open (tests running commands in parallel).
            return new GcHold(false);
        }
    }

    /// <summary>The total size of the files under the paths (unreadable ones count 0: the read reports them).</summary>
    public static long SizeOf(IEnumerable<string> paths)
    {
        long total = 0;
        foreach (var p in paths)
        {
            try
            {
                total += File.Exists(p) ? new FileInfo(p).Length
                    : Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The read itself reports unreadable paths.
            }
        }
        return total;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_held && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            GC.EndNoGCRegion();
        }
    }
}
