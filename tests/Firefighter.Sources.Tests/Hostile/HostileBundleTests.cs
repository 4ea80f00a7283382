using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Firefighter.Sources.Bundles;

namespace Firefighter.Sources.Tests.Hostile;

/// <summary>Regression tests for the hostile inputs of issue 16: each bad value costs that value or record, with a warning naming the file, never the bundle.</summary>
public class HostileBundleTests
{
    private const string GoodPod = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"good","namespace":"prod"},"status":{"phase":"Running"}}""";

    [Theory]
    [InlineData("\"oops\"", "a string")]
    [InlineData("[]", "a list")]
    [InlineData("42", "a number")]
    public void K8sObjectWithMetadataOfWrongType_CostsThatObjectOnly(string metadata, string found)
    {
        using var bundle = new TestBundle().Text("k8s/pods.json",
            $$"""{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{{metadata}}},{{GoodPod}}]}""");

        var evidence = bundle.ReadOk();

        evidence.Objects.Single().Name.ShouldBe("good");
        evidence.Warnings.ShouldContain(w => w.Source == "k8s/pods.json" && w.Message.Contains("metadata: expected an object, found " + found));
    }

    [Fact]
    public void K8sContainersAsAnObject_IsDroppedWithWarningAndThePodKept()
    {
        using var bundle = new TestBundle().Text("k8s/pod.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: odd, namespace: prod}
            spec:
              containers: {name: app}
            status:
              containerStatuses: "broken"
            """);

        var evidence = bundle.ReadOk();

        var pod = evidence.Objects.Single();
        pod.Name.ShouldBe("odd");
        pod.Json["spec"]!.AsObject().ContainsKey("containers").ShouldBeFalse();
        evidence.Warnings.ShouldContain(w => w.Source == "k8s/pod.yaml" && w.Line == 1 && w.Message.Contains("2 field(s) of the wrong type"));
    }

    [Theory]
    [InlineData("k8s/pods.json")]
    [InlineData("alerts/webhook.json")]
    public void LoneSurrogateEscapeInJson_IsReplacedNotFatal(string path)
    {
        var content = path.StartsWith("k8s", StringComparison.Ordinal)
            ? """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"bad\ud800name","namespace":"prod","annotations":{"a":"\udfff x \ud83d\ude00"}}}"""
            : """{"status":"firing","alerts":[{"status":"firing","labels":{"alertname":"Crit\ud800","severity":"critical"},"annotations":{},"startsAt":"2024-01-15T14:00:00Z"}]}""";
        using var bundle = new TestBundle().Text(path, content);

        var evidence = bundle.ReadOk();

        if (path.StartsWith("k8s", StringComparison.Ordinal))
        {
            var pod = evidence.Objects.Single();
            pod.Name.ShouldBe("bad\uFFFDname");
            pod.Json["metadata"]!["annotations"]!["a"]!.GetValue<string>().ShouldBe("\uFFFD x \U0001F600");
        }
        else
        {
            evidence.Alerts.Single().Name.ShouldBe("Crit\uFFFD");
        }
        evidence.Warnings.ShouldNotContain(w => w.Message.Contains("malformed"));
    }

    [Fact]
    public void YamlNested50000Deep_StopsAtTheDepthLimitAndReadsTheNextDocument()
    {
        var deep = "a: " + new string('[', 50_000) + new string(']', 50_000) + "\n---\n" + GoodPodYaml;
        using var bundle = new TestBundle().Text("k8s/deep.yaml", deep);

        var evidence = bundle.ReadOk();

        evidence.Objects.Single().Name.ShouldBe("good");
        evidence.Warnings.ShouldContain(w => w.Source == "k8s/deep.yaml" && w.Line == 1 && w.Message.Contains("nested deeper than 256"));
    }

    [Fact]
    public void JsonNested50000Deep_IsAWarningNotACrash()
    {
        using var bundle = new TestBundle().Text("k8s/deep.json", new string('[', 50_000) + new string(']', 50_000)).Text("k8s/good.json", GoodPod);

        var evidence = bundle.ReadOk();

        evidence.Objects.Single().Name.ShouldBe("good");
        evidence.Warnings.ShouldContain(w => w.Source == "k8s/deep.json" && w.Message.Contains("depth"));
    }

    [Theory]
    [InlineData("k8s/laughs.yaml")]
    [InlineData("changes/laughs.yaml")]
    [InlineData("incident.yaml")]
    public void YamlAliasBomb_IsCutAtTheExpansionLimit(string path)
    {
        var sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            sb.Append($"a{i}: &a{i} [").AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", 10)).Append("]\n");
        }
        using var bundle = new TestBundle().Text(path, sb.ToString());

        var result = bundle.Read();

        result.Error.ShouldBeNull();
        result.Evidence!.Warnings.ShouldContain(w => w.Source == path && w.Message.Contains("aliases expand to more than"));
    }

    [Fact]
    public void YamlMergeKeyBomb_IsCutAtTheExpansionLimit()
    {
        var sb = new StringBuilder("m0: &m0 {k0: 0, k1: 1, k2: 2, k3: 3, k4: 4, k5: 5, k6: 6, k7: 7, k8: 8, k9: 9}\n");
        for (var i = 1; i < 12; i++)
        {
            sb.Append($"m{i}: &m{i}\n");
            for (var j = 0; j < 10; j++)
            {
                sb.Append($"  c{j}: {{<<: *m{i - 1}}}\n");
            }
        }
        using var bundle = new TestBundle().Text("k8s/merge.yaml", sb.ToString());

        var evidence = bundle.ReadOk();

        evidence.Warnings.ShouldContain(w => w.Source == "k8s/merge.yaml" && w.Message.Contains("aliases expand to more than"));
    }

    [Fact]
    public void GzipBombLog_IsCutAtThePerFileLimitKeepingTheRecordsBefore()
    {
        var lines = new StringBuilder();
        for (var i = 0; i < 200_000; i++)
        {
            lines.Append("2024-01-15T14:00:00Z INFO same line again and again\n");
        }
        using var bundle = new TestBundle().Gzip("logs/bomb.log.gz", Encoding.UTF8.GetBytes(lines.ToString())).Text("logs/ok.log", "2024-01-15T14:00:00Z INFO fine\n");

        var result = BundleReader.Read(bundle.Root, TestBundle.Clock, BundleReadOptions.Default with { MaxReadBytesPerFile = 1024 * 1024 }, ReaderRegistry.BuiltIn);

        var evidence = result.Evidence!;
        evidence.Logs.Count(l => l.Ref.Source == "logs/bomb.log.gz").ShouldBeInRange(10_000, 30_000);
        evidence.Logs.ShouldContain(l => l.Ref.Source == "logs/ok.log");
        evidence.Warnings.ShouldContain(w => w.Source == "logs/bomb.log.gz" && w.Message.Contains("limit on bytes read from one file"));
    }

    [Fact]
    public void BundleTotal_IsCutAtTheBundleLimit()
    {
        var line = "2024-01-15T14:00:00Z INFO " + new string('x', 1000) + "\n";
        using var bundle = new TestBundle();
        for (var i = 0; i < 5; i++)
        {
            bundle.Text($"logs/f{i}.log", string.Concat(Enumerable.Repeat(line, 400)));
        }

        var result = BundleReader.Read(bundle.Root, TestBundle.Clock, BundleReadOptions.Default with { MaxBundleBytes = 1024 * 1024 }, ReaderRegistry.BuiltIn);

        result.Evidence!.Logs.Count.ShouldBeLessThan(2000);
        result.Evidence.Warnings.ShouldContain(w => w.Message.Contains("limit on bytes read from the whole bundle"));
    }

    [Fact]
    public void SymlinkOutOfTheBundle_IsSkippedWithWarning()
    {
        using var bundle = new TestBundle().Text("logs/ok.log", "2024-01-15T14:00:00Z INFO fine\n").Text("logs/inside-target.log", "2024-01-15T14:00:01Z INFO inside\n");
        File.CreateSymbolicLink(Path.Combine(bundle.Root, "logs", "zero.log"), "/dev/zero");
        File.CreateSymbolicLink(Path.Combine(bundle.Root, "logs", "passwd.log"), "/etc/passwd");
        File.CreateSymbolicLink(Path.Combine(bundle.Root, "logs", "inside.log"), Path.Combine(bundle.Root, "logs", "inside-target.log"));

        var evidence = bundle.ReadOk();

        evidence.Warnings.ShouldContain(w => w.Source == "logs/zero.log" && w.Message.Contains("outside the bundle"));
        evidence.Warnings.ShouldContain(w => w.Source == "logs/passwd.log" && w.Message.Contains("outside the bundle"));
        evidence.Logs.Count(l => l.Message == "inside").ShouldBe(2);
        evidence.Logs.ShouldContain(l => l.Message == "fine");
    }

    [Fact]
    public void NamedPipeInTheBundle_IsSkippedWithWarningInsteadOfBlocking()
    {
        using var bundle = new TestBundle().Text("logs/ok.log", "2024-01-15T14:00:00Z INFO fine\n");
        if (!Shell($"mkfifo '{Path.Combine(bundle.Root, "logs", "pipe.log")}'"))
        {
            return;
        }

        var evidence = bundle.ReadOk();

        evidence.Logs.Single().Message.ShouldBe("fine");
        evidence.Warnings.ShouldContain(w => w.Source == "logs/pipe.log" && w.Message.Contains("not a regular file"));
    }

    [Fact]
    public void NonUtf8FileName_CostsThatFileOnly()
    {
        using var bundle = new TestBundle().Text("logs/ok.log", "2024-01-15T14:00:00Z INFO fine\n");
        if (!Shell($"printf '2024-01-15T14:00:00Z INFO odd\\n' > \"{Path.Combine(bundle.Root, "logs")}/$(printf 'bad\\377name.log')\""))
        {
            return;
        }

        var result = bundle.Read();

        result.Error.ShouldBeNull();
        result.Evidence!.Logs.ShouldContain(l => l.Message == "fine");
    }

    [Fact]
    public void ZeroByteTarGz_IsNotHealthyButWarned()
    {
        var archive = Path.Combine(Path.GetTempPath(), "ff-empty-" + Guid.NewGuid().ToString("N") + ".tar.gz");
        File.WriteAllBytes(archive, []);
        try
        {
            var result = BundleReader.Read(archive, TestBundle.Clock);

            result.Error.ShouldBeNull();
            result.Evidence!.IsEmpty.ShouldBeTrue();
            result.Evidence.Warnings.ShouldContain(w => w.Message.Contains("empty archive"));
            result.Evidence.Warnings.ShouldContain(w => w.Message.Contains("bundle has no evidence"));
        }
        finally
        {
            File.Delete(archive);
        }
    }

    [Fact]
    public void TarPaxMtimeOutOfRange_KeepsTheEntriesBeforeItWithWarning()
    {
        var archive = Path.Combine(Path.GetTempPath(), "ff-pax-" + Guid.NewGuid().ToString("N") + ".tar.gz");
        using (var fs = File.Create(archive))
        using (var gz = new GZipStream(fs, CompressionLevel.Fastest))
        {
            gz.Write(RawTar.File("logs/ok.log", "2024-01-15T14:00:00Z INFO fine\n"));
            gz.Write(RawTar.Pax("mtime", "99999999999999999999"));
            gz.Write(RawTar.File("logs/bad.log", "2024-01-15T14:00:00Z INFO bad\n"));
            gz.Write(new byte[1024]);
        }
        try
        {
            var result = BundleReader.Read(archive, TestBundle.Clock);

            result.Error.ShouldBeNull();
            result.Evidence!.Logs.ShouldContain(l => l.Message == "fine");
            result.Evidence.Warnings.ShouldContain(w => w.Message.Contains("header could not be decoded"));
        }
        finally
        {
            File.Delete(archive);
        }
    }

    [Fact]
    public void RandomBytesLog_IsReadWithoutException()
    {
        var random = new Random(16);
        var bytes = new byte[300_000];
        random.NextBytes(bytes);
        using var bundle = new TestBundle().Bytes("logs/random.log", bytes).Bytes("logs/random2.log.gz", bytes);

        var result = bundle.Read();

        result.Error.ShouldBeNull();
        result.Evidence!.Warnings.ShouldAllBe(w => w.Source.StartsWith("logs/", StringComparison.Ordinal) || w.Source == bundle.Root);
    }

    private const string GoodPodYaml = """
        apiVersion: v1
        kind: Pod
        metadata: {name: good, namespace: prod}
        """;

    private static bool Shell(string command)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardError = true })!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
