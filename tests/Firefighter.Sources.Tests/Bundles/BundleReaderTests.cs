using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Firefighter.Sources.Bundles;
using Firefighter.Testing;

namespace Firefighter.Sources.Tests.Bundles;

public class BundleReaderTests
{
    [Fact]
    public void Read_PathDoesNotExist_FailsWithClearMessage()
    {
        var path = Path.Combine(Path.GetTempPath(), "ff-no-such-bundle-" + Guid.NewGuid().ToString("N"));

        var result = BundleReader.Read(path, TestBundle.Clock);

        result.Succeeded.ShouldBeFalse();
        result.Evidence.ShouldBeNull();
        result.Error.ShouldBe($"{path}: no such file or directory");
    }

    [Fact]
    public void Read_PlainFileThatIsNotAnArchive_FailsNamingTheFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "hello");
            var result = BundleReader.Read(path, TestBundle.Clock);
            result.Succeeded.ShouldBeFalse();
            result.Error!.ShouldContain(path);
            result.Error!.ShouldContain("not an evidence bundle");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_EmptyBundle_IsEmptyWithWarning()
    {
        using var bundle = new TestBundle();

        var evidence = bundle.ReadOk();

        evidence.IsEmpty.ShouldBeTrue();
        evidence.Warnings.ShouldContain(w => w.Message == "bundle has no evidence" && w.Source == bundle.Root);
    }

    [Fact]
    public void Read_IncidentYaml_FillsIncidentInfo()
    {
        using var bundle = new TestBundle().Copy("incident.yaml", TestBundle.Fixture("incident.yaml"));

        var evidence = bundle.ReadOk();

        evidence.Incident.Title.ShouldBe("API returning 502s after 1.14.0 deploy");
        evidence.Incident.Start.ShouldBe(new DateTimeOffset(2024, 1, 15, 14, 15, 0, TimeSpan.Zero));
        evidence.Incident.End.ShouldBe(new DateTimeOffset(2024, 1, 15, 14, 45, 0, TimeSpan.Zero));
        evidence.Incident.CapturedAt.ShouldBe(new DateTimeOffset(2024, 1, 15, 14, 30, 0, TimeSpan.Zero));
        evidence.Incident.Services.ShouldBe(["api"]);
        evidence.Incident.Namespace.ShouldBe("production");
        evidence.Incident.Notes!.ShouldContain("Paged by HighErrorRate");
        evidence.Files.ShouldContain(new Firefighter.Evidence.SourceFile("incident.yaml", "incident", 0));
    }

    [Fact]
    public void Read_UnknownFiles_AreWarnedNotFatal()
    {
        using var bundle = new TestBundle()
            .Text("README.txt", "notes")
            .Text("metrics/screenshot.png", "\u0089PNG")
            .Text("screenshots/grafana.txt", "x")
            .Text("alerts/alert.json", """{"alerts":[{"labels":{"alertname":"HighErrorRate"},"startsAt":"2024-01-15T14:20:00Z"}]}""");

        var evidence = bundle.ReadOk();

        evidence.Alerts.Count.ShouldBe(1);
        foreach (var path in new[] { "README.txt", "metrics/screenshot.png", "screenshots/grafana.txt" })
        {
            evidence.Warnings.ShouldContain(w => w.Source == path && w.Message == "not read: unknown file type");
            evidence.Files.ShouldContain(new Firefighter.Evidence.SourceFile(path, "unknown", 0));
        }
    }

    [Fact]
    public void Read_TracesFolder_ReadsJaegerAndOtlpSpansWithBundlePaths()
    {
        using var bundle = new TestBundle()
            .Copy("traces/trace.json", RepoPaths.InShared("formats", "jaeger", "trace_ui_01.fixture.json"))
            .Copy("traces/otlp.json", RepoPaths.InShared("formats", "otlp", "trace.json"));

        var evidence = bundle.ReadOk();

        evidence.Files.ShouldContain(f => f.Path == "traces/trace.json" && f.Kind == "traces" && f.Items > 0);
        evidence.Files.ShouldContain(f => f.Path == "traces/otlp.json" && f.Kind == "traces" && f.Items > 0);
        evidence.Spans.ShouldContain(s => s.Ref.Source == "traces/trace.json");
        evidence.Spans.ShouldContain(s => s.Ref.Source == "traces/otlp.json");
        evidence.Warnings.ShouldNotContain(w => w.Source.StartsWith("traces/", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_TarGz_ReadsSameEvidenceAsDirectoryWithBundleRelativePaths()
    {
        using var bundle = new TestBundle()
            .Copy("incident.yaml", TestBundle.Fixture("incident.yaml"))
            .Copy("logs/payments.log", TestBundle.Fixture("payments.log"))
            .Copy("k8s/pod.json", RepoPaths.InShared("formats", "kubernetes", "pod_oomkilled.json"));
        var fromDir = bundle.ReadOk();
        var archive = bundle.Pack();

        var result = BundleReader.Read(archive, TestBundle.Clock);

        result.Error.ShouldBeNull();
        var fromTar = result.Evidence!;
        fromTar.Logs.Select(l => (l.Ref.ToString(), l.Message)).ShouldBe(fromDir.Logs.Select(l => (l.Ref.ToString(), l.Message)));
        fromTar.Objects.Single().Ref.Source.ShouldBe("k8s/pod.json");
        fromTar.Incident.Namespace.ShouldBe("production");
        fromTar.Files.Select(f => f.Path).ShouldBe(fromDir.Files.Select(f => f.Path));
    }

    [Fact]
    public void Read_TruncatedTarGz_FailsNamingArchive()
    {
        using var bundle = new TestBundle().Text("logs/a.log", new string('x', 200_000) + "\n").Text("logs/b.log", "2024-01-15T14:00:00Z INFO hi\n");
        var archive = bundle.Pack();
        var bytes = File.ReadAllBytes(archive);
        File.WriteAllBytes(archive, bytes[..(bytes.Length / 2)]);

        var result = BundleReader.Read(archive, TestBundle.Clock);

        result.Succeeded.ShouldBeFalse();
        result.Error!.ShouldStartWith(Path.GetFileName(archive) + ": truncated");
    }

    [Fact]
    public void Read_TarWithPathTraversal_SkipsEntryWithWarning()
    {
        var archive = Path.Combine(Path.GetTempPath(), "ff-traversal-" + Guid.NewGuid().ToString("N") + ".tar.gz");
        try
        {
            using (var fs = File.Create(archive))
            using (var gz = new GZipStream(fs, CompressionLevel.Fastest))
            using (var tar = new TarWriter(gz, TarEntryFormat.Pax))
            {
                Write(tar, "../evil.log", "2024-01-15T14:00:00Z ERROR pwned\n");
                Write(tar, "logs/ok.log", "2024-01-15T14:00:00Z INFO fine\n");
            }

            var result = BundleReader.Read(archive, TestBundle.Clock);

            result.Error.ShouldBeNull();
            result.Evidence!.Logs.Single().Message.ShouldBe("fine");
            result.Evidence.Warnings.ShouldContain(w => w.Source == "../evil.log" && w.Message.Contains("unsafe path"));
        }
        finally
        {
            File.Delete(archive);
        }
    }

    [Fact]
    public void Read_ArchiveEntryOverFileLimit_SkippedWithWarning()
    {
        using var bundle = new TestBundle().Text("logs/big.log", new string('x', 5000)).Text("logs/small.log", "2024-01-15T14:00:00Z INFO hi\n");
        var archive = bundle.Pack();

        var result = BundleReader.Read(archive, TestBundle.Clock, BundleReadOptions.Default with { MaxFileBytes = 1000 }, ReaderRegistry.BuiltIn);

        result.Evidence!.Logs.Single().Message.ShouldBe("hi");
        result.Evidence.Warnings.ShouldContain(w => w.Source == "logs/big.log" && w.Message.Contains("limit for one file"));
    }

    [Fact]
    public void Registry_DiscoversEveryReader()
    {
        var kinds = ReaderRegistry.BuiltIn.All.Select(r => r.GetType().Name).ToList();

        kinds.ShouldContain("LogFileReader");
        kinds.ShouldContain("KubeManifestReader");
        kinds.ShouldContain("PrometheusJsonReader");
        kinds.Count.ShouldBe(kinds.Distinct().Count());
    }

    private static void Write(TarWriter tar, string name, string content)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) };
        tar.WriteEntry(entry);
    }
}
