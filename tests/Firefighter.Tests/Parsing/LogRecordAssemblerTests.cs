using Firefighter.Evidence;
using Firefighter.Parsing;

namespace Firefighter.Tests.Parsing;

public class LogRecordAssemblerTests
{
    private static List<LogRecord> Assemble(params string[] lines)
    {
        var output = new List<LogRecord>();
        var a = new LogRecordAssembler("logs/x.log", new EntityRef("Pod", "ns", "p"), new Dictionary<string, string>(), 2024, 1 << 20, output);
        for (var i = 0; i < lines.Length; i++)
        {
            a.Feed(i + 1, lines[i]);
        }
        a.Flush();
        return output;
    }

    [Theory]
    [InlineData("2024-01-15T14:22:45Z Information starting", LogLevel.Info)]
    [InlineData("2024-01-15T14:22:45Z EMERGENCY disk gone", LogLevel.Fatal)]
    [InlineData("2024-01-15T14:22:45Z [WARN] slow", LogLevel.Warn)]
    [InlineData("E0115 14:22:45.123456    1 controller.go:42] sync failed", LogLevel.Error)]
    [InlineData("{\"level\":50,\"msg\":\"pino error\"}", LogLevel.Error)]
    [InlineData("{\"severity\":\"CRITICAL\",\"message\":\"boom\"}", LogLevel.Fatal)]
    public void The_bundle_reader_and_the_miner_read_the_same_level(string line, LogLevel level)
    {
        Assemble(line).Single().Level.ShouldBe(level);
        new LogLineParser(null).Parse(line).Level.ShouldBe(level);
    }

    [Fact]
    public void Klog_time_takes_the_default_year_and_is_reported_yearless()
    {
        var output = new List<LogRecord>();
        var a = new LogRecordAssembler("logs/x.log", new EntityRef("Log", null, "x"), new Dictionary<string, string>(), 2024, 4096, output);
        a.Feed(3, "I0115 14:22:45.123456    1 controller.go:42] synced");
        a.Flush();

        output.Single().Timestamp.ShouldBe(new DateTimeOffset(2024, 1, 15, 14, 22, 45, 123, 456, TimeSpan.Zero));
        output.Single().Message.ShouldBe("synced");
        a.FirstYearlessLine.ShouldBe(3);
    }

    [Fact]
    public void A_collectors_timestamp_before_the_apps_own_clock_keeps_the_apps_level()
    {
        var r = Assemble("2023-01-29T14:48:16.20546859Z 22:48:16.205 ERROR e.s.ExecuteServiceImpl#51 ticket execute error").Single();

        r.Level.ShouldBe(LogLevel.Error);
        r.Timestamp.ShouldBe(new DateTimeOffset(2023, 1, 29, 14, 48, 16, TimeSpan.Zero).AddTicks(2054685));
    }

    [Fact]
    public void An_invalid_surrogate_escape_costs_one_character_not_the_line()
    {
        var r = Assemble("{\"msg\":\"bad \\ud800 char\",\"level\":\"error\"}").Single();

        r.Message.ShouldBe("bad \uFFFD char");
        r.Level.ShouldBe(LogLevel.Error);
    }

    [Fact]
    public void An_offset_beyond_fourteen_hours_is_not_a_timestamp_and_not_a_crash()
    {
        var r = Assemble("{\"msg\":\"x\",\"time\":\"2024-01-15T14:22:45+23:00\"}").Single();

        r.Timestamp.ShouldBeNull();
        Timestamps.TryParse("2024-01-15 14:22:45 +2300", 2024, out _, out _).ShouldBeFalse();
    }

    [Fact]
    public void Stack_traces_and_logfmt_after_a_timestamp_are_one_parser_each()
    {
        var logs = Assemble(
            "2024-01-15 14:22:45.100 ERROR [main] c.a.Api - request failed",
            "java.lang.IllegalStateException: boom",
            "\tat c.a.Api.run(Api.java:12)",
            "2024-01-15T14:22:46Z level=warn msg=\"retrying\" attempt=2");

        logs.Count.ShouldBe(2);
        logs[0].Message.ShouldBe("request failed\njava.lang.IllegalStateException: boom\n\tat c.a.Api.run(Api.java:12)");
        logs[1].Level.ShouldBe(LogLevel.Warn);
        logs[1].Message.ShouldBe("retrying");
        logs[1].Fields["attempt"].ShouldBe("2");
    }

    [Theory]
    [InlineData("logs/shop_api-7d9f_app.previous.log", "api-7d9f", "app", true)]
    [InlineData("logs/shop_api-7d9f_app.log", "api-7d9f", "app", false)]
    [InlineData("logs/shop_api-7d9f_app.previous.log.gz", "api-7d9f", "app", true)]
    public void A_previous_containers_log_belongs_to_the_pod_and_container(string path, string pod, string container, bool previous)
    {
        var (entity, c, p) = LogEntities.Describe(path, Path.GetFileNameWithoutExtension(path));

        entity.ShouldBe(new EntityRef("Pod", "shop", pod));
        c.ShouldBe(container);
        p.ShouldBe(previous);
    }
}
