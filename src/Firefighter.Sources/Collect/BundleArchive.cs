using System.Formats.Tar;
using System.IO.Compression;

namespace Firefighter.Sources.Collect;

/// <summary>Packs a bundle directory as a <c>.tar.gz</c> (one top-level folder, as <c>tar czf</c> makes it), which <c>ff investigate</c> reads as it is.</summary>
public static class BundleArchive
{
    /// <summary>Writes <paramref name="archive"/> from <paramref name="dir"/>; returns an error message instead of throwing on I/O failure.</summary>
    public static string? Create(string dir, string archive)
    {
        try
        {
            using var file = File.Create(archive);
            using var gzip = new GZipStream(file, CompressionLevel.Optimal);
            TarFile.CreateFromDirectory(dir, gzip, includeBaseDirectory: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{archive}: cannot write the archive: {e.Message}";
        }
    }
}
