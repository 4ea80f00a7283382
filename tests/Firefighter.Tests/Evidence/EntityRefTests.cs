using Firefighter.Evidence;

namespace Firefighter.Tests.Evidence;

public class EntityRefTests
{
    [Theory]
    [InlineData("Pod/production/api-1")]
    [InlineData("Node/node-03")]
    public void ToString_then_TryParse_round_trips(string text)
    {
        EntityRef.TryParse(text)!.ToString().ShouldBe(text);
    }

    [Fact]
    public void TryParse_rejects_a_single_word() => EntityRef.TryParse("api").ShouldBeNull();

    [Fact]
    public void EvidenceRef_cites_file_and_line() => new EvidenceRef("logs/api.log", 12).ToString().ShouldBe("logs/api.log:12");
}
