using System.Diagnostics;
using Firefighter.Testing;

namespace Firefighter.Cli.Tests.Commands;

/// <summary>Issue 15: the CLI a new user meets — help without arguments, no colour when asked, commands never wrapped when piped.</summary>
public sealed class CliPolishTests
{
    private static async Task<(int Code, string Out, string Err)> Run(bool interactive, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await Cli.RunAsync(args, new CliContext { Out = o, Error = e, BaseDirectory = RepoPaths.Root, Interactive = interactive });
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Ff_without_arguments_prints_help_and_exits_0()
    {
        var (code, stdout, stderr) = await Run(false);

        code.ShouldBe(ExitCodes.Ok, stderr);
        stdout.ShouldContain("Usage:");
        stdout.ShouldContain("investigate");
        stderr.ShouldBeEmpty();
    }

    [Fact]
    public async Task Piped_output_keeps_every_command_on_one_line()
    {
        var (_, stdout, _) = await Run(false, "investigate", RepoPaths.InRepo("samples", "oom-after-deploy"));

        stdout.Split('\n').ShouldContain(l => l.Contains("# verify: kubectl rollout status deployment/api -n production && kubectl top pods -n production -l app=api"));
    }

    [Fact]
    public void No_color_on_a_real_terminal_writes_no_escape_codes()
    {
        // `script` gives the process a pseudo-terminal, as a user's shell would; the colour codes of Spectre's fallback
        // (System.Console colours) only appear there, never in a redirected stream.
        var psi = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-qc", $"dotnet {Path.Combine(AppContext.BaseDirectory, "ff.dll")} investigate {RepoPaths.InRepo("samples", "healthy")} --no-color 2>/dev/null", "/dev/null" })
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();

        output.ShouldContain("Routine check after api v2.2.8 rollout");
        System.Text.RegularExpressions.Regex.IsMatch(output, @"\u001b\[[0-9;]*m").ShouldBeFalse(output[..Math.Min(200, output.Length)]);
    }

    [Fact]
    public async Task A_binary_file_given_to_logs_patterns_is_a_warning_and_exit_3_not_templates()
    {
        var path = Path.Combine(Path.GetTempPath(), "ff-binary-" + Guid.NewGuid().ToString("N") + ".log");
        var bytes = new byte[20000];
        new Random(3).NextBytes(bytes);
        bytes[100] = 0;
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var (code, stdout, stderr) = await Run(false, "logs", "patterns", path);

            code.ShouldBe(ExitCodes.CannotRun);
            stdout.ShouldBeEmpty();
            stderr.ShouldContain($"ff: warning: {path}: not read: binary file");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
