namespace Firefighter.Sources.Bundles;

/// <summary>Limits applied while reading a bundle; exceeding one is a warning naming the file and what was cut, never a failure.</summary>
public sealed record BundleReadOptions
{
    /// <summary>The default limits.</summary>
    public static BundleReadOptions Default { get; } = new();

    /// <summary>Largest single file read into memory (structured files, archive entries); larger files are skipped with a warning.</summary>
    public long MaxFileBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Largest total size of the entries of a .tar.gz bundle extracted (to a private temporary directory); entries past it are skipped with a warning.</summary>
    public long MaxArchiveBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Most bytes read from one file after decompression (streamed logs, traces); reading stops there with a warning, so a gzip bomb is cut.</summary>
    public long MaxReadBytesPerFile { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Most bytes read from all files of a bundle after decompression; files past it are cut or not read, with a warning.</summary>
    public long MaxBundleBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Longest line or log record kept; longer ones are truncated to this many bytes with a warning.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;
}
