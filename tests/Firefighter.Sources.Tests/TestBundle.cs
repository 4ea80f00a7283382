using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Firefighter.Sources.Bundles;
using Firefighter.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Firefighter.Sources.Tests;

/// <summary>A bundle directory built in a temp folder for one test, deleted afterwards.</summary>
internal sealed class TestBundle : IDisposable
{
    public TestBundle()
    {
        Root = Path.Combine(Path.GetTempPath(), "ff-bundle-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public static FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 1, 16, 9, 0, 0, TimeSpan.Zero));

    public static string Fixture(string name) => RepoPaths.InRepo("tests", "Firefighter.Sources.Tests", "TestData", name);

    public TestBundle Text(string relative, string content) => Bytes(relative, Encoding.UTF8.GetBytes(content));

    public TestBundle Bytes(string relative, byte[] content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return this;
    }

    public TestBundle Copy(string relative, string source) => Bytes(relative, File.ReadAllBytes(source));

    public TestBundle Gzip(string relative, byte[] content)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(content);
        }
        return Bytes(relative, ms.ToArray());
    }

    public BundleReadResult Read() => BundleReader.Read(Root, Clock);

    public Firefighter.Evidence.EvidenceSet ReadOk()
    {
        var result = Read();
        result.Error.ShouldBeNull();
        return result.Evidence!;
    }

    /// <summary>Packs the bundle as a .tar.gz (entries under <paramref name="top"/>/), returning the archive path.</summary>
    public string Pack(string top = "bundle")
    {
        var archive = Root + ".tar.gz";
        using var fs = File.Create(archive);
        using var gz = new GZipStream(fs, CompressionLevel.Fastest);
        using var tar = new TarWriter(gz, TarEntryFormat.Pax);
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(Root, file).Replace('\\', '/');
            tar.WriteEntry(file, top.Length == 0 ? rel : top + "/" + rel);
        }
        return archive;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
            File.Delete(Root + ".tar.gz");
        }
        catch (IOException)
        {
        }
    }
}
