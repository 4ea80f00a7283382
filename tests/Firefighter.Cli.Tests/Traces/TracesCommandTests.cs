using System.Text.Json;
using Firefighter.Testing;

namespace Firefighter.Cli.Tests.Traces;

public sealed class TracesCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ff-traces-").FullName;

    private string Write(SimFault fault, string target, bool jaeger = true)
    {
        var path = Path.Combine(_dir, $"{fault}-{target}.json");
        using var f = File.Create(path);
        var spans = new TraceSimulator(seed: 21).Run(fault, target, requests: 900);
        if (jaeger)
        {
            TraceJsonWriter.WriteJaeger(spans, f);
        }
        else
        {
            TraceJsonWriter.WriteOtlp(spans, f);
        }
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await Cli.RunAsync(args, new CliContext { Out = o, Error = e });
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Analyze_json_ranks_the_culprit_first_and_exits_2()
    {
        var file = Write(SimFault.Error, "shipping", jaeger: false);

        var (code, stdout, _) = await Run("traces", "analyze", file, "--json");

        code.ShouldBe(2);
        using var doc = JsonDocument.Parse(stdout);
        var culprits = doc.RootElement.GetProperty("culprits");
        culprits[0].GetProperty("service").GetString().ShouldBe("shipping");
        culprits[0].GetProperty("traceIds").GetArrayLength().ShouldBeGreaterThan(0);
        doc.RootElement.GetProperty("edges").EnumerateArray().ShouldContain(e => e.GetProperty("caller").GetString() == "checkout" && e.GetProperty("callee").GetString() == "shipping");
        doc.RootElement.GetProperty("onsetGiven").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Analyze_human_output_shows_graph_ranking_and_hot_spots()
    {
        var file = Write(SimFault.Cpu, "cart");

        var (code, stdout, _) = await Run("traces", "analyze", file, "--onset", "2024-05-01T12:10:00Z");

        code.ShouldBe(2);
        stdout.ShouldContain("Service graph");
        stdout.ShouldContain("Culprit ranking");
        stdout.ShouldContain("Critical-path hot spots");
        stdout.ShouldContain("(given)");
        var rankLine = stdout.Split('\n').First(l => l.Contains("slow_processing", StringComparison.Ordinal) && l.Contains("│ 1 ", StringComparison.Ordinal));
        rankLine.ShouldContain("cart");
    }

    [Fact]
    public async Task Healthy_traces_exit_0()
    {
        var path = Path.Combine(_dir, "ok.json");
        using (var f = File.Create(path))
        {
            TraceJsonWriter.WriteJaeger(new TraceSimulator(seed: 1) { NoiseErrorRate = 0 }.Run(SimFault.None, "x", requests: 300), f);
        }

        var (code, stdout, _) = await Run("traces", "analyze", path);

        code.ShouldBe(0);
        stdout.ShouldContain("No abnormal behaviour");
    }

    [Fact]
    public async Task Missing_file_exits_3_and_bad_onset_exits_1()
    {
        (await Run("traces", "analyze", Path.Combine(_dir, "nope.json"))).Code.ShouldBe(3);
        var bad = await Run("traces", "analyze", Write(SimFault.None, "x"), "--onset", "yesterday-ish");
        bad.Code.ShouldBe(1);
        bad.Err.ShouldContain("--onset");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
