using Firefighter.Testing;
using Firefighter.Prevention.Backtests;
using Firefighter.Prevention.Rules;
using Firefighter.Prevention.Slo;

namespace Firefighter.Tests.Prevention.Slo;

public class SloRuleGeneratorTests
{
    public static TheoryData<string> Examples => new() { "getting-started", "kubernetes-apiserver" };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Generated_rules_match_sloths_own_output(string example)
    {
        var dir = RepoPaths.InShared("formats", "slo", "sloth");
        var ours = SloRuleGenerator.Generate(File.ReadAllText(Path.Combine(dir, $"spec__{example}.yml")), example);
        var theirs = RuleFileYaml.Parse(File.ReadAllText(Path.Combine(dir, $"generated__{example}.yml")), example);

        ours.Errors.ShouldBeEmpty();
        theirs.Errors.ShouldBeEmpty();
        ours.Groups.Select(g => g.Name).ShouldBe(theirs.Groups.Select(g => g.Name));
        for (var g = 0; g < ours.Groups.Count; g++)
        {
            var mine = ours.Groups[g].Rules;
            var golden = theirs.Groups[g].Rules;
            mine.Count.ShouldBe(golden.Count, ours.Groups[g].Name);
            for (var r = 0; r < mine.Count; r++)
            {
                var what = $"{ours.Groups[g].Name} #{r} {golden[r].Record ?? golden[r].Alert}";
                (mine[r].Record ?? mine[r].Alert).ShouldBe(golden[r].Record ?? golden[r].Alert, what);
                Normalize(mine[r].Expr).ShouldBe(Normalize(golden[r].Expr), what);
                // 'cmd' is an extra label of Sloth's example generator script; the version label names the generator.
                Without(golden[r].Labels, "cmd", "sloth_version").ShouldBe(Without(mine[r].Labels, "sloth_version"), what);
                mine[r].Annotations.OrderBy(a => a.Key).ShouldBe(golden[r].Annotations.OrderBy(a => a.Key), what);
            }
        }
    }

    [Fact]
    public void Thirty_day_burn_rates_are_the_workbook_factors()
    {
        var w = new AlertWindows();
        var month = TimeSpan.FromDays(30);
        new[] { w.PageQuick.Factor(month), w.PageSlow.Factor(month), w.TicketQuick.Factor(month), w.TicketSlow.Factor(month) }
            .ShouldBe([14.4, 6, 3, 1]);
    }

    [Fact]
    public void Other_periods_scale_the_factors_and_windows_file_is_read()
    {
        var text = File.ReadAllText(RepoPaths.InShared("formats", "slo", "sloth", "windows__7d.yaml"));
        var w = AlertWindows.Parse(text, "7d", out var error)!;
        error.ShouldBeNull();
        w.Period.ShouldBe("7d");
        // 8% of a 7-day budget in 1 hour = 13.44x.
        w.PageQuick.Factor(TimeSpan.FromDays(7)).ShouldBe(13.44);
        var rules = SloRuleGenerator.Generate(File.ReadAllText(RepoPaths.InShared("formats", "slo", "sloth", "spec__getting-started.yml")), "s", w);
        rules.AlertRules.First().Rule.Expr.ShouldContain("(13.44 * ");
        rules.Groups[0].Rules[^1].Record.ShouldBe("slo:sli_error:ratio_rate7d");
    }

    [Fact]
    public void Unsupported_spec_is_an_error_not_an_exception()
    {
        var r = SloRuleGenerator.Generate(File.ReadAllText(RepoPaths.InShared("formats", "slo", "sloth", "spec__openslo-getting-started.yml")), "openslo.yml");
        r.Groups.ShouldBeEmpty();
        r.Errors.Single().ShouldContain("prometheus/v1");
    }

    private static string Normalize(string expr) => string.Join(" ", expr.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static IEnumerable<KeyValuePair<string, string>> Without(IReadOnlyDictionary<string, string> labels, params string[] keys) =>
        labels.Where(l => !keys.Contains(l.Key)).OrderBy(l => l.Key, StringComparer.Ordinal);
}
