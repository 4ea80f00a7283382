using Firefighter.Parsing;

namespace Firefighter.Tests.Parsing;

/// <summary>The header/message split on formats the miner was not developed on (<see cref="HeaderSamples"/>), as <c>ff logs patterns</c> does it without <c>--log-format</c>.</summary>
public class HeaderSamplesTests
{
    public static TheoryData<string> Formats() => [.. HeaderSamples.All.Keys];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Learned_header_and_per_line_detection_leave_exactly_the_message(string format)
    {
        var samples = HeaderSamples.All[format];
        // Given a file of this format (its lines repeated, as a real file repeats its header shape)
        var lines = Enumerable.Range(0, 8).SelectMany(_ => samples.Select(s => s.Line)).ToList();

        // When the header is learned from it and each line parsed
        var parser = new LogLineParser(null, shape: HeaderShape.Learn(lines));

        // Then each line's message is the one a reader sees
        var wrong = new List<string>();
        foreach (var (line, message) in samples)
        {
            var content = parser.Parse(line).Content.ToString();
            var ok = message.StartsWith(HeaderSamples.Tail, StringComparison.Ordinal)
                ? content.EndsWith(message[HeaderSamples.Tail.Length..], StringComparison.Ordinal)
                : content == message;
            if (!ok) { wrong.Add($"line:     {line}\nexpected: {message}\ngot:      {content}"); }
        }
        wrong.ShouldBeEmpty(string.Join("\n\n", wrong));
    }
}
