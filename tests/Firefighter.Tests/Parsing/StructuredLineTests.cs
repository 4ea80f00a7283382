using Firefighter.Evidence;
using Firefighter.Parsing;

namespace Firefighter.Tests.Parsing;

public class StructuredLineTests
{
    private static LineHeader Parse(string line, out string content)
    {
        var h = new LogLineParser(null).Parse(line.AsSpan());
        content = line[h.Content];
        return h;
    }

    [Fact]
    public void Json_line_gives_message_level_and_time_and_skips_nested_values()
    {
        var h = Parse("""{"nested":{"a":[1,{"msg":"}"}]},"ts":"2024-01-15T10:00:03Z","level":"error","msg":"db timeout after 30s"}""", out var content);
        content.ShouldBe("db timeout after 30s");
        h.Level.ShouldBe(LogLevel.Error);
        h.Time.ShouldBe(new DateTimeOffset(2024, 1, 15, 10, 0, 3, TimeSpan.Zero));
    }

    [Fact]
    public void Docker_json_file_line_is_unwrapped_and_its_inner_header_detected()
    {
        var h = Parse("""{"log":"2024-01-15T10:00:04.000Z WARN pool exhausted size=20\n","stream":"stderr","time":"2024-01-15T10:00:04.1Z"}""", out var content);
        content.ShouldBe("pool exhausted size=20");
        h.Level.ShouldBe(LogLevel.Warn);
    }

    [Fact]
    public void Cri_prefix_is_stripped_before_the_inner_header()
    {
        var h = Parse("2024-01-15T10:00:03.000Z stdout F 2024-01-15 10:00:03 ERROR user 43 failed", out var content);
        content.ShouldBe("user 43 failed");
        h.Level.ShouldBe(LogLevel.Error);
        h.Time.ShouldNotBeNull();
    }

    [Fact]
    public void Logfmt_line_gives_the_quoted_message_and_level()
    {
        var h = Parse("time=2024-01-15T10:00:02Z level=error msg=\"payment 7 failed\" err=\"card declined\"", out var content);
        content.ShouldBe("payment 7 failed");
        h.Level.ShouldBe(LogLevel.Error);
    }

    [Theory]
    [InlineData("{\"msg\": oops")]
    [InlineData("{\"msg\":\"unterminated}")]
    [InlineData("{\"a\":1}")]
    [InlineData("{")]
    [InlineData("msg=")]
    [InlineData("a=b msg=\"x")]
    public void Malformed_structured_lines_are_plain_text(string line)
    {
        StructuredLine.TryJson(line, out _).ShouldBeFalse();
        Parse(line, out var content);
        content.ShouldBe(line.Trim());
    }

    [Fact]
    public void Cri_needs_a_stream_and_a_partial_flag()
    {
        StructuredLine.TryCri("2024-01-15T10:00:03.000Z stdout X y", out _).ShouldBeFalse();
        StructuredLine.TryCri("2024-01-15T10:00:03.000Z stdin F y", out _).ShouldBeFalse();
        StructuredLine.TryCri("2024-01-15T10:00:03.000Z stderr P", out var p).ShouldBeTrue();
        p.Wrapped.ShouldBeTrue();
    }

    [Fact]
    public void Stack_trace_lines_without_a_header_are_continuations()
    {
        var p = new LogLineParser(null);
        foreach (var l in new[] { "\tat com.example.Foo.bar(Foo.java:42)", "Caused by: java.io.IOException: nope", "\t... 5 more", "java.lang.IllegalStateException: boom", "  File \"app.py\", line 3, in <module>" })
        {
            LogLineParser.IsContinuation(l, p.Parse(l.AsSpan())).ShouldBeTrue(l);
        }
        foreach (var l in new[] { "2024-01-15T10:00:04Z ERROR request failed", "plain message", "" })
        {
            LogLineParser.IsContinuation(l, p.Parse(l.AsSpan())).ShouldBeFalse(l);
        }
    }
}
