using Firefighter.Evidence;
using Firefighter.Parsing;

namespace Firefighter.Tests.Parsing;

public class LoghubFormatTests
{
    [Fact]
    public void Hdfs_format_splits_header_and_content()
    {
        var f = LoghubFormat.TryParse("<Date> <Time> <Pid> <Level> <Component>: <Content>", out var err)!;
        err.ShouldBeNull();
        var line = "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_1 terminating";
        var parser = new LogLineParser(f);
        var (content, level, time) = parser.Parse(line);
        content.ToString().ShouldBe("PacketResponder 1 for block blk_1 terminating");
        level.ShouldBe(LogLevel.Info);
        time.ShouldBe(new DateTimeOffset(2008, 11, 9, 20, 36, 15, TimeSpan.Zero));
    }

    [Fact]
    public void Optional_regex_group_falls_back_to_regex()
    {
        var f = LoghubFormat.TryParse(@"<Month> <Date> <Time> <Level> <Component>(\[<PID>\])?: <Content>", out _)!;
        Span<Range> fields = new Range[f.Fields.Count];
        var line = "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown";
        f.TryMatch(line, fields).ShouldBeTrue();
        line[fields[f.ContentIndex]].ShouldBe("check pass; user unknown");
        line[fields[5]].ShouldBe("19939");
        var noPid = "Jun 14 15:16:01 combo kernel: Linux version 2.6";
        f.TryMatch(noPid, fields).ShouldBeTrue();
        noPid[fields[f.ContentIndex]].ShouldBe("Linux version 2.6");
    }

    [Fact]
    public void Escaped_brackets_and_double_spaces_match_like_the_benchmark()
    {
        var f = LoghubFormat.TryParse(@"<Date> <Time> - <Level>  \[<Node>:<Component>@<Id>\] - <Content>", out _)!;
        Span<Range> fields = new Range[f.Fields.Count];
        var line = "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200";
        f.TryMatch(line, fields).ShouldBeTrue();
        line[fields[f.ContentIndex]].ShouldBe("Notification time out: 3200");
        line[fields[2]].ShouldBe("INFO");
    }

    [Fact]
    public void Non_matching_line_is_reported_not_thrown()
    {
        var f = LoghubFormat.TryParse("<Date> <Time> <Level> <Component>: <Content>", out _)!;
        new LogLineParser(f).Parse("garbage".AsSpan()).Matched.ShouldBeFalse();
        LoghubFormat.TryParse("no fields here", out var err).ShouldBeNull();
        err.ShouldNotBeNull();
    }

    [Fact]
    public void Long_line_without_the_separator_is_not_matched_and_one_with_it_is_split_at_the_first()
    {
        // The lazy fields used to be backtracked over every way to share such a line (a second each); now screened in linear time.
        var f = LoghubFormat.TryParse(@"<Date> <Time> <Pid> <Level> <Component>(\[<Id>\])?: <Content>", out _)!;
        Span<Range> fields = new Range[f.Fields.Count];
        var words = string.Join(' ', Enumerable.Repeat("alpha beta", 400));
        f.TryMatch(words, fields).ShouldBeFalse();
        var line = "081109 203615 148 INFO comp: " + words + " end: tail";
        f.TryMatch(line, fields).ShouldBeTrue();
        line[fields[f.ContentIndex]].ShouldBe(words + " end: tail");
    }

    [Theory]
    [InlineData("2024-03-01T12:00:05.250Z ERROR api: upstream timed out", "upstream timed out", LogLevel.Error)]
    [InlineData("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown", "check pass; user unknown", LogLevel.Unknown)]
    [InlineData("[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6", "mod_jk child workerEnv in error state 6", LogLevel.Error)]
    [InlineData("2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.Foo: Created MRAppMaster", "Created MRAppMaster", LogLevel.Info)]
    public void Auto_detection_strips_common_headers(string line, string content, LogLevel level)
    {
        var (c, l, t) = new LogLineParser(null).Parse(line);
        c.ToString().ShouldBe(content);
        l.ShouldBe(level);
        t.ShouldNotBeNull();
    }
}
