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

    private sealed class CappedStream(Stream inner, ReadBudget budget) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = inner.Read(buffer);
            if (n == 0)
            {
                return 0;
            }
            _read += n;
            if (_read > budget.MaxPerFile)
            {
                throw new ReadLimitException($"cut at the {Mb(budget.MaxPerFile)} limit on bytes read from one file (decompressed; raise with --max-file-mb)");
            }
            if (Interlocked.Add(ref budget._total, n) > budget.MaxTotal)
            {
                throw new ReadLimitException($"cut at the {Mb(budget.MaxTotal)} limit on bytes read from the whole bundle (decompressed; raise with --max-bundle-mb)");
            }
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    /// <summary>Megabytes, for messages.</summary>
    public static string Mb(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MB";
}

/// <summary>A read limit was reached; the bytes before it were read.</summary>
internal sealed class ReadLimitException(string message) : IOException(message);
