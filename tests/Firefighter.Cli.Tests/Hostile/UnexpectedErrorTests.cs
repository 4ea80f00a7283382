using System.Text;

namespace Firefighter.Cli.Tests.Hostile;

/// <summary>No exception reaches the user as a stack trace: one line and exit 3, the trace only with --debug (issue 16).</summary>
public class UnexpectedErrorTests
{
    /// <summary>Stdout that fails on write, as a closed pipe does.</summary>
    private sealed class BrokenPipe : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => throw new IOException("Broken pipe");
    }

    private static async Task<(int Code, string Err)> Run(TextWriter stdout, params string[] args)
    {
        var e = new StringWriter();
        var code = await Cli.RunAsync(args, new CliContext { Out = stdout, Error = e });
        return (code, e.ToString());
    }

    private static string Log()
    {
        var path = Path.Combine(Path.GetTempPath(), "ff-unexpected-" + Guid.NewGuid().ToString("N") + ".log");
        File.WriteAllText(path, "2024-01-01T10:00:00Z INFO hello world\n");
        return path;
    }

    [Fact]
    public async Task UnexpectedException_IsOneLineAndExit3()
    {
        var log = Log();
        try
        {
            var (code, err) = await Run(new BrokenPipe(), "logs", "patterns", log);

            code.ShouldBe(ExitCodes.CannotRun);
            err.Trim().Split('\n').Length.ShouldBe(1);
            err.ShouldContain("ff: internal error: IOException: Broken pipe");
            err.ShouldContain("--debug");
            err.ShouldNotContain("   at ");
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public async Task UnexpectedException_WithDebug_PrintsTheTrace()
    {
        var log = Log();
        try
        {
            var (code, err) = await Run(new BrokenPipe(), "logs", "patterns", log, "--debug");

            code.ShouldBe(ExitCodes.CannotRun);
            err.ShouldContain("ff: internal error: IOException: Broken pipe");
            err.ShouldContain("   at ");
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public async Task MetricsScoresToAnUnwritablePath_IsAClearErrorNotATrace()
    {
        var csv = Path.Combine(Path.GetTempPath(), "ff-scores-" + Guid.NewGuid().ToString("N") + ".csv");
        var sb = new StringBuilder("timestamp,value\n");
        for (var i = 0; i < 50; i++)
        {
            sb.Append(1_705_327_200 + (i * 60)).Append(',').Append(i % 7).Append('\n');
        }
        File.WriteAllText(csv, sb.ToString());
        try
        {
            var (code, err) = await Run(new StringWriter(), "metrics", "detect", csv, "--scores", "/proc/ff-no-such-dir/scores.csv");

            code.ShouldBe(ExitCodes.CannotRun);
            err.ShouldContain("cannot write /proc/ff-no-such-dir/scores.csv");
            err.ShouldNotContain("   at ");
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task MaskMatchingTheEmptyString_IsRejectedAsAUsageError()
    {
        var log = Log();
        try
        {
            var (code, err) = await Run(new StringWriter(), "logs", "patterns", log, "--mask", "X=a*");

            code.ShouldBe(ExitCodes.Usage);
            err.ShouldContain("matches the empty string");
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public async Task RandomBytesLog_PatternsRunsWithoutException()
    {
        var path = Path.Combine(Path.GetTempPath(), "ff-random-" + Guid.NewGuid().ToString("N") + ".log");
        var bytes = new byte[200_000];
        new Random(16).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        try
        {
            var (code, err) = await Run(new StringWriter(), "logs", "patterns", path, "--json");

            code.ShouldBe(ExitCodes.Ok);
            err.ShouldNotContain("internal error");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
