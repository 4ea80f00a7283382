using System.Text;
using Firefighter.Evidence;

namespace Firefighter.Sources.Tests.Readers;

public class LogFileReaderTests
{
    private const string CriLog = "logs/production_api-7f9c8d6b5-x2x7k_api.log";

    [Fact]
    public void CriLog_TiesRecordsToPodAndJoinsStackTraceAndPartials()
    {
        using var bundle = new TestBundle().Copy(CriLog, TestBundle.Fixture("production_api-7f9c8d6b5-x2x7k_api.log"));

        var logs = bundle.ReadOk().Logs;

        logs.ShouldAllBe(l => l.Entity == new EntityRef("Pod", "production", "api-7f9c8d6b5-x2x7k"));
        logs.ShouldAllBe(l => l.Fields["container"] == "api");
        logs.Count.ShouldBe(5);
        logs[0].Message.ShouldBe("Starting Application v1.14.0"); // the header (thread, logger) is stripped by the one header parser
        logs[0].Level.ShouldBe(LogLevel.Info);
        logs[0].Timestamp.ShouldBe(new DateTimeOffset(2024, 1, 15, 14, 20, 2, TimeSpan.Zero).AddTicks(1012345));
        var error = logs[2];
        error.Level.ShouldBe(LogLevel.Error);
        error.Ref.ShouldBe(new EvidenceRef(CriLog, 3));
        error.Message.ShouldStartWith("Failed to warm cache\njava.lang.OutOfMemoryError: Java heap space\n\tat java.base/java.util.Arrays.copyOf");
        error.Fields["stream"].ShouldBe("stderr");
        var joined = logs[3];
        joined.Ref.Line.ShouldBe(7);
        joined.Message.ShouldBe("request failed: upstream timeout");
        joined.Level.ShouldBe(LogLevel.Error);
        joined.Fields["path"].ShouldBe("/v1/orders");
        logs[4].Level.ShouldBe(LogLevel.Warn);
    }

    [Fact]
    public void DockerJsonFile_JoinsPartialLinesAndStackTraces()
    {
        using var bundle = new TestBundle().Copy("logs/orders-docker.log", TestBundle.Fixture("orders-docker.log"));

        var logs = bundle.ReadOk().Logs;

        logs.Count.ShouldBe(3);
        logs[0].Level.ShouldBe(LogLevel.Warn);
        logs[0].Message.ShouldBe("pool exhausted, waiting for connection");
        logs[0].Entity.ShouldBe(new EntityRef("Log", null, "orders-docker"));
        logs[1].Message.ShouldBe("Exception in thread \"main\" java.lang.IllegalStateException: boom\n\tat com.acme.orders.Main.run(Main.java:12)");
        logs[1].Ref.Line.ShouldBe(2);
        logs[2].Message.ShouldBe("a very long line split by the runtime, part one and part two");
    }

    [Fact]
    public void PlainLog_CommaMillisAndContinuationLines()
    {
        using var bundle = new TestBundle().Copy("logs/payments.log", TestBundle.Fixture("payments.log"));

        var evidence = bundle.ReadOk();
        var logs = evidence.Logs;

        logs.Count.ShouldBe(3);
        logs[1].Timestamp.ShouldBe(new DateTimeOffset(2024, 1, 15, 14, 22, 46, 1, TimeSpan.Zero));
        logs[1].Level.ShouldBe(LogLevel.Error);
        logs[1].Message.Split('\n').Length.ShouldBe(6);
        logs[1].Message.ShouldContain("Caused by: java.io.IOException: connect timed out\n\t... 12 more");
        logs[2].Ref.Line.ShouldBe(8);
        evidence.Warnings.ShouldContain(w => w.Source == "logs/payments.log" && w.Line == 1 && w.Message == "timestamps have no time zone; assumed UTC");
        evidence.Warnings.Count(w => w.Message.Contains("time zone")).ShouldBe(1);
    }

    [Fact]
    public void Syslog_TakesYearFromIncidentAndWarns()
    {
        using var bundle = new TestBundle()
            .Text("incident.yaml", "captured_at: 2023-01-15T15:00:00Z\n")
            .Copy("logs/syslog", TestBundle.Fixture("syslog"));

        var evidence = bundle.ReadOk();

        evidence.Logs[0].Timestamp.ShouldBe(new DateTimeOffset(2023, 1, 15, 14, 22, 45, TimeSpan.Zero));
        evidence.Logs[1].Timestamp.ShouldBe(new DateTimeOffset(2023, 1, 5, 9, 1, 2, TimeSpan.Zero));
        evidence.Logs[1].Message.ShouldBe("Started Session 42 of user admin."); // syslog host and tag are header
        evidence.Warnings.ShouldContain(w => w.Source == "logs/syslog" && w.Line == 1 && w.Message.Contains("no year") && w.Message.Contains("2023"));
    }

