using System.Text;
using Firefighter.Testing.Fuzz;

namespace Firefighter.Sources.Tests.Fuzz;

/// <summary>Inputs the fuzz runs found, kept as regression tests.</summary>
public class FoundInputTests
{
    [Theory]
    [InlineData("traces/api_traces_response.json")]
    [InlineData("traces/trace_ui_01.fixture.json")]
    [InlineData("traces/trace.json")]
    public void LoneSurrogateAtTheStartOfEveryStringOfATraceSeed_CostsOnlyThatString(string path)
    {
        var seed = FuzzInputs.Seeds.Where(s => s.Path == path).Select(s => s.Data).FirstOrDefault();
        if (seed is null)
        {
            return;
        }
        var text = Encoding.UTF8.GetString(seed);
        var spansBefore = -1;
        for (var i = 1; i < text.Length; i++)
        {
            if (text[i - 1] != '"')
            {
                continue;
            }
            var mutated = text[..i] + "\\udfff" + text[i..];
            var r = FuzzRunner.Run(new FuzzCase(path, Encoding.UTF8.GetBytes(mutated), "found"));
            r.Violation.ShouldBeNull($"{path}@{i}");
            spansBefore = Math.Max(spansBefore, r.Items);
        }
        spansBefore.ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("{\"ts\":\"2024-01-15 10:45:10 99999999999\",\"msg\":\"x\"}\n")]
    [InlineData("2024-01-15 3000000000:10:10 INFO wrapped hour\n")]
    [InlineData("{\"time\":\"2024-01-15 10:3000000000:10\",\"msg\":\"wrapped minute\"}\n")]
    public void LogTimestampWithHugeNumbers_IsNotATimestampNotAnException(string line)
    {
        var r = FuzzRunner.Run(new FuzzCase("logs/app.log", Encoding.UTF8.GetBytes(line), "found"));

        r.Violation.ShouldBeNull();
        r.Items.ShouldBe(1);
    }
}
