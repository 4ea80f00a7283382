using Firefighter.Testing;
using Firefighter.Evidence;
using Firefighter.Parsing;

namespace Firefighter.Tests.Parsing;

public sealed class KubeYamlTests
{
    [Fact]
    public void Multi_document_yaml_keeps_each_document_line_and_types()
    {
        var warnings = new List<EvidenceWarning>();
        var objects = KubeYaml.ReadObjects("kind: Pod\nmetadata: {name: a, namespace: x}\nspec: {replicas: 3, flag: true, ver: \"1\"}\n---\nkind: Node\nmetadata:\n  name: n1\n", "k8s/a.yaml", warnings);

        warnings.ShouldBeEmpty();
        objects.Count.ShouldBe(2);
        objects[0].Ref.Line.ShouldBe(1);
        objects[1].Ref.Line.ShouldBe(5);
        objects[1].Namespace.ShouldBeNull();
        objects[0].Json["spec"]!["replicas"]!.GetValue<long>().ShouldBe(3);
        objects[0].Json["spec"]!["flag"]!.GetValue<bool>().ShouldBeTrue();
        objects[0].Json["spec"]!["ver"]!.GetValue<string>().ShouldBe("1");
    }

    [Fact]
    public void Json_lists_and_typed_lists_are_expanded_and_events_separated()
    {
        var json = """
            {"apiVersion":"v1","kind":"PodList","items":[{"metadata":{"name":"p1","namespace":"d"}}],"extra":1}
            """;
        var evidence = new EvidenceSet();
        KubeYaml.ReadInto(evidence, json, "k8s/pods.json");
        evidence.Objects.Single().Kind.ShouldBe("Pod");

        var ev = File.ReadAllText(Firefighter.Testing.RepoPaths.InShared("formats", "kubernetes", "event_backoff.json"));
        KubeYaml.ReadInto(evidence, ev, "k8s/event.json");
        var e = evidence.Events.Single();
        e.Reason.ShouldBe("BackOff");
        e.Count.ShouldBe(2);
        e.Involved.ShouldBe(new EntityRef("Pod", "mem-example", "memory-demo-2"));
        e.FieldPath.ShouldBe("spec.containers{memory-demo-2-ctr}");
        e.Component.ShouldBe("kubelet");
    }

    [Fact]
    public void Broken_document_is_a_warning_with_its_line_and_others_survive()
    {
        var warnings = new List<EvidenceWarning>();
        var objects = KubeYaml.ReadObjects("kind: Pod\nmetadata: {name: ok}\n---\nkind: Pod\nmetadata:\n  name: [broken\n", "k8s/b.yaml", warnings);
        objects.Single().Name.ShouldBe("ok");
        warnings.Single().Source.ShouldBe("k8s/b.yaml");
        warnings.Single().Line!.Value.ShouldBeGreaterThanOrEqualTo(4);
    }

    [Fact]
    public void Flow_mapping_broken_across_lines_is_a_warning_not_an_exception()
    {
        var warnings = new List<EvidenceWarning>();
        var text = "kind: Pod\nmetadata: {name: ok}\n---\nkind: NetworkPolicy\nmetadata: {name: x}\nspec:\n  egress:\n  - ports: [{protocol: TCP, port: 1\n    endPort: 1024}]\n";

        var objects = KubeYaml.ReadObjects(text, "k8s/np.yaml", warnings);

        objects.Single().Name.ShouldBe("ok");
        var warning = warnings.Single();
        warning.Source.ShouldBe("k8s/np.yaml");
        warning.Line!.Value.ShouldBeInRange(4, 9);
        warning.Message.ShouldContain("document starting at line 4");
    }

    [Theory]
    [InlineData("{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\",\"metadata\":{\"name\":\"a\"}},\n{\"kind\":\"Pod\"")]
    [InlineData("{\"kind\": \"Pod\", \"metadata\": {\"name\": \"\udc00\"}} trailing")]
    [InlineData("[1, 2, {\"a\": tru}]")]
    [InlineData("\u0000\u0001\u0002\u00ff{{{{")]
    [InlineData("{\"a\":")]
    public void Malformed_json_or_binary_is_one_warning_naming_the_file_never_an_exception(string text)
    {
        var warnings = new List<EvidenceWarning>();

        var objects = KubeYaml.ReadObjects(text, "k8s/bad.json", warnings);

        objects.ShouldBeEmpty();
        warnings.ShouldNotBeEmpty();
        warnings.ShouldAllBe(w => w.Source == "k8s/bad.json");
    }

    [Fact]
    public void Eager_json_keeps_numbers_booleans_and_drops_managed_fields()
    {
        var warnings = new List<EvidenceWarning>();
        var json = "{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\",\"managedFields\":[{\"manager\":\"kubectl\"}]},\"spec\":{\"replicas\":3,\"paused\":false,\"ratio\":0.5}}";

        var d = KubeYaml.ReadObjects(json, "k8s/d.json", warnings).Single();

        KubeObject.Str(d.Json["spec"]!["replicas"]).ShouldBe("3");
        KubeObject.Str(d.Json["spec"]!["paused"]).ShouldBe("false");
        KubeObject.Str(d.Json["spec"]!["ratio"]).ShouldBe("0.5");
        d.Json["metadata"]!.AsObject().ContainsKey("managedFields").ShouldBeFalse();
        warnings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("2Gi", 2147483648d)]
    [InlineData("512Mi", 536870912d)]
    [InlineData("99M", 99000000d)]
    [InlineData("250m", 0.25)]
    [InlineData("179968Ki", 184287232d)]
    public void Quantities_parse(string text, double expected) => KubeQuantity.Parse(text).ShouldBe(expected);

    [Fact]
    public void Shared_oomkilled_example_is_diagnosed_with_its_limit()
    {
        var evidence = new EvidenceSet();
        KubeYaml.ReadInto(evidence, File.ReadAllText(Firefighter.Testing.RepoPaths.InShared("formats", "kubernetes", "pod_oomkilled.json")), "k8s/pod.json");
        KubeYaml.ReadInto(evidence, File.ReadAllText(Firefighter.Testing.RepoPaths.InShared("formats", "kubernetes", "event_backoff.json")), "k8s/event.json");
        var f = KubeTestKit.Run(evidence).Single();
        f.Kind.ShouldBe("k8s.container.oomkilled");
        f.Attr("limit").ShouldBe("100Mi");
        f.Attr("exitCode").ShouldBe("137");
        f.Evidence.ShouldContain(e => e.Source == "k8s/event.json");
        f.Start.ShouldBe(new DateTimeOffset(2017, 6, 20, 20, 52, 19, TimeSpan.Zero));
    }
}
