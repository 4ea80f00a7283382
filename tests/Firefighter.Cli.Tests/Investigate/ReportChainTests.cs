using System.Text.Json;
using Firefighter.Testing;

namespace Firefighter.Cli.Tests.Investigate;

/// <summary>Issue 15: the report argues down a causal chain, not in circles — on every sample bundle (the ones <c>ff demo</c> runs).</summary>
public sealed class ReportChainTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(RepoPaths.InRepo("samples")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }
        return data;
    }

    private static async Task<JsonElement> Report(string sample)
    {
        var o = new StringWriter();
        await Cli.RunAsync(["investigate", RepoPaths.InRepo("samples", sample), "--json"], new CliContext { Out = o, Error = new StringWriter(), BaseDirectory = RepoPaths.Root });
        return JsonDocument.Parse(o.ToString()).RootElement.Clone();
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Five_whys_never_repeat_and_the_last_one_is_a_fact_of_the_root_cause(string sample)
    {
        var report = await Report(sample);
        var lead = report.GetProperty("hypotheses").EnumerateArray().FirstOrDefault(h => h.GetProperty("supported").GetBoolean());
        if (lead.ValueKind == JsonValueKind.Undefined)
        {
            return;
        }

        var whys = lead.GetProperty("whys").EnumerateArray().ToList();

        whys.Count.ShouldBeInRange(1, 5, sample);
        var answers = whys.Select(w => w.GetProperty("answer").GetString()!).ToList();
        answers.ShouldBeUnique(sample);
        whys.Select(w => w.GetProperty("question").GetString()).ShouldBeUnique(sample);
        // Each answer states a different fact: the evidence behind it (after " — ") is never the same twice.
        answers.Select(a => a[(a.IndexOf(" — ", StringComparison.Ordinal) + 3)..]).ShouldBeUnique(sample);
        // The chain ends on the cause itself: the last answer is backed by a finding the root cause cites as its own (not an "Explains:" symptom).
        var own = lead.GetProperty("evidence").EnumerateArray().Select(c => c.GetProperty("text").GetString()!).Where(t => !t.StartsWith("Explains: ", StringComparison.Ordinal));
        var last = answers[^1];
        own.Any(t => last.EndsWith(" — " + t, StringComparison.Ordinal)).ShouldBeTrue($"{sample}: last why \"{last}\"");
    }

    [Fact]
    public async Task The_OOM_chain_reaches_the_release_and_the_database_chain_reaches_the_full_disk()
    {
        var oom = (await Report("oom-after-deploy")).GetProperty("hypotheses")[0].GetProperty("whys").EnumerateArray().ToList();
        var db = (await Report("db-connection-refused")).GetProperty("hypotheses")[0].GetProperty("whys").EnumerateArray().ToList();

        oom[^1].GetProperty("answer").GetString()!.ShouldContain("v2.3.1");
        db.ShouldContain(w => w.GetProperty("answer").GetString()!.Contains("No space left on device"));
        db.ShouldNotContain(w => w.GetProperty("answer").GetString()!.Contains("The failing spans begin in"));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Impact_states_each_fact_once(string sample)
    {
        var report = await Report(sample);

        report.GetProperty("impact").EnumerateArray().Select(c => c.GetProperty("text").GetString()).ShouldBeUnique(sample);
    }

    [Fact]
    public async Task Lessons_do_not_blame_a_deploy_of_another_service()
    {
        // The database sample has deploys of orders and checkout in the days before; the cause is postgres's full disk.
        var o = new StringWriter();
        var dir = Directory.CreateTempSubdirectory("ff-lessons").FullName;
        try
        {
            await Cli.RunAsync(["investigate", RepoPaths.InRepo("samples", "db-connection-refused"), "--out", dir], new CliContext { Out = o, Error = new StringWriter(), BaseDirectory = RepoPaths.Root });
            var md = await File.ReadAllTextAsync(Path.Combine(dir, "report.md"));
            var lessons = md[md.IndexOf("## Lessons Learned", StringComparison.Ordinal)..md.IndexOf("## Resolution checklist", StringComparison.Ordinal)];

            lessons.ShouldNotContain("Deploy of");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
