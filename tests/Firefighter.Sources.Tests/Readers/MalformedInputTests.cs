namespace Firefighter.Sources.Tests.Readers;

public class MalformedInputTests
{
    [Fact]
    public void MalformedJson_WarnsWithFileAndLine()
    {
        using var bundle = new TestBundle().Text("k8s/pods.json", "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\"\n  \"metadata\": {}\n}\n");

        var evidence = bundle.ReadOk();

        evidence.Objects.ShouldBeEmpty();
        var warning = evidence.Warnings.Where(w => w.Source == "k8s/pods.json").ShouldHaveSingleItem();
        warning.Line.ShouldBe(4);
        warning.Message.ShouldStartWith("malformed JSON");
    }

    [Fact]
    public void TruncatedJson_WarnsAndKeepsEarlierValues()
    {
        using var bundle = new TestBundle().Text("alerts/a.json",
            "{\"alerts\":[{\"labels\":{\"alertname\":\"A\"}}]}\n{\"alerts\":[{\"labels\":{\"alertname\":\"B\"");

        var evidence = bundle.ReadOk();

        evidence.Alerts.ShouldHaveSingleItem().Name.ShouldBe("A");
        var warning = evidence.Warnings.Where(w => w.Source == "alerts/a.json").ShouldHaveSingleItem();
        warning.Line.ShouldBe(2);
        warning.Message.ShouldContain("malformed JSON");
        warning.Message.ShouldContain("1 document(s) before it read");
    }

    [Fact]
    public void MalformedYaml_WarnsWithLineAndKeepsEarlierDocuments()
    {
        using var bundle = new TestBundle().Text("k8s/objs.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: [broken\n  labels: {a: b}\n");

        var evidence = bundle.ReadOk();

        evidence.Objects.ShouldHaveSingleItem().Name.ShouldBe("ok");
        var warning = evidence.Warnings.Where(w => w.Source == "k8s/objs.yaml").ShouldHaveSingleItem();
        warning.Line.ShouldNotBeNull();
        warning.Line!.Value.ShouldBeInRange(9, 11);
        warning.Message.ShouldStartWith("malformed YAML");
    }

    [Fact]
    public void MalformedIncidentYaml_WarnsAndBundleStillReads()
    {
        using var bundle = new TestBundle()
            .Text("incident.yaml", "title: [unclosed\nstart: 2024-01-15T14:15:00Z\n")
            .Text("logs/a.log", "2024-01-15T14:00:00Z INFO hi\n");

        var evidence = bundle.ReadOk();

        evidence.Logs.Count.ShouldBe(1);
        evidence.Warnings.ShouldContain(w => w.Source == "incident.yaml" && w.Line != null && w.Message.StartsWith("malformed YAML"));
    }

    [Fact]
    public void NotKubernetesObject_WarnedWithLine()
    {
        using var bundle = new TestBundle().Text("k8s/x.yaml", "foo: bar\n");

        var evidence = bundle.ReadOk();

        evidence.Warnings.ShouldContain(w => w.Source == "k8s/x.yaml" && w.Line == 1 && w.Message.Contains("no kind"));
    }

    [Fact]
    public void TruncatedGzipJson_WarnsNamingFile()
    {
        var json = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"data\":{\"k\":\"" + Guid.NewGuid() + "\"}}\n", 2000)));
        using var full = new TestBundle().Gzip("k8s/cm.json.gz", json);
        var gz = File.ReadAllBytes(Path.Combine(full.Root, "k8s", "cm.json.gz"));
        using var bundle = new TestBundle().Bytes("k8s/cm.json.gz", gz[..(gz.Length / 2)]);

        var evidence = bundle.ReadOk();

        evidence.Objects.ShouldBeEmpty();
        evidence.Warnings.ShouldContain(w => w.Source == "k8s/cm.json.gz" && w.Message.Contains("truncated or corrupt gzip"));
    }
}
