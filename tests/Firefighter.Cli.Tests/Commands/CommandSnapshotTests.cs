using System.Text.Json;
using System.Text.Json.Nodes;
using Firefighter.Testing;

namespace Firefighter.Cli.Tests.Commands;

/// <summary>
/// What users and scripts see, pinned: every command's <c>--help</c> and the <c>--json</c> of the commands that read the bundled
/// samples. A change to an option, a description or a JSON field shows up here as a diff against <c>Expectations/</c>;
/// accept an intended one with <c>FF_ACCEPT=1</c>.
/// </summary>
public sealed class CommandSnapshotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ff-snapshots").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await Cli.RunAsync(args, new CliContext { Out = o, Error = e });
        return (code, o.ToString(), e.ToString());
    }

    private static readonly string[] CommandPaths =
    [
        "", "investigate", "demo", "report", "report render", "k8s", "k8s scan", "traces", "traces analyze", "metrics", "metrics detect", "metrics screen",
        "logs", "logs patterns", "logs diff", "alerts", "alerts generate", "alerts backtest", "alerts slo", "alerts runbooks", "collect", "serve",
    ];

    public static TheoryData<string> Commands() => [.. CommandPaths];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help(string command)
    {
        var args = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        var (code, stdout, _) = await Run([.. args, "--help"]);

        code.ShouldBe(ExitCodes.Ok);
        // The root command is named after the process: ff when run, testhost here.
        Snapshot.Match(stdout.Replace("testhost", "ff", StringComparison.Ordinal), $"help.{(command.Length == 0 ? "ff" : command.Replace(' ', '-'))}.txt");
    }

    [Fact]
    public void Every_command_has_a_help_snapshot()
    {
        var root = Cli.BuildRoot(new CliContext { Out = TextWriter.Null, Error = TextWriter.Null });
        var paths = new List<string>();
        void Walk(System.CommandLine.Command c, string prefix)
        {
            foreach (var sub in c.Subcommands)
            {
                var path = (prefix + " " + sub.Name).Trim();
                paths.Add(path);
                Walk(sub, path);
            }
        }
        Walk(root, "");

        paths.ShouldNotBeEmpty();
        paths.ShouldBeSubsetOf(CommandPaths);
    }

    [Theory]
    [InlineData("oom-after-deploy")]
    [InlineData("db-connection-refused")]
    [InlineData("healthy")]
    public async Task Investigate_json(string sample)
    {
        var (_, stdout, _) = await Run("investigate", Sample(sample), "--json");

        Snapshot.Match(Normalise(Summary(stdout)), $"investigate.{sample}.json");
    }

    [Fact]
    public async Task K8s_scan_json()
    {
        var (_, stdout, _) = await Run("k8s", "scan", "--snapshot", Sample("oom-after-deploy", "k8s"), "--json");

        Snapshot.Match(Normalise(stdout), "k8s-scan.oom-after-deploy.json");
    }

    [Fact]
    public async Task Metrics_detect_and_screen_json()
    {
        var files = Directory.GetFiles(Sample("db-connection-refused", "metrics")).Order(StringComparer.Ordinal).ToArray();

        var detect = await Run(["metrics", "detect", .. files, "--json"]);
        var screen = await Run(["metrics", "screen", .. files, "--json"]);

        Snapshot.Match(Normalise(detect.Out), "metrics-detect.db-connection-refused.json");
        Snapshot.Match(Normalise(screen.Out), "metrics-screen.db-connection-refused.json");
    }

    [Fact]
    public async Task Logs_patterns_and_diff_json()
    {
        var log = Sample("db-connection-refused", "logs", Directory.GetFiles(Sample("db-connection-refused", "logs"), "*checkout*").Select(Path.GetFileName).Order(StringComparer.Ordinal).First()!);

        var patterns = await Run("logs", "patterns", log, "--json");
        var diff = await Run("logs", "diff", log, "--split", "2024-01-15T13:59:00Z", "--json");

        Snapshot.Match(Normalise(patterns.Out), "logs-patterns.db-connection-refused.json");
        Snapshot.Match(Normalise(diff.Out), "logs-diff.db-connection-refused.json");
    }

    [Fact]
    public async Task Alerts_generate_json()
    {
        var (code, stdout, _) = await Run("alerts", "generate", Sample("oom-after-deploy"), "--out", _dir, "--json");

        code.ShouldBe(ExitCodes.Ok);
        Snapshot.Match(Normalise(stdout.Replace(_dir, "<out>", StringComparison.Ordinal)), "alerts-generate.oom-after-deploy.json");
    }

    /// <summary>The investigation report without its bulk (chart points, citations): status, onset, severity, hypotheses with their
    /// evidence, findings by kind, title and entity, warnings, unknowns and the analyzers that ran. The full schema has its own tests.</summary>
    private static string Summary(string json)
    {
        var r = JsonNode.Parse(json)!.AsObject();
        var keep = new JsonObject();
        foreach (var key in new[] { "schemaVersion", "status", "title", "asOf", "onset", "severity", "warnings", "unknowns", "analyzers" })
        {
            keep[key] = r[key]?.DeepClone();
        }
        keep["hypotheses"] = new JsonArray([.. r["hypotheses"]!.AsArray().Select(h => (JsonNode)new JsonObject
        {
            ["signature"] = h!["signature"]?.DeepClone(),
            ["title"] = h["title"]?.DeepClone(),
            ["confidence"] = h["confidence"]?.DeepClone(),
            ["entity"] = h["entity"]?.DeepClone(),
        })]);
        keep["findings"] = new JsonArray([.. r["findings"]!.AsArray().Select(f => (JsonNode)JsonValue.Create($"{f!["kind"]}: {f["title"]}"))]);
        keep["charts"] = new JsonArray([.. r["charts"]!.AsArray().Select(c => (JsonNode)JsonValue.Create((string?)c!["title"] ?? ""))]);
        return keep.ToJsonString();
    }

    private static string Sample(params string[] parts) => RepoPaths.InRepo(["samples", .. parts]);

    /// <summary>The JSON re-indented with the repository path replaced, so the snapshot does not depend on where the clone is.</summary>
    private static string Normalise(string json)
    {
        var node = JsonNode.Parse(json.Replace(RepoPaths.Root.Replace('\\', '/'), "<repo>", StringComparison.Ordinal));
        return node!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }
}
