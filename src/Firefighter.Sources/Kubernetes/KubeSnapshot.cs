using Firefighter.Evidence;
using Firefighter.Sources.Bundles;

namespace Firefighter.Sources.Kubernetes;

/// <summary>Reads files given on the command line (<c>ff k8s scan --snapshot</c>) with the bundle's k8s/ readers, so a snapshot accepts
/// what a bundle's k8s/ folder does: <c>kubectl get -o json|yaml</c>, <c>kubectl get events</c> tables and <c>kubectl describe</c> text.</summary>
/// <remarks>Never throws: a missing path is a failed result; what cannot be read inside a file is a warning naming the file and line.</remarks>
public static class KubeSnapshot
{
    private static readonly string[] IncidentFiles = ["incident.yaml", "incident.yml", "incident.json"];

    /// <summary>Reads every file (directories recursively, in path order; a bundle directory contributes its k8s/ folder and its incident.yaml).</summary>
    public static BundleReadResult Read(IReadOnlyList<string> paths, TimeProvider time) => Read(paths, time, ReaderRegistry.BuiltIn);

    /// <summary>Reads every file with the given readers.</summary>
    public static BundleReadResult Read(IReadOnlyList<string> paths, TimeProvider time, ReaderRegistry readers)
    {
        // A bundle given as a snapshot lends its incident.yaml (captured_at dates relative event ages, namespace fills gaps).
        var probe = new ReadContext(new EvidenceSet(), time, BundleReadOptions.Default);
        var incident = new IncidentInfo();
        foreach (var path in paths)
        {
            var file = Directory.Exists(path) ? IncidentFiles.Select(n => Path.Combine(path, n)).FirstOrDefault(File.Exists) : null;
            if (file is not null)
            {
                var full = file;
                incident = IncidentFile.Read(new BundleFile(Path.GetFileName(file), new FileInfo(file).Length, () => File.OpenRead(full)), probe);
                break;
            }
        }
        var evidence = new EvidenceSet { Origin = string.Join(", ", paths), Incident = incident };
        evidence.Warnings.AddRange(probe.Evidence.Warnings);
        var context = new ReadContext(evidence, time, BundleReadOptions.Default);
        foreach (var path in paths)
        {
            List<string> files;
            if (Directory.Exists(path))
            {
                var root = Directory.Exists(Path.Combine(path, "k8s")) ? Path.Combine(path, "k8s") : path;
                var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden };
                files = [.. Directory.EnumerateFiles(root, "*", options).Order(StringComparer.Ordinal)];
            }
            else if (File.Exists(path))
            {
                files = [path];
            }
            else
            {
                return BundleReadResult.Failure($"{path}: no such file or directory");
            }
            foreach (var f in files)
            {
                BundleReader.ReadLooseFile(f, "k8s", readers, context);
            }
        }
        return BundleReadResult.Success(evidence);
    }
}
