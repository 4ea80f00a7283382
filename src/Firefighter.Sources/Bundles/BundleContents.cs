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

    /// <summary>The regular files under a directory, sorted by path, and what was skipped with a reason: sub-directories that could not be
    /// listed, symlinks leading out of the directory, special files (FIFOs, devices, sockets), entries that cannot be opened.</summary>
    /// <remarks>The root itself must be listable (an unreadable bundle is an error, not an empty bundle); an unreadable
    /// sub-directory is skipped and reported so the coverage shows what was not read. Symbolic links to directories are not followed.</remarks>
    public static (List<BundleFile> Files, List<(string Path, string Message)> Skipped) FromDirectory(string root) =>
        FromDirectory(root, static dir => dir.EnumerateFileSystemInfos("*", new EnumerationOptions { IgnoreInaccessible = false, AttributesToSkip = 0 }));

    /// <summary>As <see cref="FromDirectory(string)"/>, listing each directory with <paramref name="list"/> (tests replace it: the suite runs as root, where permissions do not deny).</summary>
    internal static (List<BundleFile> Files, List<(string Path, string Message)> Skipped) FromDirectory(string root, Func<DirectoryInfo, IEnumerable<FileSystemInfo>> list)
    {
        var files = new List<BundleFile>();
        var skipped = new List<(string Path, string Message)>();
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        var pending = new Stack<DirectoryInfo>();
        var rootInfo = new DirectoryInfo(root);
        pending.Push(rootInfo);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            List<FileSystemInfo> entries;
            try
            {
                entries = list(dir).ToList();
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException && !ReferenceEquals(dir, rootInfo))
            {
                var rel = Path.GetRelativePath(root, dir.FullName).Replace('\\', '/') + "/";
                skipped.Add((rel, e is UnauthorizedAccessException ? "not read: directory cannot be listed (permission denied)" : $"not read: directory cannot be listed: {e.Message}"));
                continue;
            }
            foreach (var entry in entries)
            {
                var rel = Path.GetRelativePath(root, entry.FullName).Replace('\\', '/');
                try
                {
                    if (entry is DirectoryInfo sub)
                    {
                        if (sub.LinkTarget is not null || (sub.Attributes & FileAttributes.ReparsePoint) != 0)
                        {
                            skipped.Add((rel, "not read: a symbolic link to a directory (links are not followed into directories)"));
                        }
                        else
                        {
                            pending.Push(sub);
                        }
                        continue;
                    }
                    if (entry is not FileInfo info)
                    {
                        continue;
                    }
                    var full = info.FullName;
                    long length;
                    if (info.LinkTarget is not null)
                    {
                        var target = info.ResolveLinkTarget(returnFinalTarget: true);
                        if (target is null || !target.Exists || !target.FullName.StartsWith(fullRoot, StringComparison.Ordinal))
                        {
                            skipped.Add((rel, "not read: a symbolic link that leads outside the bundle (or nowhere)"));
                            continue;
                        }
                        if (target is not FileInfo targetFile)
                        {
                            skipped.Add((rel, "not read: a symbolic link to a directory (links are not followed into directories)"));
                            continue;
                        }
                        full = targetFile.FullName;
                        length = targetFile.Length;
                    }
                    else
                    {
                        length = info.Length;
                    }
                    if (length == 0)
                    {
                        // FIFOs, devices and sockets report length 0 (and a FIFO blocks forever when opened); an empty regular file holds no evidence either.
                        skipped.Add((rel, "not read: empty, or not a regular file (FIFO, device, socket)"));
                        continue;
                    }
                    files.Add(new BundleFile(rel, length, () => new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan)));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    // A name that is not valid UTF-8 comes back with U+FFFD and cannot be opened: it costs that file only.
                    skipped.Add((rel, "not read: " + e.Message));
                }
            }
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        skipped.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return (files, skipped);
    }

    /// <summary>The regular-file entries of a .tar.gz (or plain .tar), streamed into a private temporary directory within the limits (never
    /// held in memory whole, never written outside it); a truncated archive is an error, a header that cannot be decoded ends the listing
    /// with a warning, keeping the entries before it.</summary>
    public static (List<BundleFile> Files, List<(string Path, string Message)> Skipped, string? Error) FromArchive(string path, string extractTo, BundleReadOptions options)
    {
        var files = new List<(string Path, string Disk, long Length)>();
        var skipped = new List<(string, string)>();
        var archiveName = Path.GetFileName(path);
        long total = 0;
        string? lastGood = null;
        var entries = 0;
        try
        {
            using var raw = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
            if (raw.Length == 0)
            {
                return ([], [(archiveName, "empty archive (0 bytes): no evidence in it")], null);
            }
            var gz = IsGzip(raw);
            using Stream body = gz ? new GZipStream(raw, CompressionMode.Decompress) : raw;
            using var tar = new TarReader(body);
            while (true)
            {
                TarEntry? entry;
                try
                {
                    entry = tar.GetNextEntry();
                }
                catch (Exception e) when (e is ArgumentException or OverflowException or FormatException && entries > 0)
                {
                    // An undecodable header (a PAX mtime out of range): the stream cannot be resynchronised, so the entries before it are kept.
                    skipped.Add((archiveName, $"archive read stopped after entry '{lastGood}': a header could not be decoded ({e.GetType().Name}: {e.Message}); the entries before it are read"));
                    break;
                }
                if (entry is null)
                {
                    break;
                }
                entries++;
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
                // Entries are stored under a numbered name: the archive's names never reach the file system.
                var disk = Path.Combine(extractTo, files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                long read = 0;
                using (var output = new FileStream(disk, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920))
                {
                    if (entry.DataStream is { } ds)
                    {
                        var buffer = new byte[81920];
                        int n;
                        while (read < entry.Length && (n = ds.Read(buffer, 0, (int)Math.Min(buffer.Length, entry.Length - read))) > 0)
                        {
                            output.Write(buffer, 0, n);
                            read += n;
                        }
                    }
                }
                if (read < entry.Length)
                {
                    return ([], skipped, $"{archiveName}: truncated archive: entry '{name}' has {read} of its {entry.Length} bytes");
                }
                total += read;
                files.Add((name, disk, read));
                lastGood = name;
            }
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or FormatException or IOException or ArgumentException or OverflowException)
        {
            var where = lastGood is null ? "before the first entry" : $"after entry '{lastGood}'";
            return ([], skipped, $"{archiveName}: truncated or corrupt archive ({where}): {e.Message}");
        }
        if (entries == 0)
        {
            skipped.Add((archiveName, "empty archive: no entries, no evidence in it"));
        }
        var prefix = CommonRoot(files.Select(f => f.Path).ToList());
        var result = new List<BundleFile>(files.Count);
        foreach (var (name, disk, length) in files)
        {
            var rel = name[prefix.Length..];
            if (rel.Length == 0)
            {
                continue;
            }
            result.Add(new BundleFile(rel, length, () => new FileStream(disk, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan)));
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return (result, skipped.Select(s => (s.Item1.StartsWith(prefix, StringComparison.Ordinal) && s.Item1.Length > prefix.Length ? s.Item1[prefix.Length..] : s.Item1, s.Item2)).ToList(), null);
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
