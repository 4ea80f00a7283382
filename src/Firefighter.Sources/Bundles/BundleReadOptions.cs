namespace Firefighter.Sources.Bundles;

/// <summary>Limits that keep reading a bundle bounded in memory, whatever its size.</summary>
public sealed record BundleReadOptions
{
    /// <summary>The default limits.</summary>
    public static BundleReadOptions Default { get; } = new();

    /// <summary>Largest single file read into memory (structured files, archive entries); larger files are skipped with a warning.</summary>
    public long MaxFileBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Largest total size of the entries of a .tar.gz bundle held in memory; entries past it are skipped with a warning.</summary>
    public long MaxArchiveBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>Longest line or log record kept; longer ones are truncated to this many bytes with a warning.</summary>
    public int MaxLineBytes { get; init; } = 64 * 1024;
}
