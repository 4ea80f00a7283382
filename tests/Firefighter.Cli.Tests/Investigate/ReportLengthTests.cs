using System.Text.Json;
using System.Text.RegularExpressions;
using Firefighter.Testing;

namespace Firefighter.Cli.Tests.Investigate;

/// <summary>Issue 15: a report a person reads in a minute — short summary, three references per claim, the rest one link away; no broken links.</summary>
public sealed partial class ReportLengthTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ff-report").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(RepoPaths.InRepo("samples")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }
        return data;
    }

    private async Task<string> Out(string sample)
    {
        var dir = Path.Combine(_dir, sample);
        await Cli.RunAsync(["investigate", RepoPaths.InRepo("samples", sample), "--out", dir], new CliContext { Out = new StringWriter(), Error = new StringWriter(), BaseDirectory = RepoPaths.Root });
        return dir;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task The_summary_fits_a_screen_and_each_claim_cites_at_most_three_references(string sample)
    {
        var md = await File.ReadAllTextAsync(Path.Combine(await Out(sample), "report.md"));

        var summary = md[md.IndexOf("## Summary", StringComparison.Ordinal)..md.IndexOf("## Timeline", StringComparison.Ordinal)].TrimEnd().Split('\n');
        summary.Length.ShouldBeLessThanOrEqualTo(40, sample);
        foreach (var line in md.Split('\n').Where(l => l.StartsWith("- ", StringComparison.Ordinal) || l.StartsWith("  - ", StringComparison.Ordinal) || l.StartsWith("| ", StringComparison.Ordinal)))
        {
            if (line.StartsWith("- **E", StringComparison.Ordinal))
            {
                continue;
            }
            RefCode().Count(line).ShouldBeLessThanOrEqualTo(3 + (line.StartsWith("| ", StringComparison.Ordinal) ? 2 : 0), $"{sample}: {line}");
        }
    }

    [Fact]
    public async Task More_references_link_to_the_evidence_appendix_which_lists_them_all_and_the_json_keeps_them()
    {
        var dir = await Out("oom-after-deploy");
        var md = await File.ReadAllTextAsync(Path.Combine(dir, "report.md"));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "report.json")));

        var rootCause = md.Split('\n').Single(l => l.StartsWith("- **Root Cause**", StringComparison.Ordinal));
        var more = MoreLink().Match(rootCause);
        more.Success.ShouldBeTrue(rootCause);
        var entry = md.Split('\n').Single(l => l.StartsWith($"- **E{more.Groups[2].Value}** Root cause:", StringComparison.Ordinal));
        var leadRefs = json.RootElement.GetProperty("hypotheses")[0].GetProperty("evidence").EnumerateArray()
            .SelectMany(c => c.GetProperty("refs").EnumerateArray()).Select(r => r.GetProperty("source").GetString()!).Distinct().ToList();
        RefCode().Count(entry).ShouldBe(3 + int.Parse(more.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        leadRefs.ShouldAllBe(source => entry.Contains(source));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Out_writes_every_runbook_the_report_links(string sample)
    {
        var dir = await Out(sample);

        foreach (var file in new[] { "report.md", "report.html" })
        {
            var text = await File.ReadAllTextAsync(Path.Combine(dir, file));
            foreach (var link in RunbookLink().Matches(text).Select(m => m.Value).Distinct())
            {
                File.Exists(Path.Combine(dir, link)).ShouldBeTrue($"{sample}/{file} links {link}, which --out did not write");
            }
        }
    }

    [GeneratedRegex(@"`[a-z0-9_./-]+\.(log|json|yaml|yml|txt|csv)(:\d+)?[^`]*`")]
    private static partial Regex RefCode();

    [GeneratedRegex(@"\[\+(\d+) more: E(\d+)\]\(#evidence-appendix\)")]
    private static partial Regex MoreLink();

    [GeneratedRegex(@"runbooks/[a-z0-9-]+\.md")]
    private static partial Regex RunbookLink();
}
