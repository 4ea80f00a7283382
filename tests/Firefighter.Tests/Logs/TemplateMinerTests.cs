using System.Globalization;
using System.Text;
using Firefighter.Logs;

namespace Firefighter.Tests.Logs;

public class TemplateMinerTests
{
    private static (MiningResult Result, int[] Ids) Mine(IEnumerable<string> lines)
    {
        var miner = new TemplateMiner();
        var ids = lines.Select(l => miner.Add(l)).ToArray();
        return (miner.Finish(), ids);
    }

    [Fact]
    public void Events_differing_by_one_frequent_word_stay_apart()
    {
        var lines = new List<string>();
        foreach (var verb in new[] { "Started", "Paused", "Resumed", "Stopped" })
        {
            for (var i = 0; i < 20; i++) { lines.Add($"[instance: {Guid.NewGuid()}] VM {verb} (Lifecycle Event)"); }
        }
        var (result, _) = Mine(lines);
        result.Templates.Select(t => t.Text).ShouldBe(
            ["[instance: <*>] VM Started (Lifecycle Event)", "[instance: <*>] VM Paused (Lifecycle Event)",
             "[instance: <*>] VM Resumed (Lifecycle Event)", "[instance: <*>] VM Stopped (Lifecycle Event)"], ignoreOrder: true);
    }

    [Fact]
    public void Word_position_with_many_values_becomes_a_variable()
    {
        // More values than MaxEventWords (8, chosen by leave-one-system-out on Loghub): a variable.
        var users = new[] { "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj" };
        var (result, _) = Mine(users.Select((u, i) => $"Invalid user {u} from 10.0.0.{i}"));
        result.Templates.Count.ShouldBe(1);
        result.Templates[0].Text.ShouldBe("Invalid user <*> from <*>");
    }

