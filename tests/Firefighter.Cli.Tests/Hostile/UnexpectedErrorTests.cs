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

    /// <summary>A temporary file deleted at the end of the test.</summary>
    private sealed class TempFile : IDisposable
    {
        public TempFile(string extension, byte[] content)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ff-unexpected-" + Guid.NewGuid().ToString("N") + extension);
            File.WriteAllBytes(Path, content);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }

    private static TempFile Log() => new(".log", Encoding.UTF8.GetBytes("2024-01-01T10:00:00Z INFO hello world\n"));

    [Fact]
    public async Task UnexpectedException_IsOneLineAndExit3()
    {
        using var log = Log();
        var (code, err) = await Run(new BrokenPipe(), "logs", "patterns", log.Path);

        code.ShouldBe(ExitCodes.CannotRun);
        err.Trim().Split('\n').Length.ShouldBe(1);
        err.ShouldContain("ff: internal error: IOException: Broken pipe");
        err.ShouldContain("--debug");
        err.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task UnexpectedException_WithDebug_PrintsTheTrace()
    {
        using var log = Log();
        var (code, err) = await Run(new BrokenPipe(), "logs", "patterns", log.Path, "--debug");

        code.ShouldBe(ExitCodes.CannotRun);
        err.ShouldContain("ff: internal error: IOException: Broken pipe");
        err.ShouldContain("   at ");
    }

    [Fact]
    public async Task MetricsScoresToAnUnwritablePath_IsAClearErrorNotATrace()
    {
        var sb = new StringBuilder("timestamp,value\n");
        for (var i = 0; i < 50; i++)
        {
            sb.Append(1_705_327_200 + (i * 60)).Append(',').Append(i % 7).Append('\n');
        }
        using var csv = new TempFile(".csv", Encoding.UTF8.GetBytes(sb.ToString()));

        var (code, err) = await Run(new StringWriter(), "metrics", "detect", csv.Path, "--scores", "/proc/ff-no-such-dir/scores.csv");

        code.ShouldBe(ExitCodes.CannotRun);
        err.ShouldContain("cannot write /proc/ff-no-such-dir/scores.csv");
        err.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task MaskMatchingTheEmptyString_IsRejectedAsAUsageError()
    {
        using var log = Log();
        var (code, err) = await Run(new StringWriter(), "logs", "patterns", log.Path, "--mask", "X=a*");

        code.ShouldBe(ExitCodes.Usage);
        err.ShouldContain("matches the empty string");
    }

    [Fact]
    public async Task RandomBytesLog_PatternsRunsWithoutException()
    {
        var bytes = new byte[200_000];
        new Random(16).NextBytes(bytes);
        using var log = new TempFile(".log", bytes);

        var (code, err) = await Run(new StringWriter(), "logs", "patterns", log.Path, "--json");

        // Binary input is not text to mine: a warning naming the file and "could not run" (no text left), never an exception.
        code.ShouldBe(ExitCodes.CannotRun);
        err.ShouldContain(Path.GetFileName(log.Path));
        err.ShouldNotContain("internal error");
    }
}
