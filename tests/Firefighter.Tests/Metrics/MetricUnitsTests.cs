using Firefighter.Metrics;

namespace Firefighter.Tests.Metrics;

public class MetricUnitsTests
{
    [Theory]
    [InlineData(684_589_000d, "container_memory_working_set_bytes", "653 MiB")]
    [InlineData(1536d, "node_memory_MemAvailable_bytes", "1.5 KiB")]
    [InlineData(512d, "x_bytes", "512 B")]
    [InlineData(-2_147_483_648d, "x_bytes", "-2 GiB")]
    [InlineData(0.25, "http_request_duration_seconds", "250 ms")]
    [InlineData(3.5, "http_request_duration_seconds", "3.5 s")]
    [InlineData(0.125, "http_5xx_ratio", "12.5%")]
    [InlineData(1_268_210_000d, "requests_total", "1.268E+09")]
    [InlineData(42d, "up", "42")]
    public void Human_UsesTheUnitTheNameGives(double value, string name, string expected) =>
        MetricUnits.Human(value, name).ShouldBe(expected);

    [Fact]
    public void Human_NonFiniteValues_AreWrittenPlainly() =>
        MetricUnits.Human(double.NaN, "x_bytes").ShouldBe("NaN");
}