    [Fact]
    public void A_ctime_date_in_the_message_is_one_value_not_event_words()
    {
        // "Fri Jun 17 05:55:12 2005": the weekday is next to the month, not to a number, and still part of the date.
        var days = new[] { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
        var (result, _) = Mine(Enumerable.Range(0, 70).Select(i => $"connection from 10.0.0.{i} at {days[i % 7]} Jun {1 + i % 28} 05:55:{i % 60:D2} 2005"));
        result.Templates.ShouldHaveSingleItem().Text.ShouldBe("connection from <*> at <*> Jun <*> <*>:<*>:<*> <*>");
    }

    [Fact]
    public void Word_position_with_a_few_values_splits_events()
    {
        // Up to MaxEventWords values (states, commands): each is its own event, as Loghub's annotators label them.
        var states = new[] { "NEW", "UNASSIGNED", "ASSIGNED", "RUNNING", "SUCCEEDED", "FAILED" };
        var (result, _) = Mine(Enumerable.Range(0, 60).Select(i => $"attempt_{i} TaskAttempt Transitioned from {states[i % 6]} to {states[(i + 1) % 6]}"));
        result.Templates.Count.ShouldBe(6);
        result.Templates.ShouldContain(t => t.Text == "<*> TaskAttempt Transitioned from NEW to UNASSIGNED");
    }

    [Fact]
    public void Value_with_spaces_does_not_split_the_event()
    {
        var lines = new[]
        {
            "BLOCK* ask 10.0.0.1:50010 to delete blk_1 blk_2",
            "BLOCK* ask 10.0.0.2:50010 to delete blk_3",
            "BLOCK* ask 10.0.0.3:50010 to delete blk_4",
            "BLOCK* ask 10.0.0.4:50010 to delete blk_5 blk_6 blk_7",
        };
        var (result, ids) = Mine(lines);
        result.Templates.Count.ShouldBe(1);
        result.TemplateOf(ids[0]).Text.ShouldBe("BLOCK* ask <*>:<*> to delete <*>");
    }

    [Fact]
    public void Early_lines_are_relabelled_with_the_final_template()
    {
        var lines = new List<string> { "Took 1.5 seconds to spawn the instance on the hypervisor." };
        lines.AddRange(Enumerable.Range(2, 20).Select(i => $"Took {i}.{i} seconds to spawn the instance on the hypervisor."));
        var (result, ids) = Mine(lines);
        result.TemplateOf(ids[0]).ShouldBeSameAs(result.TemplateOf(ids[^1]));
        result.TemplateOf(ids[0]).Text.ShouldBe("Took <*> seconds to spawn the instance on the hypervisor.");
        result.TemplateOf(ids[0]).Count.ShouldBe(21);
    }

    [Fact]
    public void Merging_chunk_miners_in_order_equals_one_sequential_miner()
    {
        var rng = new Random(7);
        var words = new[] { "open", "close", "read", "write" };
        var lines = Enumerable.Range(0, 400).Select(i => $"{words[rng.Next(4)]} file {rng.Next(1000)} by user{rng.Next(5)} took {rng.Next(100)}ms").ToList();
        var (sequential, _) = Mine(lines);
        var a = new TemplateMiner();
        var b = new TemplateMiner();
        foreach (var l in lines.Take(150)) { a.Add(l); }
        foreach (var l in lines.Skip(150)) { b.Add(l); }
        var merged = new TemplateMiner();
        merged.Merge(a);
        merged.Merge(b);
        var parallel = merged.Finish();
        parallel.Templates.Select(t => (t.Id, t.Text, t.Count)).ShouldBe(sequential.Templates.Select(t => (t.Id, t.Text, t.Count)));
    }

    [Fact]
    public void Pipeline_assignments_are_one_row_per_record_in_order()
    {
        var path = Path.GetTempFileName();
        try
        {
            var sb = new StringBuilder();
            for (var i = 0; i < 5000; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"2024-01-01T00:00:{i % 60:00}Z INFO worker: job {i} finished in {i % 97} ms\n");
                sb.Append(CultureInfo.InvariantCulture, $"2024-01-01T00:00:{i % 60:00}Z ERROR worker: job {i} failed: connection refused\n");
            }
            File.WriteAllText(path, sb.ToString());
            var pipeline = new TemplateMiningPipeline(null);
            pipeline.AddFile(path);
            var result = pipeline.Finish();
            var w = new StringWriter();
            pipeline.WriteAssignments(result, w);
            var rows = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            rows.Length.ShouldBe(10001);
            rows[1].ShouldBe("1,E1,job <*> finished in <*> ms");
            rows[2].ShouldBe("2,E2,job <*> failed: connection refused");
            result.Templates[1].Level.ShouldBe(Firefighter.Evidence.LogLevel.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public class TemplateMiningPipelineTests
{
    private static string Assignments(string path, int threads, MinerOptions? options = null)
    {
        var pipeline = new TemplateMiningPipeline(null, parallelism: threads, options: options);
        pipeline.AddFile(path);
        var w = new StringWriter();
        pipeline.WriteAssignments(pipeline.Finish(), w);
        return w.ToString();
    }

    [Fact]
    public void Output_is_the_same_for_any_thread_count_over_many_blocks()
    {
        var path = Path.GetTempFileName();
        try
        {
            var rng = new Random(5);
            var verbs = new[] { "opened", "closed", "moved", "copied", "locked", "synced", "dropped" };
            using (var w = new StreamWriter(path))
            {
                // ~3 MB: several 1 MB blocks, with new signatures appearing late.
                for (var i = 0; i < 40000; i++)
                {
                    w.Write(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"2024-01-01T00:00:{i % 60:00}Z INFO store{(i > 30000 ? "late" : "")}: file {rng.Next()} {verbs[rng.Next(verbs.Length)]} by user{rng.Next(3)} in {rng.Next(100)} ms\n"));
                }
            }
            var one = Assignments(path, 1);
            Assignments(path, 2).ShouldBe(one);
            Assignments(path, 4).ShouldBe(one);
            one.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(40001);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Stack_trace_lines_join_their_record()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "2024-01-15T10:00:04Z ERROR request failed\njava.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\nCaused by: x.Y: z\n\t... 5 more\n2024-01-15T10:00:05Z INFO ok\n");
            var rows = Assignments(path, 1).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            rows.ShouldBe(["LineId,EventId,EventTemplate", "1,E1,request failed", "2,E2,ok"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void User_masks_and_kept_tokens_change_the_templates()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, string.Concat(Enumerable.Range(0, 20).Select(i => $"session for {(i % 2 == 0 ? "alice" : "bob")} via ssh{1 + i / 2 % 2} ok\n")));
            var plain = Assignments(path, 1);
            plain.ShouldContain("session for alice via <*> ok");
            plain.ShouldContain("session for bob via <*> ok");
            var mask = MinerOptions.ParseMask("USER=alice|bob", out _)!.Value;
            var custom = Assignments(path, 1, new MinerOptions { Masks = [mask], Keep = new HashSet<string> { "ssh1", "ssh2" } });
            custom.ShouldContain("session for <*> via ssh1 ok");
            custom.ShouldContain("session for <*> via ssh2 ok");
            custom.ShouldNotContain("alice");
            MinerOptions.ParseMask("BAD=(", out var error).ShouldBeNull();
            error.ShouldNotBeNull();
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public class AssignmentWriterTests
{
    [Fact]
    public void Byte_writer_over_many_blocks_matches_the_text_writer_for_any_thread_count()
    {
        // Over 3 MB: several 1 MB blocks, whose rows are formatted in parallel and must still come out numbered in input order.
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, string.Concat(Enumerable.Range(0, 120_000).Select(i => i % 5 == 0 ? $"user {i} logged in from host-{i % 7}\n" : $"copied block blk_{i} of {i * 3} bytes\n")));
            var outputs = new List<string>();
            foreach (var threads in new[] { 1, 2, 4 })
            {
                var pipeline = new TemplateMiningPipeline(null, parallelism: threads);
                pipeline.AddFile(path);
                var result = pipeline.Finish();
                var bytes = new MemoryStream();
                pipeline.WriteAssignments(result, bytes);
                var text = new StringWriter();
                pipeline.WriteAssignments(result, text);
                var csv = System.Text.Encoding.UTF8.GetString(bytes.ToArray());
                csv.ShouldBe(text.ToString());
                outputs.Add(csv);
            }
            outputs.Distinct().Count().ShouldBe(1);
            var rows = outputs[0].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            rows.Length.ShouldBe(120_001);
            rows[100_001].ShouldStartWith("100001,");
            rows[100_001].ShouldEndWith(",user <*> logged in from host-<*>");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Byte_and_text_writers_give_the_same_csv()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, string.Concat(Enumerable.Range(0, 3000).Select(i => i % 3 == 0 ? $"read \"{i}\", ok, déjà vu\n" : $"job {i} done\n")));
            var pipeline = new TemplateMiningPipeline(null);
            pipeline.AddFile(path);
            var result = pipeline.Finish();
            var text = new StringWriter();
            pipeline.WriteAssignments(result, text);
            var bytes = new MemoryStream();
            pipeline.WriteAssignments(result, bytes);
            System.Text.Encoding.UTF8.GetString(bytes.ToArray()).ShouldBe(text.ToString());
            text.ToString().ShouldContain("1,E1,\"read \"\"<*>\"\", ok, déjà vu\"");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
