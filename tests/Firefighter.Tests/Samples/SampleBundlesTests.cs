using System.IO.Compression;
using System.Text.Json;
using Firefighter.SampleGen;
using Firefighter.Testing;
using YamlDotNet.RepresentationModel;

namespace Firefighter.Tests.Samples;

public sealed class SampleBundlesTests : IDisposable
{
    private static readonly string SamplesDir = RepoPaths.InRepo("samples");
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "ff-samples-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string> Bundles() => new(SampleBundles.Scenarios.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Bundles))]
    public void Committed_bundle_json_files_parse(string bundle)
    {
        var files = Directory.GetFiles(Path.Combine(SamplesDir, bundle), "*.json", SearchOption.AllDirectories);
        files.Length.ShouldBeGreaterThan(5);
        foreach (var file in files)
        {
            Should.NotThrow(() => JsonDocument.Parse(File.ReadAllBytes(file)).Dispose(), file);
        }
    }

    [Theory]
    [MemberData(nameof(Bundles))]
    public void Committed_bundle_yaml_files_parse(string bundle)
    {
        var files = Directory.GetFiles(Path.Combine(SamplesDir, bundle), "*.yaml", SearchOption.AllDirectories);
        files.ShouldContain(f => f.EndsWith("incident.yaml", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(file)));
            yaml.Documents.Count.ShouldBe(1, file);
            yaml.Documents[0].RootNode.ShouldBeOfType<YamlMappingNode>(file);
        }
    }

    [Fact]
    public void Incident_yaml_has_the_documented_keys()
    {
        foreach (var scenario in SampleBundles.Scenarios)
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(File.ReadAllText(Path.Combine(SamplesDir, scenario.Name, "incident.yaml"))));
            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            var keys = root.Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToList();
            keys.ShouldBe(["title", "start", "end", "services", "namespace", "notes", "captured_at"], ignoreOrder: true);
        }
    }

    [Fact]
    public void Oom_bundle_shows_the_crash_looping_pods_and_the_healthy_old_pod()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SamplesDir, "oom-after-deploy", "k8s", "get-pods-rs-deploy-svc.json")));
        var pods = doc.RootElement.GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("kind").GetString() == "Pod" && i.GetProperty("metadata").GetProperty("name").GetString()!.StartsWith("api-", StringComparison.Ordinal))
            .ToDictionary(i => i.GetProperty("metadata").GetProperty("name").GetString()!, i => i.GetProperty("status").GetProperty("containerStatuses")[0]);
        pods.Count.ShouldBe(3);
        foreach (var name in new[] { "api-6b7ddd89c6-4x9kl", "api-6b7ddd89c6-7nm2q" })
        {
            pods[name].GetProperty("restartCount").GetInt32().ShouldBe(8);
            pods[name].GetProperty("state").GetProperty("waiting").GetProperty("reason").GetString().ShouldBe("CrashLoopBackOff");
            var last = pods[name].GetProperty("lastState").GetProperty("terminated");
            last.GetProperty("reason").GetString().ShouldBe("OOMKilled");
            last.GetProperty("exitCode").GetInt32().ShouldBe(137);
        }
        pods["api-5c9f88d7b5-2kl8n"].GetProperty("restartCount").GetInt32().ShouldBe(0);
    }

    [Fact]
    public void Regenerating_reproduces_the_committed_bytes()
    {
        SampleBundles.GenerateAll(_temp);
        foreach (var scenario in SampleBundles.Scenarios)
        {
            var committedDir = Path.Combine(SamplesDir, scenario.Name);
            var generatedDir = Path.Combine(_temp, scenario.Name);
            var committed = Directory.GetFiles(committedDir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(committedDir, f)).Order(StringComparer.Ordinal).ToList();
            var generated = Directory.GetFiles(generatedDir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(generatedDir, f)).Order(StringComparer.Ordinal).ToList();
            generated.ShouldBe(committed, scenario.Name);
            foreach (var rel in committed)
            {
                // Deflate output may change with the runtime's zlib, so .gz files are compared by content.
                var expected = Content(Path.Combine(committedDir, rel));
                var actual = Content(Path.Combine(generatedDir, rel));
                actual.SequenceEqual(expected).ShouldBeTrue($"{scenario.Name}/{rel} differs from a fresh run of tools/SampleGen");
            }
        }
    }

    private static byte[] Content(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal))
        {
            return File.ReadAllBytes(path);
        }
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    public void Dispose()
    {
        if (Directory.Exists(_temp))
        {
            Directory.Delete(_temp, recursive: true);
        }
    }
}
