namespace Firefighter.Testing;

/// <summary>Finds the repository root and the shared data folder (../shared) from a test or benchmark binary.</summary>
public static class RepoPaths
{
    /// <summary>The repository root (the folder holding Firefighter.slnx).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The shared folder beside the repository (formats, datasets); FF_SHARED overrides.</summary>
    public static string Shared => Environment.GetEnvironmentVariable("FF_SHARED") is { Length: > 0 } s ? s : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>A path under the repository root.</summary>
    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A path under the shared folder.</summary>
    public static string InShared(params string[] parts) => Path.Combine([Shared, .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Firefighter.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Firefighter.slnx not found above " + AppContext.BaseDirectory);
    }
}
