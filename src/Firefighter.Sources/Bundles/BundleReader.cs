using Firefighter.Evidence;

namespace Firefighter.Sources.Bundles;

/// <summary>Reads an evidence bundle (a directory or a .tar.gz of one) into an <see cref="EvidenceSet"/>.</summary>
/// <remarks>Never throws: a bundle that cannot be opened is a failed <see cref="BundleReadResult"/>; everything wrong inside
/// it is a warning naming the file and line. Files are read in path order, so the result is deterministic.</remarks>
public static class BundleReader
{
    /// <summary>Reads the bundle at <paramref name="path"/> with the built-in readers and default limits.</summary>
    public static BundleReadResult Read(string path, TimeProvider time) => Read(path, time, BundleReadOptions.Default, ReaderRegistry.BuiltIn);

    /// <summary>Reads the bundle at <paramref name="path"/> with the given limits and readers.</summary>
    public static BundleReadResult Read(string path, TimeProvider time, BundleReadOptions options, ReaderRegistry readers)
    {
        try
        {
            return ReadCore(path, time, options, readers);
        }
        catch (Exception e)
        {
            return BundleReadResult.Failure($"{path}: could not be read: {e.GetType().Name}: {e.Message}");
        }
    }

    private static BundleReadResult ReadCore(string path, TimeProvider time, BundleReadOptions options, ReaderRegistry readers)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return BundleReadResult.Failure("no bundle path given");
        }
        List<BundleFile> files;
        List<(string Path, string Message)> skipped;
        string? extracted = null;
        if (Directory.Exists(path))
        {
            (files, skipped) = BundleContents.FromDirectory(path);
        }
        else if (File.Exists(path))
        {
            if (!LooksLikeArchive(path))
            {
                return BundleReadResult.Failure($"{path}: not an evidence bundle: expected a directory or a .tar.gz (or .tgz, .tar) archive");
            }
            extracted = Directory.CreateTempSubdirectory("ff-bundle-").FullName;
            var (archived, archiveSkipped, error) = BundleContents.FromArchive(path, extracted, options);
            if (error is not null)
            {
                DeleteQuietly(extracted);
                return BundleReadResult.Failure(error);
            }
            files = archived;
            skipped = archiveSkipped;
        }
        else
        {
            return BundleReadResult.Failure($"{path}: no such file or directory");
        }
        try
        {
            return ReadFiles(path, files, skipped, time, options, readers);
        }
        finally
        {
            if (extracted is not null)
            {
                DeleteQuietly(extracted);
            }
        }
    }

    /// <summary>Reads listed bundle files (from a directory, an archive or memory) into evidence.</summary>
    internal static BundleReadResult ReadFiles(string path, List<BundleFile> files, List<(string Path, string Message)> skipped, TimeProvider time, BundleReadOptions options, ReaderRegistry readers)
    {
        var budget = new ReadBudget(options.MaxReadBytesPerFile, options.MaxBundleBytes);
        foreach (var f in files)
        {
            f.Budget = budget;
        }

        var probe = new ReadContext(new EvidenceSet(), time, options);
        var incident = new IncidentInfo();
        var incidentFile = files.FirstOrDefault(IncidentFile.Is);
        if (incidentFile is not null)
        {
            try
            {
                incident = IncidentFile.Read(incidentFile, probe);
            }
            catch (Exception e)
            {
                probe.Warn(incidentFile.Path, null, $"could not be read: {e.GetType().Name}: {e.Message}");
            }
        }
        var evidence = new EvidenceSet { Origin = path, Incident = incident };
        var context = new ReadContext(evidence, time, options);
        evidence.Warnings.AddRange(probe.Evidence.Warnings);
        if (incidentFile is not null)
        {
            evidence.Files.Add(new SourceFile(incidentFile.Path, "incident", 0));
        }
        foreach (var (skippedPath, message) in skipped)
        {
            context.Warn(skippedPath, null, message);
        }

        foreach (var file in files)
        {
            if (ReferenceEquals(file, incidentFile))
            {
                continue;
            }
            if (file.Path == "manifest.json")
            {
                // ff collect's record of its queries: provenance, not evidence.
                evidence.Files.Add(new SourceFile(file.Path, "manifest", 0));
                continue;
            }
            ReadFile(file, readers, context);
        }

        if (evidence.IsEmpty)
        {
            context.Warn(path, null, "bundle has no evidence");
        }
        return BundleReadResult.Success(evidence);
    }

    /// <summary>Reads a file given outside a bundle (a command-line argument) as if it sat in <paramref name="folder"/>; a file that cannot be opened is a warning.</summary>
    internal static void ReadLooseFile(string path, string folder, ReaderRegistry readers, ReadContext context)
    {
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            context.Warn(path, null, $"could not be read: {e.Message}");
            return;
        }
        var file = new BundleFile(path.Replace('\\', '/'), length, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan), folder);
        ReadFile(file, readers, context);
    }

    internal static void ReadFile(BundleFile file, ReaderRegistry readers, ReadContext context)
    {
        IEvidenceReader? reader;
        try
        {
            reader = readers.Find(file);
        }
        catch (Exception e)
        {
            context.Warn(file.Path, null, $"not read: could not tell its format: {e.GetType().Name}: {e.Message}");
            context.Evidence.Files.Add(new SourceFile(file.Path, "unknown", 0));
            return;
        }
        if (reader is null)
        {
            context.Warn(file.Path, null, "not read: unknown file type");
            context.Evidence.Files.Add(new SourceFile(file.Path, "unknown", 0));
            return;
        }
        var items = 0;
        try
        {
            items = reader.Read(file, context);
        }
        catch (Exception e)
        {
            context.Warn(file.Path, null, $"could not be read: {e.GetType().Name}: {e.Message}");
        }
        context.Evidence.Files.Add(new SourceFile(file.Path, reader.Kind, items));
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temporary directory left behind is not worth failing the investigation for.
        }
    }

    private static bool LooksLikeArchive(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".tar", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        return BundleContents.IsGzip(s);
    }
}
