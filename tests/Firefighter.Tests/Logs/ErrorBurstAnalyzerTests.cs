using Firefighter.Evidence;
using Firefighter.Logs;
using Firefighter.Analysis;
using Firefighter.Logs.Analyzers;

namespace Firefighter.Tests.Logs;

public class ErrorBurstAnalyzerTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private static AnalysisContext Context(IEnumerable<LogRecord> records)
    {
        var set = new EvidenceSet();
        set.Logs.AddRange(records);
        return new AnalysisContext(set, T0.AddHours(3));
    }

    private static LogRecord Rec(double minutes, LogLevel level, int line, string pod = "orders-1") =>
        new(T0.AddMinutes(minutes), level, level >= LogLevel.Error ? "dial tcp 10.0.0.1:5432: connect: connection refused" : "served request",
            new EntityRef("Pod", "shop", pod), new EvidenceRef($"logs/shop_{pod}_app.log", line));

    [Fact]
    public void A_jump_in_error_rate_is_found_at_the_right_minute()
    {
        var records = new List<LogRecord>();
        var line = 1;
        for (var m = 0; m < 120; m++)
        {
            records.Add(Rec(m, LogLevel.Info, line++));
            if (m == 30) { records.Add(Rec(m + 0.5, LogLevel.Error, line++)); }  // one stray error in the baseline
            if (m >= 90) { records.Add(Rec(m + 0.2, LogLevel.Error, line++)); records.Add(Rec(m + 0.7, LogLevel.Error, line++)); }
        }

        var f = new ErrorBurstAnalyzer().Analyze(Context(records)).Findings.ShouldHaveSingleItem();

        f.Kind.ShouldBe("logs.error_burst");
        f.Start.ShouldBe(T0.AddMinutes(90.2));
        f.Entity.Name.ShouldBe("orders-1");
        f.Evidence[0].Line.ShouldNotBeNull();
        f.Evidence[0].Excerpt!.ShouldContain("connection refused");
    }

    [Fact]
    public void A_steady_error_rate_is_not_a_burst()
    {
        var records = Enumerable.Range(0, 120).Select(m => Rec(m, m % 3 == 0 ? LogLevel.Error : LogLevel.Info, m + 1)).ToList();

        new ErrorBurstAnalyzer().Analyze(Context(records)).Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Patterns_name_the_target_of_a_refused_connection()
    {
        var records = Enumerable.Range(0, 5).Select(i => Rec(i, LogLevel.Error, i + 1)).ToList();

        var f = new LogPatternAnalyzer().Analyze(Context(records)).Findings.ShouldHaveSingleItem();

        f.Attr("pattern").ShouldBe("connection_refused");
        f.Attr("target").ShouldBe("10.0.0.1:5432");
        f.Attr("count").ShouldBe("5");
    }

    [Theory]
    [InlineData("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", "oom")]
    [InlineData("PANIC:  could not write to file \"pg_wal/xlogtemp.31\": No space left on device", "disk_full")]
    [InlineData("x509: certificate has expired or is not yet valid", "tls_expired")]
    [InlineData("dial tcp: lookup payments.shop.svc.cluster.local: no such host", "dns")]
    [InlineData("upstream prematurely closed connection while reading response header from upstream, status=502", "http_5xx")]
    public void Known_phrases_are_recognised(string message, string code) =>
        LogPatterns.Match(message)!.Code.ShouldBe(code);

    [Fact]
    public void A_long_message_naming_upstream_without_a_status_matches_no_pattern()
    {
        // "upstream ... 502" with a free gap backtracked once per "upstream" over the rest of the line; now linear.
        var message = string.Concat(Enumerable.Repeat("upstream x ", 20_000));
        LogPatterns.Match(message).ShouldBeNull();
        LogPatterns.Match(message + "returned 502").ShouldNotBeNull().Code.ShouldBe("http_5xx");
    }

    [Fact]
    public void An_ordinary_line_matches_no_pattern() => LogPatterns.Match("GET /api/orders 200 12ms").ShouldBeNull();
}
