using System.Diagnostics;
using Firefighter.Testing;

namespace Firefighter.Cli.Tests.Commands;

/// <summary>The <c>./ff</c> wrapper rebuilds only when sources change: build outputs under obj/ and bin/ do not count (issue 15).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FfScriptTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ff-script").FullName;

    public FfScriptTests()
    {
        File.Copy(RepoPaths.InRepo("ff"), Path.Combine(_root, "ff"));
        foreach (var d in new[] { "src/Firefighter.Cli", "signatures", "artifacts/ff", "fakebin" })
        {
            Directory.CreateDirectory(Path.Combine(_root, d));
        }
        File.WriteAllText(Path.Combine(_root, "src/Firefighter.Cli/Program.cs"), "// source");
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_root, "Directory.Packages.props"), "<Project />");
        // A stand-in dotnet that records what it was asked to do.
        var fake = Path.Combine(_root, "fakebin", "dotnet");
        File.WriteAllText(fake, "#!/usr/bin/env bash\necho \"$1\" >> \"$(dirname \"$0\")/calls\"\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var dll = Path.Combine(_root, "artifacts/ff/ff.dll");
        File.WriteAllText(dll, "");
        var old = TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-2);
        foreach (var f in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(f, old);
        }
        File.SetLastWriteTimeUtc(dll, TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-1));
    }

    public void Dispose() => Directory.Delete(_root, true);

    private string[] RunFf()
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(Path.Combine(_root, "ff"));
        psi.ArgumentList.Add("--help");
        psi.Environment["PATH"] = Path.Combine(_root, "fakebin") + ":" + psi.Environment["PATH"];
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        var calls = Path.Combine(_root, "fakebin", "calls");
        return File.Exists(calls) ? File.ReadAllLines(calls) : [];
    }

    [Fact]
    public void Generated_files_under_obj_and_bin_do_not_trigger_a_rebuild()
    {
        foreach (var generated in new[] { "src/Firefighter.Cli/obj/Release/net10.0/Generated.cs", "src/Firefighter.Cli/bin/Release/signatures/x.yaml" })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(_root, generated))!);
            File.WriteAllText(Path.Combine(_root, generated), "// generated");
        }

        RunFf().ShouldNotContain(c => c == "publish" || c == "build");
    }

    [Fact]
    public void A_changed_source_file_triggers_a_rebuild()
    {
        File.SetLastWriteTimeUtc(Path.Combine(_root, "src/Firefighter.Cli/Program.cs"), TimeProvider.System.GetUtcNow().UtcDateTime);

        RunFf().ShouldContain(c => c == "publish" || c == "build");
    }
}
