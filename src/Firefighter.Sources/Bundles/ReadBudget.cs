namespace Firefighter.Sources.Bundles;

/// <summary>Counts the (decompressed) bytes read from the files of one bundle against the per-file and per-bundle limits.</summary>
/// <remarks>Thread-safe. A stream that passes a limit throws <see cref="ReadLimitException"/> (an <see cref="IOException"/>), which readers
/// already turn into "could not be read to the end" warnings keeping what was read before.</remarks>
internal sealed class ReadBudget(long maxPerFile, long maxTotal)
{
    private long _total;

    private long MaxPerFile { get; } = maxPerFile;

    private long MaxTotal { get; } = maxTotal;

    /// <summary>Wraps <paramref name="inner"/> so reads count against the limits.</summary>
    public Stream Wrap(Stream inner) => new CappedStream(inner, this);

    private sealed class CappedStream(Stream inner, ReadBudget budget) : ForwardOnlyStream(inner)
    {
        public override int Read(Span<byte> buffer)
        {
            var n = Inner.Read(buffer);
            if (n == 0)
            {
                return 0;
            }
            Produced += n;
            if (Produced > budget.MaxPerFile)
            {
                throw new ReadLimitException($"cut at the {Mb(budget.MaxPerFile)} limit on bytes read from one file (decompressed; raise with --max-file-mb)");
            }
            if (Interlocked.Add(ref budget._total, n) > budget.MaxTotal)
            {
                throw new ReadLimitException($"cut at the {Mb(budget.MaxTotal)} limit on bytes read from the whole bundle (decompressed; raise with --max-bundle-mb)");
            }
            return n;
        }
    }

    /// <summary>Megabytes, for messages.</summary>
    public static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MB";
}

/// <summary>A read limit was reached; the bytes before it were read.</summary>
internal sealed class ReadLimitException(string message) : IOException(message);
