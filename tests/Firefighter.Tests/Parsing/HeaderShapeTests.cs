using System.Globalization;
using Firefighter.Parsing;

namespace Firefighter.Tests.Parsing;

public class HeaderShapeTests
{
    private static readonly string[] Words = ["opened", "closed", "failed", "retried", "queued", "dropped"];

    private static string Content(HeaderShape? shape, string line) =>
        new LogLineParser(null, shape: shape).Parse(line).Content.ToString();

    [Fact]
    public void Learns_a_supercomputer_style_header_with_node_ids_and_tags()
    {
        var rng = new Random(1);
        var lines = Enumerable.Range(0, 300).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"- {1117838570 + i} 2005.06.03 R{rng.Next(10):00}-M1-N{rng.Next(9)}-C:J{rng.Next(20):00}-U11 2005-06-03-15.42.{i % 60:00}.675872 R02-M1-N0-C:J12-U11 RAS {(i % 3 == 0 ? "APP" : "KERNEL")} {(i % 7 == 0 ? "FATAL" : "INFO")} cache {Words[i % 6]} on line {i}")).ToList();
        var shape = HeaderShape.Learn(lines);
        shape.ShouldNotBeNull();
        shape.Columns.ShouldBe(9);
        var h = new LogLineParser(null, shape: shape).Parse(lines[7]);
        h.Content.ToString().ShouldBe($"cache {Words[7 % 6]} on line 7");
        h.Level.ShouldBe(Firefighter.Evidence.LogLevel.Fatal);
        h.Time.ShouldNotBeNull();
    }

    [Fact]
    public void Weak_name_columns_before_an_epoch_time_are_header()
    {
        var comps = new[] { "unix.hw", "action", "boot_cmd" };
        var lines = Enumerable.Range(0, 200).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{100000 + i * 7} node-{i % 50} {comps[i % 3]} {(i % 2 == 0 ? "start" : "state_change.unavailable")} {1077804742 + i} 1 Component {Words[i % 6]} (id={i})")).ToList();
        var shape = HeaderShape.Learn(lines);
        shape.ShouldNotBeNull();
        Content(shape, lines[3]).ShouldBe("Component " + Words[3] + " (id=3)");
    }

    [Fact]
    public void Android_style_header_with_pid_tid_level_letter_and_tag_is_stripped()
    {
        var lines = Enumerable.Range(0, 200).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"03-17 16:13:{i % 60:00}.{i:000}  1702  {2395 + i % 5} {(i % 4 == 0 ? "E" : "D")} WindowManager: window {Words[i % 6]} token={i}")).ToList();
        var shape = HeaderShape.Learn(lines);
        var content = shape is null ? Content(null, lines[5]) : Content(shape, lines[5]);
        content.ShouldBe($"window {Words[5]} token=5");
    }

    [Fact]
    public void Repeated_first_message_words_are_not_taken_for_a_header()
    {
        var lines = Enumerable.Range(0, 200).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"2024-01-01T00:00:{i % 60:00}Z INFO {(i % 2 == 0 ? "GET" : "POST")} /api/items {200 + i % 3} {i}ms")).ToList();
        var shape = HeaderShape.Learn(lines);
        Content(shape, lines[0]).ShouldBe("GET /api/items 200 0ms");
    }

    [Fact]
    public void Text_without_a_header_learns_nothing()
    {
        var lines = Enumerable.Range(0, 100).Select(i => $"the {Words[i % 6]} thing happened to {Words[(i + 1) % 6]} things").ToList();
        HeaderShape.Learn(lines).ShouldBeNull();
    }

    [Fact]
    public void Lines_of_another_shape_fall_back_to_per_line_detection()
    {
        var lines = Enumerable.Range(0, 100).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"- {1117838570 + i} 2005.06.03 R02-M1 RAS KERNEL INFO cache {Words[i % 6]}")).ToList();
        var shape = HeaderShape.Learn(lines);
        shape.ShouldNotBeNull();
        Content(shape, "2024-01-01T00:00:00Z ERROR something else broke").ShouldBe("something else broke");
        Content(shape, "\tat com.example.Foo.bar(Foo.java:42)").ShouldBe("at com.example.Foo.bar(Foo.java:42)");
    }

    [Fact]
    public void Learning_from_hostile_input_never_throws()
    {
        var rng = new Random(3);
        var lines = Enumerable.Range(0, 200).Select(_ => new string(Enumerable.Range(0, rng.Next(0, 80)).Select(_ => (char)rng.Next(0, 0x3000)).ToArray())).ToList();
        lines.Add(new string('[', 5000));
        lines.Add("[" + new string(' ', 400) + "]");
        var shape = HeaderShape.Learn(lines);
        foreach (var l in lines) { _ = Content(shape, l); }
    }
    [Fact]
    public void One_parser_reused_across_lines_gives_each_line_its_own_level_time_and_content()
    {
        // Repeated columns are remembered per parser: a line whose level, logger or second differs must not get the previous one's.
        var levels = new[] { "INFO", "WARN", "INFO", "ERROR" };
        var loggers = new[] { "dfs.DataNode:", "dfs.FSNamesystem:", "dfs.DataNode$PacketResponder:" };
        var lines = Enumerable.Range(0, 300).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"081109 20{36 + i / 100:00}{i / 10 % 60:00} {100 + i * 37 % 900} {levels[i % 4]} {loggers[i % 3]} block {Words[i % 6]} {i}")).ToList();
        var shape = HeaderShape.Learn(lines);
        shape.ShouldNotBeNull();
        var parser = new LogLineParser(null, shape: shape);
        for (var i = 0; i < lines.Count; i++)
        {
            var h = parser.Parse(lines[i]);
            h.Content.ToString().ShouldBe($"block {Words[i % 6]} {i}");
            h.Level.ShouldBe(levels[i % 4] switch { "WARN" => Firefighter.Evidence.LogLevel.Warn, "ERROR" => Firefighter.Evidence.LogLevel.Error, _ => Firefighter.Evidence.LogLevel.Info });
            h.Time.ShouldBe(new DateTimeOffset(2008, 11, 9, 20, 36 + i / 100, i / 10 % 60, TimeSpan.Zero));
        }
    }

    [Fact]
    public void A_pid_after_the_time_does_not_change_the_parsed_time()
    {
        var lines = Enumerable.Range(0, 100).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"081109 203615 {1000 + i * 13} INFO dfs.DataNode: served block {i}")).ToList();
        var shape = HeaderShape.Learn(lines);
        shape.ShouldNotBeNull();
        var parser = new LogLineParser(null, shape: shape);
        parser.Parse(lines[1]).Time.ShouldBe(new DateTimeOffset(2008, 11, 9, 20, 36, 15, TimeSpan.Zero));
        parser.Parse(lines[2]).Time.ShouldBe(new DateTimeOffset(2008, 11, 9, 20, 36, 15, TimeSpan.Zero));
        shape.TryParse(lines[3], 2000, parseTime: true, out var direct).ShouldBeTrue();
        direct.Time.ShouldBe(new DateTimeOffset(2008, 11, 9, 20, 36, 15, TimeSpan.Zero));
    }
}
