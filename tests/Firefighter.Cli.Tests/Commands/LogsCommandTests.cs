using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Firefighter.Cli.Tests.Commands;

public class LogsCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var ctx = new CliContext { Out = o, Error = e };
        var code = await Cli.RunAsync(args, ctx);
        return (code, o.ToString(), e.ToString());
    }

    private static string WriteLog(Func<int, string> line, int count)
    {
        var path = Path.Combine(Path.GetTempPath(), "ff-logs-test-" + Guid.NewGuid().ToString("N") + ".log");
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++) { sb.Append(line(i)).Append('\n'); }
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public async Task Patterns_json_lists_templates_and_assignments_have_one_row_per_record()
    {
        var log = WriteLog(i => string.Create(CultureInfo.InvariantCulture, $"2024-01-01T10:{i / 60:00}:{i % 60:00}Z {(i % 10 == 0 ? "ERROR" : "INFO")} api: {(i % 10 == 0 ? $"timeout calling db-{i % 3}:5432" : $"served request {i} in {i % 50} ms")}"), 300);
        var csv = Path.ChangeExtension(log, ".csv");
        try
        {
            var (code, stdout, _) = await Run("logs", "patterns", log, "--json", "--assignments", csv);
            code.ShouldBe(0);
            using var doc = JsonDocument.Parse(stdout);
            doc.RootElement.GetProperty("records").GetInt64().ShouldBe(300);
            var templates = doc.RootElement.GetProperty("templates").EnumerateArray().Select(t => t.GetProperty("template").GetString()).ToList();
            templates.ShouldBe(["served request <*> in <*> ms", "timeout calling db-<*>:<*>"]);
            var rows = File.ReadAllLines(csv);
            rows[0].ShouldBe("LineId,EventId,EventTemplate");
            rows.Length.ShouldBe(301);
            rows[1].ShouldBe("1,E1,timeout calling db-<*>:<*>");
        }
        finally
        {
            File.Delete(log);
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Unreadable_file_exits_3_naming_the_file()
    {
        var (code, _, err) = await Run("logs", "patterns", "/nonexistent/app.log");
        code.ShouldBe(3);
        err.ShouldContain("/nonexistent/app.log");
        err.Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Diff_without_sides_or_split_is_a_usage_error()
    {
        var (code, _, err) = await Run("logs", "diff", "--split", "2024-01-01T00:00:00Z");
        code.ShouldBe(1);
        err.ShouldContain("--baseline");
    }

    [Fact]
    public async Task Diff_split_reports_new_error_template_first()
    {
        var log = WriteLog(i => string.Create(CultureInfo.InvariantCulture,
            $"2024-01-01T10:{i / 20:00}:{i % 20:00}Z {(i >= 400 && i % 2 == 0 ? "ERROR" : "INFO")} api: {(i >= 400 && i % 2 == 0 ? $"panic: nil map write in handler {i}" : $"served request {i}")}"), 800);
        try
        {
            var (code, stdout, _) = await Run("logs", "diff", log, "--split", "2024-01-01T10:20:00Z", "--json");
            code.ShouldBe(2);
            using var doc = JsonDocument.Parse(stdout);
            var first = doc.RootElement.GetProperty("changes")[0];
            first.GetProperty("change").GetString().ShouldBe("new");
            first.GetProperty("template").GetString().ShouldBe("panic: nil map write in handler <*>");
            first.GetProperty("incidentCount").GetInt64().ShouldBe(200);
        }
        finally
        {
            File.Delete(log);
        }
    }

    [Fact]
    public async Task Diff_against_a_saved_baseline_state_finds_the_new_error_template()
    {
        var baseline = WriteLog(i => string.Create(CultureInfo.InvariantCulture, $"2024-01-01T09:{i / 20:00}:{i % 20:00}Z INFO api: served request {i} in {i % 40} ms"), 400);
        var incident = WriteLog(i => string.Create(CultureInfo.InvariantCulture,
            $"2024-01-01T10:{i / 20:00}:{i % 20:00}Z {(i % 2 == 0 ? "ERROR" : "INFO")} api: {(i % 2 == 0 ? $"panic: nil map write in handler {i}" : $"served request {i} in {i % 40} ms")}"), 400);
        var state = Path.ChangeExtension(baseline, ".json");
        try
        {
            var (code, json, _) = await Run("logs", "patterns", baseline, "--json");
            code.ShouldBe(0);
            File.WriteAllText(state, json);
            var (code2, stdout, _) = await Run("logs", "diff", "--baseline-state", state, "--incident", incident, "--json");
            code2.ShouldBe(2);
            using var doc = JsonDocument.Parse(stdout);
            doc.RootElement.GetProperty("baselineRecords").GetInt64().ShouldBe(400);
            var changes = doc.RootElement.GetProperty("changes").EnumerateArray().ToList();
            changes[0].GetProperty("change").GetString().ShouldBe("new");
            changes[0].GetProperty("template").GetString().ShouldBe("panic: nil map write in handler <*>");
            changes.ShouldNotContain(c => c.GetProperty("change").GetString() == "new" && c.GetProperty("template").GetString()!.StartsWith("served", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(baseline);
            File.Delete(incident);
            File.Delete(state);
        }
    }

    [Fact]
    public async Task Baseline_state_that_is_not_a_state_exits_3_naming_the_file()
    {
        var bad = WriteLog(_ => "{not json", 3);
        try
        {
            var (code, _, err) = await Run("logs", "diff", "--baseline-state", bad, "--incident", bad);
            code.ShouldBe(3);
            err.ShouldContain(bad);
            err.Trim().Split('\n').Length.ShouldBe(1);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public async Task Invalid_mask_is_a_usage_error()
    {
        var (code, _, err) = await Run("logs", "patterns", "x.log", "--mask", "BAD=(");
        code.ShouldBe(1);
        err.ShouldContain("--mask BAD=(");
    }
}
