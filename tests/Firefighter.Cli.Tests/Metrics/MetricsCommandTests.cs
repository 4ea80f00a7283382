using System.Globalization;
using System.Text;

namespace Firefighter.Cli.Tests.Metrics;

public sealed class MetricsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ff-metrics-cli").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await Cli.RunAsync(args, new CliContext { Out = o, Error = e });
        return (code, o.ToString(), e.ToString());
    }

    private string WriteCsv(string name, Func<int, double> f, int n, string? series = null)
    {
        var sb = new StringBuilder(series is null ? "timestamp,value\n" : "timestamp,series,value\n");
        var rng = new Random(3);
        for (var i = 0; i < n; i++)
        {
            var t = 1_700_000_000 + (i * 300);
            var v = (f(i) + rng.NextDouble()).ToString(CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $"{t},").Append(series is null ? "" : series + ",").Append(v).Append('\n');
        }
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public async Task Detect_WritesOneScorePerRowAndReportsTheShift()
    {
        var file = WriteCsv("latency.csv", i => i >= 1200 ? 40 : 10 + Math.Sin(i / 20.0), 1500);
        var scores = Path.Combine(_dir, "scores.csv");
        var (code, stdout, _) = await Run("metrics", "detect", file, "--scores", scores);
        code.ShouldBe(ExitCodes.Problems);
        stdout.ShouldContain("level shift up");
        stdout.ShouldContain("beyond-range: normal ");
        var lines = File.ReadAllLines(scores);
        lines[0].ShouldBe("timestamp,value,anomaly_score");
        lines.Length.ShouldBe(1501);
        var s = lines.Skip(1).Select(l => double.Parse(l.Split(',')[2], CultureInfo.InvariantCulture)).ToArray();
        s.ShouldAllBe(x => x >= 0 && x <= 1);
        Array.IndexOf(s, s.Max()).ShouldBeInRange(1200, 1210);
    }

    [Fact]
    public async Task Detect_Json_ExplainsEachAnomaly()
    {
        var file = WriteCsv("cpu.csv", i => i >= 1200 ? 40 : 10 + Math.Sin(i / 20.0), 1500);
        var (code, stdout, _) = await Run("metrics", "detect", file, "--json");
        code.ShouldBe(ExitCodes.Problems);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        var anomalies = doc.RootElement.GetProperty("files")[0].GetProperty("anomalies").EnumerateArray().ToList();
        var shift = anomalies.Single(a => a.GetProperty("value").GetDouble() > 35);
        shift.GetProperty("kind").GetString().ShouldBe("beyond-range");
        shift.GetProperty("normalHigh").GetDouble().ShouldBeInRange(10.0, 20.0);
    }

    [Fact]
    public async Task Screen_RanksTheShiftedSeriesFirst_AsJson()
    {
        var a = WriteCsv("a.csv", _ => 10, 300, "cpu");
        var b = WriteCsv("b.csv", i => i >= 200 ? 90 : 10, 300, "memory");
        var (code, stdout, _) = await Run("metrics", "screen", a, b, "--json");
        code.ShouldBe(ExitCodes.Problems);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        doc.RootElement.GetProperty("series")[0].GetProperty("series").GetString().ShouldBe("memory");
        doc.RootElement.GetProperty("firstMover").GetString().ShouldBe("memory");
    }

    [Fact]
    public async Task Screen_WithoutInput_IsUsageError()
    {
        (await Run("metrics", "screen")).Code.ShouldBe(ExitCodes.Usage);
    }

    [Fact]
    public async Task Screen_ReadsExpositionScrapes_MergingSnapshotsOfOneTarget()
    {
        // 60 scrapes a minute apart, one file each: api's memory jumps at scrape 40, db's stays flat.
        for (var i = 0; i < 60; i++)
        {
            var t = 1_700_000_000 + (i * 60);
            File.WriteAllText(Path.Combine(_dir, $"api-{t}.prom"), $"# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes {(i >= 40 ? 900 : 100) + (i % 3)}\n");
            File.WriteAllText(Path.Combine(_dir, $"db-{t}.prom"), $"# scraped at {t}\nprocess_resident_memory_bytes {200 + (i % 3)}\n");
        }
        var files = Directory.GetFiles(_dir, "*.prom").Order(StringComparer.Ordinal).ToArray();

        var (code, stdout, stderr) = await Run(["metrics", "screen", .. files, "--json"]);

        stderr.ShouldBeEmpty();
        code.ShouldBe(ExitCodes.Problems);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout);
        doc.RootElement.GetProperty("series").GetArrayLength().ShouldBe(2);
        doc.RootElement.GetProperty("series")[0].GetProperty("series").GetString().ShouldBe("process_resident_memory_bytes{instance=\"api\"}");
        doc.RootElement.GetProperty("onset").GetString().ShouldBe("2023-11-14T22:53:20Z");
    }

    [Fact]
    public async Task Detect_BadExpositionLine_IsOneLineWarningNamingFileAndLine()
    {
        var file = Path.Combine(_dir, "x.prom");
        File.WriteAllText(file, "up{job=\"a 1 1700000000000\nup 1 1700000000000\n");

        var (code, stdout, stderr) = await Run("metrics", "detect", file);

        code.ShouldBe(ExitCodes.Ok);
        stderr.Trim().ShouldBe($"ff: {file.Replace('\\', '/')}:1: quoted string not closed (line cut short?); line skipped");
        stdout.ShouldContain("(up{instance=\"x\"}): 1 rows");
    }

    [Theory]
    [InlineData("detect")]
    [InlineData("screen")]
    public async Task Files_that_yield_no_series_cannot_run_and_say_so(string verb)
    {
        var junk = Path.Combine(_dir, "junk.prom");
        File.WriteAllBytes(junk, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7 % 256))]);

        var (code, stdout, stderr) = await Run("metrics", verb, junk);

        code.ShouldBe(ExitCodes.CannotRun);
        stderr.ShouldContain("binary file");
        stderr.ShouldContain("no metric series could be read from " + junk);
        stdout.ShouldBeEmpty();
    }
}
