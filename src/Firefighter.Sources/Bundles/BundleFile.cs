using System.IO.Compression;

namespace Firefighter.Sources.Bundles;

/// <summary>One file of a bundle (on disk or an archive entry held in memory), addressed by its bundle-relative path.</summary>
public sealed class BundleFile
{
    private const int HeadBytes = 8 * 1024;
    private readonly Func<Stream> _openRaw;
    private byte[]? _head;

    internal BundleFile(string path, long length, Func<Stream> openRaw, string? folder = null)
    {
        Path = path;
        Length = length;
        _openRaw = openRaw;
        var slash = path.LastIndexOf('/');
        Name = slash < 0 ? path : path[(slash + 1)..];
        // A file given outside a bundle (ff k8s scan --snapshot) is read as if it sat in the named folder.
        Folder = folder ?? (slash < 0 ? "" : path[..path.IndexOf('/', StringComparison.Ordinal)]);
        IsGzip = Name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        var logical = IsGzip ? Name[..^3] : Name;
        var dot = logical.LastIndexOf('.');
        Extension = dot <= 0 ? "" : logical[dot..].ToLowerInvariant();
        Stem = dot <= 0 ? logical : logical[..dot];
    }

    /// <summary>Bundle-relative path with forward slashes (<c>logs/production_api-7f9c_api.log</c>).</summary>
    public string Path { get; }

    /// <summary>The first path segment (<c>logs</c>), or empty for a top-level file.</summary>
    public string Folder { get; }

    /// <summary>The file name with extensions.</summary>
    public string Name { get; }

    /// <summary>The file name without <c>.gz</c> and without its extension.</summary>
    public string Stem { get; }

    /// <summary>The lower-case extension after removing <c>.gz</c> (<c>.log</c>, <c>.json</c>), or empty.</summary>
    public string Extension { get; }

    /// <summary>Whether the file is gzip-compressed (name ends with <c>.gz</c>); <see cref="OpenRead"/> decompresses it.</summary>
    public bool IsGzip { get; }

    /// <summary>Size in bytes as stored (compressed size for .gz).</summary>
    public long Length { get; }

    /// <summary>The bundle's read limits, when the file belongs to a bundle; reads past them throw an <see cref="IOException"/> naming the limit.</summary>
    internal ReadBudget? Budget { get; set; }

    /// <summary>Opens the content, decompressed for .gz; a truncated gzip throws <see cref="InvalidDataException"/> when its end is reached,
    /// and reading past the bundle's limits an <see cref="IOException"/>.</summary>
    public Stream OpenRead()
    {
        var raw = _openRaw();
        var content = IsGzip ? new CheckedGzipStream(raw) : raw;
        return Budget is null ? content : Budget.Wrap(content);
    }

    /// <summary>The first 8 KB of the (decompressed) content, for sniffing the format; empty when unreadable.</summary>
    public ReadOnlySpan<byte> Head => _head ??= ReadHead();

    /// <summary>Whether the head contains a NUL byte, the mark of a binary (or UTF-16) file.</summary>
    public bool LooksBinary => Head.IndexOf((byte)0) >= 0;

    /// <summary>The head decoded as UTF-8 text (invalid bytes replaced), without a BOM.</summary>
    public string HeadText
    {
        get
        {
            var h = Head;
            if (h.StartsWith("\uFEFF"u8))
            {
                h = h[3..];
            }
            return System.Text.Encoding.UTF8.GetString(h);
        }
    }

    /// <summary>The first line of the head that is not blank, trimmed; empty when none.</summary>
    public string FirstLine
    {
        get
        {
            foreach (var line in HeadText.Split('\n'))
            {
                var t = line.Trim();
                if (t.Length > 0)
                {
                    return t;
                }
            }
            return "";
        }
    }

    /// <inheritdoc />
    public override string ToString() => Path;

    private byte[] ReadHead()
    {
        try
        {
            using var s = OpenRead();
            var buf = new byte[HeadBytes];
            var n = 0;
            int k;
            while (n < buf.Length && (k = s.Read(buf, n, buf.Length - n)) > 0)
            {
                n += k;
            }
            return buf[..n];
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Wraps a gzip stream and checks, at its end, that the decompressed size matches the trailer (GZipStream treats a cut file as a clean end).</summary>
    private sealed class CheckedGzipStream : ForwardOnlyStream
    {
        private readonly GZipStream _gzip;
        private readonly uint? _expectedSize;
        private bool _checked;

        public CheckedGzipStream(Stream raw)
            : base(raw)
        {
            if (raw.CanSeek && raw.Length >= 18)
            {
                raw.Seek(-4, SeekOrigin.End);
                Span<byte> tail = stackalloc byte[4];
                raw.ReadExactly(tail);
                _expectedSize = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(tail);
                raw.Seek(0, SeekOrigin.Begin);
            }
            _gzip = new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true);
        }

        public override int Read(Span<byte> buffer)
        {
            var n = _gzip.Read(buffer);
            Produced += n;
            if (n == 0 && buffer.Length > 0 && !_checked)
            {
                _checked = true;
                if (Inner.CanSeek && (Inner.Length < 18 || _expectedSize != (uint)Produced))
                {
                    throw new InvalidDataException($"truncated or corrupt gzip data: the stream ended after {Produced} bytes, which does not match its trailer");
                }
            }
            return n;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _gzip.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
