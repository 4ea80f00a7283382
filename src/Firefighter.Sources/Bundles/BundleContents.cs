using System.Formats.Tar;
using System.IO.Compression;

namespace Firefighter.Sources.Bundles;

/// <summary>Lists the files of a bundle directory or .tar.gz archive as <see cref="BundleFile"/>s with bundle-relative paths.</summary>
internal static class BundleContents
{
    private static readonly HashSet<string> KnownTopLevel = new(StringComparer.OrdinalIgnoreCase)
    {
        "alerts", "logs", "metrics", "k8s", "traces", "changes", "incident.yaml", "incident.yml", "manifest.json",
    };

    /// <summary>The files under a directory, sorted by path.</summary>
    public static List<BundleFile> FromDirectory(string root)
    {
        var files = new List<BundleFile>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var info in new DirectoryInfo(root).EnumerateFiles("*", options))
        {
            var rel = Path.GetRelativePath(root, info.FullName).Replace('\\', '/');
            var full = info.FullName;
            files.Add(new BundleFile(rel, info.Length, () => new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan)));
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary>The regular-file entries of a .tar.gz (or plain .tar), read into memory within the limits; a truncated archive is an error.</summary>
    public static (List<BundleFile> Files, List<(string Path, string Message)> Skipped, string? Error) FromArchive(string path, BundleReadOptions options)
    {
        var files = new List<(string Path, byte[] Data)>();
        var skipped = new List<(string, string)>();
        var archiveName = Path.GetFileName(path);
        long total = 0;
        string? lastGood = null;
        try
        {
            using var raw = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
            var gz = IsGzip(raw);
            using Stream body = gz ? new GZipStream(raw, CompressionMode.Decompress) : raw;
            using var tar = new TarReader(body);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is TarEntryType.Directory or TarEntryType.GlobalExtendedAttributes)
                {
                    continue;
                }
                var name = NormalizeEntryName(entry.Name);
                if (name is null)
                {
                    skipped.Add((entry.Name, "not read: unsafe path in archive (absolute or with '..')"));
                    continue;
                }
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile))
                {
                    skipped.Add((name, $"not read: archive entry of type {entry.EntryType} (only regular files are read)"));
                    continue;
                }
                if (entry.Length > options.MaxFileBytes)
                {
                    skipped.Add((name, $"not read: larger than the {options.MaxFileBytes / (1024 * 1024)} MB limit for one file"));
                    continue;
                }
                if (total + entry.Length > options.MaxArchiveBytes)
                {
                    skipped.Add((name, $"not read: the archive's files exceed the {options.MaxArchiveBytes / (1024 * 1024)} MB limit in total"));
                    continue;
                }
                var data = new byte[entry.Length];
                var read = 0;
                if (entry.DataStream is { } ds)
                {
                    int n;
                    while (read < data.Length && (n = ds.Read(data, read, data.Length - read)) > 0)
                    {
                        read += n;
                    }
                }
                if (read < data.Length)
                {
                    return ([], skipped, $"{archiveName}: truncated archive: entry '{name}' has {read} of its {data.Length} bytes");
                }
                total += data.Length;
                files.Add((name, data));
                lastGood = name;
            }
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException or IOException)
        {
            var where = lastGood is null ? "before the first entry" : $"after entry '{lastGood}'";
            return ([], skipped, $"{archiveName}: truncated or corrupt archive ({where}): {e.Message}");
        }
        var prefix = CommonRoot(files.Select(f => f.Path).ToList());
        var result = new List<BundleFile>(files.Count);
        foreach (var (name, data) in files)
        {
            var rel = name[prefix.Length..];
            if (rel.Length == 0)
            {
                continue;
            }
            result.Add(new BundleFile(rel, data.LongLength, () => new MemoryStream(data, writable: false)));
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return (result, skipped.Select(s => (s.Item1.StartsWith(prefix, StringComparison.Ordinal) ? s.Item1[prefix.Length..] : s.Item1, s.Item2)).ToList(), null);
    }

    /// <summary>Whether the stream starts with the gzip magic bytes; the position is restored.</summary>
    public static bool IsGzip(Stream s)
    {
        Span<byte> magic = stackalloc byte[2];
        var n = s.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        s.Seek(0, SeekOrigin.Begin);
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    private static string? NormalizeEntryName(string name)
    {
        var n = name.Replace('\\', '/');
        while (n.StartsWith("./", StringComparison.Ordinal))
        {
            n = n[2..];
        }
        if (n.StartsWith('/') || n.Length == 0 || (n.Length > 1 && n[1] == ':'))
        {
            return null;
        }
        foreach (var part in n.Split('/'))
        {
            if (part == "..")
            {
                return null;
            }
        }
        return n;
    }

    /// <summary>The single top-level folder the archive was made from (<c>bundle/</c>), unless it is itself a bundle part.</summary>
    private static string CommonRoot(List<string> names)
    {
        if (names.Count == 0)
        {
            return "";
        }
        var first = names[0];
        var slash = first.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return "";
        }
        var root = first[..(slash + 1)];
        if (KnownTopLevel.Contains(root[..^1]))
        {
            return "";
        }
        foreach (var n in names)
        {
            if (!n.StartsWith(root, StringComparison.Ordinal))
            {
                return "";
            }
        }
        return root;
    }
}
