using System.Diagnostics;
using System.Text.Json;
using Firefighter.Testing;

namespace Firefighter.Cli.Tests.Investigate;

/// <summary>Issue 15: "could not read" is never "healthy"; what was read and what was not is part of every answer.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CoverageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ff-coverage").FullName;

    public void Dispose()
    {
        foreach (var d in Directory.EnumerateDirectories(_dir, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(d, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Directory.Delete(_dir, true);
    }

    private static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRun.Run(args);

    private static string Sample(string name) => RepoPaths.InRepo("samples", name);

    private string Bundle(string name, params (string Path, byte[] Content)[] files)
    {
        var root = Path.Combine(_dir, name);
        Directory.CreateDirectory(root);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, content);
        }
        return root;
    }

    private static byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    private static JsonElement Source(JsonElement report, string name) =>
        report.GetProperty("coverage").GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("source").GetString() == name);

    [Fact]
    public async Task An_empty_directory_is_insufficient_evidence_exit_3_saying_nothing_could_be_read()
    {
        var empty = Bundle("empty");

        var (code, stdout, stderr) = await Run("investigate", empty, "--json");

        code.ShouldBe(ExitCodes.CannotRun);
        using var doc = JsonDocument.Parse(stdout);
        doc.RootElement.GetProperty("status").GetString().ShouldBe("insufficient_evidence");
        doc.RootElement.GetProperty("coverage").GetProperty("missing").GetString()!.ShouldContain("no logs, metrics, Kubernetes objects or traces could be read");
        stderr.ShouldContain("ff: insufficient evidence: ");
    }

    [Fact]
    public async Task A_bundle_whose_only_log_is_binary_is_insufficient_and_names_the_skipped_file_and_why()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[10] = 0;
        var bundle = Bundle("binary", ("logs/app.log", bytes));

        var (code, stdout, stderr) = await Run("investigate", bundle, "--json");

        code.ShouldBe(ExitCodes.CannotRun);
        using var doc = JsonDocument.Parse(stdout);
        doc.RootElement.GetProperty("status").GetString().ShouldBe("insufficient_evidence");
        var logs = Source(doc.RootElement, "logs");
        logs.GetProperty("filesRead").GetInt32().ShouldBe(0);
        var skipped = logs.GetProperty("skipped")[0];
        skipped.GetProperty("path").GetString().ShouldBe("logs/app.log");
        skipped.GetProperty("reason").GetString()!.ShouldContain("binary");
        stderr.ShouldContain("logs/app.log");
    }

    [Fact]
    public async Task A_kubectl_List_truncated_after_one_failing_pod_is_never_healthy()
    {
        var list = """
            {"apiVersion":"v1","kind":"List","items":[
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"checkout-7d9f-abcde","namespace":"shop"},
             "status":{"phase":"Running","containerStatuses":[{"name":"checkout","ready":false,"restartCount":14,
               "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 5m0s restarting failed container"}},
               "lastState":{"terminated":{"exitCode":1,"reason":"Error"}}}]}},
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"checkout-7d9f-fgh
            """;
        var bundle = Bundle("truncated", ("k8s/pods.json", Utf8(list)));

        var (code, stdout, _) = await Run("investigate", bundle, "--json");

        code.ShouldNotBe(ExitCodes.Ok);
        using var doc = JsonDocument.Parse(stdout);
        doc.RootElement.GetProperty("status").GetString().ShouldNotBe("healthy");
        doc.RootElement.GetProperty("warnings").EnumerateArray().ShouldContain(w => w.GetProperty("source").GetString() == "k8s/pods.json");
    }

    [Fact]
    public async Task An_alert_pointing_at_a_service_nobody_read_is_not_healthy()
    {
        // A resolved alert on checkout; the only other evidence is a flat metric of another service.
        var alert = """
            {"status":"resolved","alerts":[{"status":"resolved","labels":{"alertname":"HighErrorRate","service":"checkout","severity":"page"},
              "annotations":{"summary":"5xx above 5%"},"startsAt":"2024-03-01T10:00:00Z","endsAt":"2024-03-01T10:20:00Z"}]}
            """;
        var csv = string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{1709287200 + i * 60},inventory_requests_total,{100 + i % 3}"));
        var bundle = Bundle("alert-elsewhere", ("alerts/alert.json", Utf8(alert)), ("metrics/inventory.csv", Utf8("timestamp,series,value\n" + csv)));

        var (code, stdout, _) = await Run("investigate", bundle, "--json");

        code.ShouldBe(ExitCodes.CannotRun);
        using var doc = JsonDocument.Parse(stdout);
        doc.RootElement.GetProperty("status").GetString().ShouldBe("insufficient_evidence");
        doc.RootElement.GetProperty("coverage").GetProperty("missing").GetString()!.ShouldContain("'checkout'");
    }

    [Fact]
    public async Task The_healthy_sample_stays_healthy_and_its_coverage_counts_every_source()
    {
        var (code, stdout, _) = await Run("investigate", Sample("healthy"), "--json");

        code.ShouldBe(ExitCodes.Ok);
        using var doc = JsonDocument.Parse(stdout);
        doc.RootElement.GetProperty("status").GetString().ShouldBe("healthy");
        var names = doc.RootElement.GetProperty("coverage").GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("source").GetString()).ToList();
        names.ShouldBe(["logs", "metrics", "k8s", "traces", "changes", "alerts"]);
        var logs = Source(doc.RootElement, "logs");
        logs.GetProperty("filesRead").GetInt32().ShouldBe(Directory.GetFiles(Path.Combine(Sample("healthy"), "logs")).Length);
        logs.GetProperty("records").GetInt32().ShouldBeGreaterThan(0);
        Source(doc.RootElement, "traces").GetProperty("filesRead").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Coverage_is_in_the_terminal_the_markdown_and_the_html()
    {
        var outDir = Path.Combine(_dir, "out");
        var bytes = new byte[512];
        bytes[3] = 0;
        var bundle = Path.Combine(_dir, "with-binary");
        CopyDirectory(Sample("oom-after-deploy"), bundle);
        File.WriteAllBytes(Path.Combine(bundle, "logs", "core.dump.log"), bytes);

        var (code, stdout, _) = await Run("investigate", bundle, "--out", outDir);

        code.ShouldBe(ExitCodes.Problems);
        stdout.ShouldContain("Coverage");
        stdout.ShouldContain("logs/core.dump.log: not read: binary file");
        var md = await File.ReadAllTextAsync(Path.Combine(outDir, "report.md"));
        md.ShouldContain("## Evidence coverage");
        md.ShouldContain("- **Coverage**: logs 8 files, metrics 6 files, k8s 7 files, traces none, changes 1 file, alerts 2 files; 1 file skipped");
        md.ShouldContain("`logs/core.dump.log`: not read: binary file");
        var html = await File.ReadAllTextAsync(Path.Combine(outDir, "report.html"));
        html.ShouldContain("<section id=\"coverage\">");
        html.ShouldContain("<code>logs/core.dump.log</code>: not read: binary file");
    }

    [Fact]
    public async Task Dropped_records_are_counted_per_source()
    {
        var csv = "timestamp,value\n1709287200,1\nnot-a-time,2\n1709287320,3\n1709287380,x\n1709287440,5\n";
        var bundle = Bundle("dropped", ("metrics/q.csv", Utf8(csv)));

        var (_, stdout, _) = await Run("investigate", bundle, "--json");

        using var doc = JsonDocument.Parse(stdout);
        var metrics = Source(doc.RootElement, "metrics");
        metrics.GetProperty("filesRead").GetInt32().ShouldBe(1);
        metrics.GetProperty("recordsDropped").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task An_unreadable_k8s_folder_is_a_visible_warning_and_shows_in_the_coverage()
    {
        var bundle = Path.Combine(_dir, "perm");
        CopyDirectory(Sample("oom-after-deploy"), bundle);
        File.SetUnixFileMode(Path.Combine(bundle, "k8s"), UnixFileMode.None);
        OpenForOthers(bundle);

        var (code, stdout, stderr) = await RunUnprivileged("investigate", bundle, "--json");

        code.ShouldBe(ExitCodes.Problems, stderr);
        stderr.ShouldContain("ff: warning: k8s/: not read: directory cannot be listed (permission denied)");
        using var doc = JsonDocument.Parse(stdout);
        var k8s = Source(doc.RootElement, "k8s");
        k8s.GetProperty("filesRead").GetInt32().ShouldBe(0);
        k8s.GetProperty("skipped")[0].GetProperty("path").GetString().ShouldBe("k8s/");
    }

    [Fact]
    public async Task Warnings_are_printed_the_first_five_in_full_then_counted_and_verbose_prints_all()
    {
        var files = Enumerable.Range(0, 8).Select(i => ($"logs/bin{i}.log", new byte[] { 1, 0, 2, 0 })).ToList();
        files.Add(("logs/ok.log", Utf8("2024-03-01T10:00:00Z INFO started\n2024-03-01T10:00:01Z INFO ready\n")));
        var bundle = Bundle("many-warnings", [.. files]);

        var (_, _, stderr) = await Run("investigate", bundle);
        var (_, _, verbose) = await Run("investigate", bundle, "--verbose");

        stderr.Split('\n').Count(l => l.StartsWith("ff: warning: ", StringComparison.Ordinal)).ShouldBe(5);
        stderr.ShouldContain("ff: ... and 3 more warnings (--verbose shows all");
        verbose.Split('\n').Count(l => l.StartsWith("ff: warning: ", StringComparison.Ordinal)).ShouldBe(8);
        verbose.ShouldNotContain("more warnings");
    }

    [Fact]
    public async Task An_unknown_analyzer_is_a_usage_error()
    {
        var (code, stdout, stderr) = await Run("investigate", Sample("healthy"), "--analyzer", "nosuch");

        code.ShouldBe(ExitCodes.Usage);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("unknown analyzer 'nosuch'");
        stderr.ShouldContain("logs.patterns");
    }

    [Fact]
    public async Task A_signature_directory_that_does_not_exist_is_a_usage_error()
    {
        var missing = Path.Combine(_dir, "nope");

        var (code, _, stderr) = await Run("investigate", Sample("healthy"), "--signatures", missing);

        code.ShouldBe(ExitCodes.Usage);
        stderr.ShouldContain(missing);
        stderr.ShouldContain("does not exist");
    }

    [Fact]
    public async Task A_broken_user_signature_is_a_usage_error_naming_the_file_and_line()
    {
        var sigs = Directory.CreateDirectory(Path.Combine(_dir, "sigs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(sigs, "broken.yaml"), "id: [oops\n");

        var (code, stdout, stderr) = await Run("investigate", Sample("oom-after-deploy"), "--json", "--signatures", sigs);

        code.ShouldBe(ExitCodes.Usage);
        stdout.ShouldBeEmpty();
        stderr.ShouldContain("broken.yaml");
        stderr.ShouldContain("invalid YAML");
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private void OpenForOthers(string bundle)
    {
        var open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
                   | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(_dir, open);
        File.SetUnixFileMode(bundle, open);
        foreach (var d in Directory.EnumerateDirectories(bundle).Where(d => Path.GetFileName(d) != "k8s"))
        {
            File.SetUnixFileMode(d, open);
            foreach (var f in Directory.EnumerateFiles(d))
            {
                File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }
    }

    // Permissions do not deny root: as root, the real ff runs as nobody (setpriv), so the directory really cannot be listed.
    private static async Task<(int Code, string Out, string Err)> RunUnprivileged(params string[] args)
    {
        if (Environment.UserName != "root")
        {
            return await Run(args);
        }
        var psi = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", Path.Combine(AppContext.BaseDirectory, "ff.dll"), .. args])
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["HOME"] = Path.GetTempPath();
        psi.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        psi.Environment["FF_SIGNATURES"] = "";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout, await stderr);
    }
}
