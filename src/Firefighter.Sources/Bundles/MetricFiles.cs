using Firefighter.Evidence;

namespace Firefighter.Sources.Bundles;

/// <summary>Reads metric files given on the command line (<c>ff metrics detect|screen FILE...</c>) with the bundle's metrics/ readers,
/// so a file accepted in a bundle (exposition scrapes, Prometheus API JSON, CSV) is accepted there too.</summary>
/// <remarks>Never throws: a missing file is a failed result; what cannot be read inside a file is a warning naming the file and line.
/// All files are read into one evidence set, so several scrapes of one target merge into series with several points.</remarks>
public static class MetricFiles
{
    /// <summary>Reads the files in the given order as if they sat under a bundle's metrics/ folder.</summary>
    public static BundleReadResult Read(IReadOnlyList<string> paths, TimeProvider time) => Read(paths, time, ReaderRegistry.BuiltIn);

    /// <summary>Reads the files with the given readers.</summary>
    public static BundleReadResult Read(IReadOnlyList<string> paths, TimeProvider time, ReaderRegistry readers)
    {
        var evidence = new EvidenceSet { Origin = string.Join(", ", paths) };
        var context = new ReadContext(evidence, time, BundleReadOptions.Default);
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                return BundleReadResult.Failure($"{path}: no such file");
            }
            BundleReader.ReadLooseFile(path, "metrics", readers, context);
        }
        return BundleReadResult.Success(evidence);
    }
}