    [Fact]
    public void JsonLinesAndLogfmt_ReadLevelMessageTimeAndFields()
    {
        using var bundle = new TestBundle().Copy("logs/app.jsonl", TestBundle.Fixture("app.jsonl"));

        var logs = bundle.ReadOk().Logs;

        logs.Count.ShouldBe(4);
        logs[0].Message.ShouldBe("db query failed");
        logs[0].Level.ShouldBe(LogLevel.Error);
        logs[0].Fields["db"].ShouldBe("""{"host":"pg-1","port":5432}""");
        logs[0].Fields["duration_ms"].ShouldBe("1204");
        logs[1].Timestamp.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1705328566500));
        logs[1].Level.ShouldBe(LogLevel.Warn);
        logs[2].Timestamp.ShouldBe(new DateTimeOffset(2024, 1, 15, 13, 22, 47, TimeSpan.Zero));
        logs[2].Level.ShouldBe(LogLevel.Info);
        logs[3].Message.ShouldBe("dial tcp 10.0.0.5:5432: connect: connection refused");
        logs[3].Fields["attempt"].ShouldBe("3");
        logs[3].Timestamp.ShouldBe(new DateTimeOffset(2024, 1, 15, 14, 22, 48, TimeSpan.Zero));
    }

    [Fact]
    public void GzippedLog_IsDecompressed()
    {
        using var bundle = new TestBundle().Gzip("logs/payments.log.gz", File.ReadAllBytes(TestBundle.Fixture("payments.log")));

        var evidence = bundle.ReadOk();

        evidence.Logs.Count.ShouldBe(3);
        evidence.Logs[0].Ref.Source.ShouldBe("logs/payments.log.gz");
        evidence.Logs[0].Entity!.Name.ShouldBe("payments");
    }

    [Fact]
    public void TruncatedGzip_KeepsRecordsReadAndWarnsWithLine()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 5000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"2024-01-15T14:00:00Z INFO request {i} served in {i % 97} ms by worker {i % 7}\n");
        }
        using var full = new TestBundle().Gzip("logs/x.log.gz", Encoding.UTF8.GetBytes(text.ToString()));
        var gz = File.ReadAllBytes(Path.Combine(full.Root, "logs", "x.log.gz"));
        using var bundle = new TestBundle().Bytes("logs/x.log.gz", gz[..(gz.Length / 2)]);

        var evidence = bundle.ReadOk();

        evidence.Logs.Count.ShouldBeGreaterThan(0);
        evidence.Logs.Count.ShouldBeLessThan(5000);
        var warning = evidence.Warnings.ShouldHaveSingleItem();
        warning.Source.ShouldBe("logs/x.log.gz");
        warning.Line.ShouldNotBeNull();
        warning.Message.ShouldContain("truncated or corrupt gzip");
    }

    [Fact]
    public void BinaryFile_IsNotReadAndWarned()
    {
        using var bundle = new TestBundle().Bytes("logs/core.dump", [0x7f, (byte)'E', (byte)'L', (byte)'F', 0, 0, 1, 2, 3]);

        var evidence = bundle.ReadOk();

        evidence.Logs.ShouldBeEmpty();
        evidence.Warnings.ShouldContain(w => w.Source == "logs/core.dump" && w.Message.Contains("binary file"));
    }

    [Fact]
    public void TenMegabyteLine_IsTruncatedTo64KbAndWarned()
    {
        var big = "2024-01-15T14:00:00Z ERROR " + new string('a', 10 * 1024 * 1024);
        using var bundle = new TestBundle().Text("logs/big.log", "2024-01-15T13:59:59Z INFO before\n" + big + "\n2024-01-15T14:00:01Z INFO after\n");

        var evidence = bundle.ReadOk();

        evidence.Logs.Count.ShouldBe(3);
        evidence.Logs[1].Level.ShouldBe(LogLevel.Error);
        evidence.Logs[1].Message.Length.ShouldBeLessThanOrEqualTo(64 * 1024);
        evidence.Logs[1].Message.Length.ShouldBeGreaterThan(60 * 1024);
        evidence.Logs[2].Message.ShouldBe("after");
        evidence.Logs[2].Ref.Line.ShouldBe(3);
        evidence.Warnings.ShouldContain(w => w.Source == "logs/big.log" && w.Line == 2 && w.Message.Contains("truncated to 64 KB"));
    }

    [Fact]
    public void InvalidUtf8_IsReplacedAndWarnedOncePerFile()
    {
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes("2024-01-15T14:00:00Z INFO ok\n2024-01-15T14:00:01Z ERROR bad "));
        bytes.AddRange(new byte[] { 0xC3, 0x28, 0xFF });
        bytes.AddRange(Encoding.UTF8.GetBytes("\n2024-01-15T14:00:02Z ERROR again "));
        bytes.Add(0xFE);
        bytes.AddRange("\n"u8.ToArray());
        using var bundle = new TestBundle().Bytes("logs/latin.log", [.. bytes]);

        var evidence = bundle.ReadOk();

        evidence.Logs[1].Message.ShouldContain("\uFFFD");
        var warning = evidence.Warnings.Where(w => w.Message.Contains("UTF-8")).ShouldHaveSingleItem();
        warning.Source.ShouldBe("logs/latin.log");
        warning.Line.ShouldBe(2);
        warning.Message.ShouldContain("2 line(s)");
    }

    [Fact]
    public void KubeletContainerLogName_PodFirstWithContainerId()
    {
        var id = new string('a', 64);
        using var bundle = new TestBundle().Text($"logs/api-1_production_api-{id}.log", "2024-01-15T14:00:00.1Z stdout F hello\n");

        var record = bundle.ReadOk().Logs.ShouldHaveSingleItem();

        record.Entity.ShouldBe(new EntityRef("Pod", "production", "api-1"));
        record.Fields["container"].ShouldBe("api");
    }
}
