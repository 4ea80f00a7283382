using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Firefighter.Testing;

namespace Firefighter.Cli.Tests.Investigate;

public sealed class InvestigateCommandTests : IDisposable
{
    private static readonly string[] ReportHeadings =
    [
        "# Incident Report:", "## Summary", "## Timeline", "## Root Cause Analysis", "### Five whys", "## Resolution",
        "### Immediate Mitigation", "### Permanent Fix", "## Monitoring & Alerts", "## Action Items", "## Resolution checklist",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("ff-investigate").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRun.Run(args);

    private static string Sample(string name) => RepoPaths.InRepo("samples", name);

    [Theory]
    [InlineData("oom-after-deploy", "oom-memory-leak-after-deploy", "Deployment", "api", "kubectl rollout undo deployment/api -n production")]
    [InlineData("db-connection-refused", "disk-full", "StatefulSet", "postgres", "df -h")]
    public async Task Samples_name_the_expected_cause_first_with_evidence_that_resolves_in_the_bundle(
        string sample, string signature, string kind, string name, string command)
    {
        var (code, stdout, stderr) = await Run("investigate", Sample(sample), "--json");

        code.ShouldBe(ExitCodes.Problems, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        root.GetProperty("status").GetString().ShouldBe("root_cause");
        var top = root.GetProperty("hypotheses")[0];
        top.GetProperty("rank").GetInt32().ShouldBe(1);
        top.GetProperty("signature").GetString().ShouldBe(signature);
        top.GetProperty("entity").GetProperty("kind").GetString().ShouldBe(kind);
        top.GetProperty("entity").GetProperty("name").GetString().ShouldBe(name);
        top.GetProperty("confidence").GetDouble().ShouldBeInRange(0.5, 1.0);
        top.GetProperty("mitigation").EnumerateArray().ShouldContain(m => m.GetProperty("command").GetString()!.Contains(command));
        root.GetProperty("onset").GetString().ShouldNotBeNull();

        var refs = top.GetProperty("evidence").EnumerateArray().SelectMany(c => c.GetProperty("refs").EnumerateArray()).ToList();
        refs.Count.ShouldBeGreaterThan(2);
        foreach (var r in refs)
        {
            AssertResolves(Sample(sample), r);
        }
    }

    [Fact]
    public async Task The_OOM_sample_onset_is_the_first_kill_and_the_report_cites_the_deploy()
    {
        var (_, stdout, _) = await Run("investigate", Sample("oom-after-deploy"), "--json");

        using var doc = JsonDocument.Parse(stdout);
        var onset = DateTimeOffset.Parse(doc.RootElement.GetProperty("onset").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        // Ground truth (samples/README.md): first OOM kill at 14:22:10; two 15 s samples either side.
        (onset - new DateTimeOffset(2024, 1, 15, 14, 22, 10, TimeSpan.Zero)).Duration().ShouldBeLessThanOrEqualTo(TimeSpan.FromSeconds(30));
        doc.RootElement.GetProperty("timeline").EnumerateArray().ShouldContain(t => t.GetProperty("kind").GetString() == "change" && t.GetProperty("text").GetString()!.Contains("v2.3.1"));
        doc.RootElement.GetProperty("severity").GetProperty("level").GetString().ShouldBeOneOf("P0", "P1");
        // The log diff (new templates after the onset) is part of the ranking's evidence.
        doc.RootElement.GetProperty("hypotheses")[0].GetProperty("evidence").EnumerateArray()
            .ShouldContain(c => c.GetProperty("finding").GetString() == "logs.template.new" && c.GetProperty("text").GetString()!.Contains("heap out of memory"));
    }

    [Fact]
    public async Task The_OOM_sample_ranks_on_kubernetes_findings_that_cite_the_k8s_dumps()
    {
        var (_, stdout, _) = await Run("investigate", Sample("oom-after-deploy"), "--json");

        using var doc = JsonDocument.Parse(stdout);
        var evidence = doc.RootElement.GetProperty("hypotheses")[0].GetProperty("evidence").EnumerateArray().ToList();
        var k8s = evidence.Where(c => c.GetProperty("finding").GetString()!.StartsWith("k8s.", StringComparison.Ordinal)).ToList();
        k8s.ShouldContain(c => c.GetProperty("finding").GetString() == "k8s.container.oomkilled");
        k8s.SelectMany(c => c.GetProperty("refs").EnumerateArray()).ShouldContain(r => r.GetProperty("source").GetString()!.StartsWith("k8s/", StringComparison.Ordinal));
        doc.RootElement.GetProperty("analyzers").EnumerateArray().Select(a => a.GetString()).ShouldContain("k8s.references");
    }

    [Fact]
    public async Task The_healthy_sample_claims_no_root_cause_and_exits_zero()
    {
        var (code, stdout, stderr) = await Run("investigate", Sample("healthy"), "--json");

        code.ShouldBe(ExitCodes.Ok, stderr);
        using var doc = JsonDocument.Parse(stdout);
        doc.RootElement.GetProperty("status").GetString().ShouldBe("healthy");
        doc.RootElement.GetProperty("hypotheses").EnumerateArray().ShouldNotContain(h => h.GetProperty("supported").GetBoolean());
    }

    [Fact]
    public async Task Out_writes_markdown_json_and_html_with_every_report_section()
    {
        var outDir = Path.Combine(_dir, "report");

        var (code, _, stderr) = await Run("investigate", Sample("oom-after-deploy"), "--out", outDir, "--no-color");

        code.ShouldBe(ExitCodes.Problems, stderr);
        var md = await File.ReadAllTextAsync(Path.Combine(outDir, "report.md"));
        var positions = ReportHeadings.Select(h => md.IndexOf(h, StringComparison.Ordinal)).ToList();
        positions.ShouldAllBe(p => p >= 0);
        positions.ShouldBeInOrder(SortDirection.Ascending);
        md.ShouldContain("kubectl rollout undo deployment/api -n production");
        var html = await File.ReadAllTextAsync(Path.Combine(outDir, "report.html"));
        html.ShouldContain("<svg");
        html.ShouldNotContain("<script");
        JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(outDir, "report.json"))).RootElement.GetProperty("status").GetString().ShouldBe("root_cause");
    }

    [Fact]
    public async Task Terminal_summary_without_a_tty_has_no_colour_codes_and_names_the_cause()
    {
        var (_, stdout, _) = await Run("demo");

        stdout.ShouldContain("Memory leak in api v2.3.1");
        stdout.ShouldContain("kubectl rollout undo deployment/api -n production");
        stdout.ShouldNotContain("\u001b[");
    }

    [Fact]
    public async Task A_path_that_does_not_exist_is_one_line_and_exit_3()
    {
        var missing = Path.Combine(_dir, "nope");

        var (code, stdout, stderr) = await Run("investigate", missing);

        code.ShouldBe(ExitCodes.CannotRun);
        stdout.ShouldBeEmpty();
        stderr.Trim().ShouldBe($"ff: {missing}: no such file or directory");
    }

    [Fact]
    public async Task A_truncated_archive_cannot_run_and_names_the_file()
    {
        var tgz = Path.Combine(_dir, "bundle.tar.gz");
        using (var file = File.Create(tgz))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        {
            TarFile.CreateFromDirectory(Sample("oom-after-deploy"), gz, includeBaseDirectory: false);
        }
        var bytes = await File.ReadAllBytesAsync(tgz);
        await File.WriteAllBytesAsync(tgz, bytes[..(bytes.Length / 2)]);

        var (code, _, stderr) = await Run("investigate", tgz);

        code.ShouldBe(ExitCodes.CannotRun);
        stderr.ShouldContain("bundle.tar.gz");
        stderr.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task A_whole_sample_as_tar_gz_gives_the_same_top_hypothesis()
    {
        var tgz = Path.Combine(_dir, "bundle.tgz");
        using (var file = File.Create(tgz))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        {
            TarFile.CreateFromDirectory(Sample("oom-after-deploy"), gz, includeBaseDirectory: true);
        }

        var (_, stdout, _) = await Run("investigate", tgz, "--json");

        using var doc = JsonDocument.Parse(stdout);
        doc.RootElement.GetProperty("hypotheses")[0].GetProperty("signature").GetString().ShouldBe("oom-memory-leak-after-deploy");
    }

    [Fact]
    public async Task An_unknown_option_is_a_usage_error()
    {
        var (code, _, stderr) = await Run("investigate", Sample("healthy"), "--frobnicate");

        code.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain("--frobnicate");
    }

    private static void AssertResolves(string bundle, JsonElement r)
    {
        var source = r.GetProperty("source").GetString()!;
        var path = Path.Combine(bundle, source);
        File.Exists(path).ShouldBeTrue($"cited file {source} is not in the bundle");
        var lines = File.ReadAllLines(path);
        if (r.TryGetProperty("line", out var lineEl))
        {
            var line = lineEl.GetInt32();
            line.ShouldBeInRange(1, lines.Length, $"{source}:{line} is past the end of the file");
            if (r.TryGetProperty("excerpt", out var ex) && source.StartsWith("logs/", StringComparison.Ordinal))
            {
                var quote = ex.GetString()!.TrimEnd('…');
                var head = quote[..Math.Min(30, quote.Length)];
                lines[line - 1].ShouldContain(head, Case.Sensitive, $"{source}:{line} does not say '{head}'");
            }
        }
        if (r.TryGetProperty("field", out var field) && field.GetString()!.Split(' ')[0].Split('/') is { Length: 3 } objectPath && !source.StartsWith("metrics/", StringComparison.Ordinal))
        {
            string.Join('\n', lines).ShouldContain(objectPath[2], Case.Sensitive, $"{source} does not hold {objectPath[2]}");
        }
    }
}
