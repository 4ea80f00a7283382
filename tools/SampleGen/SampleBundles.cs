using Firefighter.SampleGen.Common;
using Firefighter.SampleGen.Scenarios;

namespace Firefighter.SampleGen;

/// <summary>Entry point of the generator: writes every sample bundle into a samples directory, byte-identically on every run.</summary>
public static class SampleBundles
{
    /// <summary>The scenarios, one per bundle directory.</summary>
    public static IReadOnlyList<IScenario> Scenarios { get; } =
    [
        new OomAfterDeployScenario(),
        new DbConnectionRefusedScenario(),
        new HealthyScenario(),
    ];

    /// <summary>Writes all bundles under <paramref name="samplesDir"/> (each bundle directory is recreated) and returns the bundle directories written.</summary>
    public static IReadOnlyList<string> GenerateAll(string samplesDir)
    {
        var written = new List<string>();
        foreach (var scenario in Scenarios)
        {
            written.Add(Generate(scenario, samplesDir));
        }
        return written;
    }

    /// <summary>Writes one bundle under <paramref name="samplesDir"/> and returns its directory.</summary>
    public static string Generate(IScenario scenario, string samplesDir)
    {
        var dir = Path.Combine(samplesDir, scenario.Name);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
        Directory.CreateDirectory(dir);
        scenario.Write(new Bundle(dir));
        return dir;
    }

    /// <summary>The repository root: the first directory above <paramref name="start"/> holding Firefighter.slnx.</summary>
    public static string FindRepoRoot(string start)
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Firefighter.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Firefighter.slnx not found above " + start);
    }
}
