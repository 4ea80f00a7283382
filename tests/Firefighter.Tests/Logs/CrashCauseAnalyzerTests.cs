using Firefighter.Analysis;
using Firefighter.Evidence;
using Firefighter.Logs.Analyzers;

namespace Firefighter.Tests.Logs;

public sealed class CrashCauseAnalyzerTests
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    // Two services' logs over ten minutes; `orders` ends with the given lines at the given minute, `web` logs until minute 10.
    private static List<Finding> Run(int ordersStopsAt, params (LogLevel Level, string Message)[] ordersEnd)
    {
        var e = new EvidenceSet();
        var orders = new EntityRef("Pod", "shop", "orders-7b9c6d5f8-hx4tn");
        var web = new EntityRef("Pod", "shop", "web-5d8f7c9b6-q2w3e");
        var line = 0;
        for (var i = 0; i < 40; i++)
        {
            e.Logs.Add(new LogRecord(T0.AddSeconds(i * 5), LogLevel.Info, $"GET /v1/orders/{i} 200 12ms", orders, new EvidenceRef("logs/shop_orders-7b9c6d5f8-hx4tn_orders.log", ++line)));
        }
        foreach (var (level, message) in ordersEnd)
        {
            e.Logs.Add(new LogRecord(T0.AddMinutes(ordersStopsAt), level, message, orders, new EvidenceRef("logs/shop_orders-7b9c6d5f8-hx4tn_orders.log", ++line)));
        }
        for (var i = 0; i <= 120; i++)
        {
            e.Logs.Add(new LogRecord(T0.AddSeconds(i * 5), LogLevel.Info, "GET / 200 3ms", web, new EvidenceRef("logs/shop_web-5d8f7c9b6-q2w3e_web.log", i + 1)));
        }
        return [.. new CrashCauseAnalyzer().Analyze(new AnalysisContext(e, T0.AddMinutes(10))).Findings];
    }

    private static readonly (LogLevel, string)[] Exception =
    [
        (LogLevel.Error, "java.lang.IllegalStateException: order 4711 has no line items"),
        (LogLevel.Error, "\tat com.shop.orders.OrderService.place(OrderService.java:88)"),
    ];

    [Fact]
    public void An_exception_at_the_end_of_a_log_that_goes_on_to_the_end_of_the_capture_is_not_a_crash()
    {
        Run(10, Exception).ShouldBeEmpty();
    }

    [Fact]
    public void An_exception_after_which_the_log_stops_while_the_others_go_on_is_a_crash()
    {
        var f = Run(4, Exception).ShouldHaveSingleItem();

        f.Entity.Name.ShouldBe("orders-7b9c6d5f8-hx4tn");
        f.Attr("class").ShouldBe("exception");
    }

    [Fact]
    public void A_panic_at_the_end_is_a_crash_even_when_the_capture_ends_with_it()
    {
        var f = Run(10, (LogLevel.Error, "panic: runtime error: invalid memory address or nil pointer dereference"), (LogLevel.Error, "goroutine 1 [running]:")).ShouldHaveSingleItem();

        f.Attr("class").ShouldBe("panic");
    }
}
