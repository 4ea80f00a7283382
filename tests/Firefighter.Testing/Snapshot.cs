using System.Runtime.CompilerServices;

namespace Firefighter.Testing;

/// <summary>Snapshot assertions: compares text exactly with <c>Expectations/NAME</c> beside the calling test file; FF_ACCEPT=1 rewrites the file instead.</summary>
public static class Snapshot
{
    /// <summary>Asserts that <paramref name="actual"/> equals the verified file; throws with the first differing line otherwise.</summary>
    public static void Match(string actual, string fileName, [CallerFilePath] string callerPath = "")
    {
        var dir = Path.Combine(Path.GetDirectoryName(callerPath)!, "Expectations");
        var path = Path.Combine(dir, fileName);
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("FF_ACCEPT") == "1")
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(path, actual);
            return;
        }
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"No snapshot {path}; run the test with FF_ACCEPT=1 to create it, then review it.");
        }
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected == actual)
        {
            return;
        }
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var i = 0;
        while (i < e.Length && i < a.Length && e[i] == a[i])
        {
            i++;
        }
        throw new InvalidOperationException(
            $"Snapshot {fileName} differs at line {i + 1}:\n  expected: {(i < e.Length ? e[i] : "<end>")}\n  actual:   {(i < a.Length ? a[i] : "<end>")}\nRun with FF_ACCEPT=1 to accept the new output.");
    }
}
