using System.Globalization;
using Firefighter.Logs;

namespace Firefighter.Tests.Logs;

/// <summary>Inputs that used to take exponential or quadratic time: the results they must give (their speed is measured by the logs-adversarial bench).</summary>
public class TemplateMinerBoundsTests
{
    private static string Numbers(int count, int from = 1) => string.Join(' ', Enumerable.Range(from, count).Select(i => i.ToString(CultureInfo.InvariantCulture)));

    private static MiningResult Mine(IEnumerable<string> lines)
    {
        var miner = new TemplateMiner();
        foreach (var l in lines) { miner.Add(l); }
        return miner.Finish();
    }

    [Fact]
    public void Two_lines_ending_in_number_lists_of_different_lengths_make_one_template()
    {
        // 38 and 36 numbers: the backtracking match tried every way to share them among the <*> and did not finish in 10 minutes.
        var result = Mine([$"wlan0: supported channels {Numbers(38)}", $"wlan0: supported channels {Numbers(36)}"]);

        result.Templates.Count.ShouldBe(1);
        result.Templates[0].Count.ShouldBe(2);
        result.Templates[0].Text.ShouldBe("wlan0: supported channels " + string.Join(' ', Enumerable.Repeat("<*>", 36)));
        result.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Number_lists_followed_by_different_words_stay_two_events()
    {
        var result = Mine([$"queue {Numbers(40)} ok", $"queue {Numbers(38)} ok", $"queue {Numbers(40)} failed", $"queue {Numbers(38)} failed"]);

        result.Templates.Select(t => (t.Text.Split(' ')[^1], t.Count)).ShouldBe([("ok", 2), ("failed", 2)], ignoreOrder: true);
    }

    [Fact]
    public void Thousands_of_list_lengths_merge_and_report_the_token_cap()
    {
        var result = Mine(Enumerable.Range(1, 3000).Select(n => $"wlan0: supported channels {Numbers(n)}"));

        // Lists up to the token cap merge into the one-number template; longer ones keep their rest as one token and form one template.
        result.Templates.Sum(t => t.Count).ShouldBe(3000);
        result.Templates.Count.ShouldBe(2);
        result.Templates[0].Text.ShouldBe("wlan0: supported channels <*>");
        result.Templates[0].Count.ShouldBe(TemplateMiner.MaxTokens - 4);
        result.Warnings.ShouldHaveSingleItem().ShouldContain($"reached {TemplateMiner.MaxTokens} tokens");
    }

    [Fact]
    public void A_very_long_line_is_one_record_with_a_bounded_template()
    {
        var words = string.Join(' ', Enumerable.Range(0, 200_000).Select(i => i % 2 == 0 ? "value" + i.ToString(CultureInfo.InvariantCulture) : "word"));
        var result = Mine(["start " + words, "start " + words]);

        result.Templates.ShouldHaveSingleItem().Count.ShouldBe(2);
        result.Templates[0].Text.Split(' ').Length.ShouldBeLessThanOrEqualTo(2 * TemplateMiner.MaxTokens);
    }

    [Fact]
    public void Every_line_a_new_event_gives_one_template_per_line()
    {
        // No constant word: the miner splits on the least varied word, here unique per line.
        static string Word(int i) => "w" + new string([.. i.ToString("D6", CultureInfo.InvariantCulture).Select(c => (char)('a' + c - '0'))]);
        var result = Mine(Enumerable.Range(0, 20_000).Select(i => $"{Word(i)} {Word(i + 500_000)} {i}"));

        result.Templates.Count.ShouldBe(20_000);
        result.Templates.ShouldAllBe(t => t.Count == 1);
    }

    [Fact]
    public void Splits_that_peel_one_signature_at_a_time_give_one_template_per_variant()
    {
        // 120 words; line i replaces word i mod 120: every position has two values, so each split peels a few signatures off.
        var lines = Enumerable.Range(0, 1200).Select(i => string.Join(' ', Enumerable.Range(0, 120).Select(k => k == i % 120 ? "other" : "w" + (char)('a' + k % 26))));
        var result = Mine(lines);

        result.Templates.Count.ShouldBe(120);
        result.Templates.ShouldAllBe(t => t.Count == 10);
    }

    [Fact]
    public void Dynamic_programme_match_agrees_with_backtracking_on_random_token_lists()
    {
        var rng = new Random(19);
        string[] pool = ["<*>", "<*>", "a", "b", "x<*>", "<*>]"];
        string[] specific = ["<*>", "<*>", "a", "b", "x1", "x<*>", "1]", "<*>]"];
        for (var trial = 0; trial < 5000; trial++)
        {
            var g = Enumerable.Range(0, 1 + rng.Next(7)).Select(_ => pool[rng.Next(pool.Length)]).ToArray();
            var s = Enumerable.Range(0, g.Length + rng.Next(6)).Select(_ => specific[rng.Next(specific.Length)]).ToArray();
            var cells = int.MaxValue;
            var dp = TemplateMiner.Matches(g, [.. g.Select(t => t == "<*>")], s, [.. s.Select(t => t.Contains("<*>", StringComparison.Ordinal))], ref cells);
            dp.ShouldBe(Backtrack(g, 0, s, 0), $"g=[{string.Join(' ', g)}] s=[{string.Join(' ', s)}]");
        }
    }

    [Fact]
    public void Match_larger_than_the_cell_budget_is_not_decided()
    {
        var g = Enumerable.Repeat("<*>", 100).Append("end").ToArray();
        var s = Enumerable.Repeat("<*>", 200).Append("end").ToArray();
        var cells = 1000;

        TemplateMiner.Matches(g, [.. g.Select(t => t == "<*>")], s, [.. s.Select(t => t == "<*>")], ref cells).ShouldBeNull();
        cells = int.MaxValue;
        TemplateMiner.Matches(g, [.. g.Select(t => t == "<*>")], s, [.. s.Select(t => t == "<*>")], ref cells).ShouldBe(true);
    }

    // The original matcher (exponential): a bare <*> takes one token, then any number of variable ones.
    private static bool Backtrack(string[] g, int gi, string[] s, int si)
    {
        while (gi < g.Length && si < s.Length)
        {
            if (g[gi] == "<*>")
            {
                if (Backtrack(g, gi + 1, s, si + 1)) { return true; }
                var j = si + 1;
                while (j < s.Length && s[j].Contains("<*>", StringComparison.Ordinal))
                {
                    j++;
                    if (Backtrack(g, gi + 1, s, j)) { return true; }
                }
                return false;
            }
            if (!TokenMatches(g[gi], s[si])) { return false; }
            gi++;
            si++;
        }
        return gi == g.Length && si == s.Length;
    }

    private static bool TokenMatches(string pattern, string token)
    {
        if (pattern == token) { return true; }
        var w = pattern.IndexOf("<*>", StringComparison.Ordinal);
        if (w < 0) { return false; }
        var pre = pattern[..w];
        var post = pattern[(w + 3)..];
        return !post.Contains("<*>", StringComparison.Ordinal) && token.Length >= pre.Length + post.Length && token.StartsWith(pre, StringComparison.Ordinal) && token.EndsWith(post, StringComparison.Ordinal);
    }
}
