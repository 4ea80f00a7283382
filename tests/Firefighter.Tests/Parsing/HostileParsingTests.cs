using System.Text;
using System.Text.Json.Nodes;
using Firefighter.Evidence;
using Firefighter.Logs;
using Firefighter.Parsing;

namespace Firefighter.Tests.Parsing;

/// <summary>The core parsers under hostile input (issue 16): limits instead of stack overflows and memory blow-ups, lenient strings, shape checks.</summary>
public class HostileParsingTests
{
    [Theory]
    [InlineData("""a\ud800b""", "a\uFFFDb")]
    [InlineData("""\udc00\ud800""", "\uFFFD\uFFFD")]
    [InlineData("""ok \ud83d\ude00 \n\t\"\\\/""", "ok \U0001F600 \n\t\"\\/")]
    [InlineData("""bad \x escape \u12""", "bad \uFFFD escape \uFFFD12")]
    public void JsonStrings_Lenient_ReplacesWhatCannotBeDecoded(string raw, string expected) =>
        JsonStrings.Lenient(Encoding.UTF8.GetBytes(raw)).ShouldBe(expected);

    [Fact]
    public void JsonTree_LoneSurrogateInKeyAndValue_KeepsTheDocument()
    {
        var doc = JsonTree.Parse("""{"k\ud800":"v\udfff","n":1}""" + "\n" + """{"second":true}""");

        doc.Errors.ShouldBeEmpty();
        doc.Documents.Count.ShouldBe(2);
        doc.Documents[0].Node!["k\uFFFD"]!.GetValue<string>().ShouldBe("v\uFFFD");
    }

    [Fact]
    public void YamlTree_DeepFlowNesting_IsAnErrorWithItsLine()
    {
        var doc = YamlTree.Parse("x: 1\n---\ny: " + new string('[', 100_000) + new string(']', 100_000) + "\n---\nz: 3\n");

        doc.Errors.ShouldContain(e => e.Message.Contains("nested deeper than 256") && e.Line == 3);
        doc.Documents.Select(d => d.Node!.ToJsonString()).ShouldBe(["""{"x":1}""", """{"z":3}"""]);
    }

    [Fact]
    public void YamlTree_DeepBlockNesting_IsAnError()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            sb.Append(' ', i).Append("k:\n");
        }
        var doc = YamlTree.Parse(sb.ToString());

        doc.Errors.ShouldContain(e => e.Message.Contains("nested deeper than"));
    }

    [Fact]
    public void YamlTree_BillionLaughs_IsCutAtTheAliasLimit()
    {
        var sb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 9; i++)
        {
            sb.Append($"a{i}: &a{i} [").AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", 10)).Append("]\n");
        }

        var doc = YamlTree.Parse(sb.ToString());

        doc.Errors.ShouldContain(e => e.Message.Contains("aliases expand to more than 100,000 nodes"));
    }

    [Fact]
    public void YamlTree_ModestAliasesAndMergeKeys_StillWork()
    {
        var doc = YamlTree.Parse("base: &b {cpu: 1, mem: 2}\nx:\n  <<: *b\n  cpu: 3\ny: *b\n");

        doc.Errors.ShouldBeEmpty();
        doc.Documents.Single().Node!.ToJsonString().ShouldBe("""{"base":{"cpu":1,"mem":2},"x":{"cpu":3,"mem":2},"y":{"cpu":1,"mem":2}}""");
    }

    [Fact]
    public void KubeShape_RemovesImpossibleFieldsOnly()
    {
        var pod = JsonNode.Parse("""
            {"kind":"Pod","metadata":{"name":"p","labels":"app=x"},
             "spec":{"containers":[{"name":"a","ports":"80","resources":{"limits":"1"}}]},
             "status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],"containerStatuses":[{"name":"a","state":"running"}]}}
            """)!.AsObject();
        var warnings = new List<EvidenceWarning>();

        var removed = KubeShape.Sanitize(pod, "k8s/p.json", 4, warnings);

        removed.ShouldBe(4);
        pod["metadata"]!.AsObject().ContainsKey("labels").ShouldBeFalse();
        pod["status"]!["conditions"]![0]!["status"]!.GetValue<string>().ShouldBe("True");
        pod["status"]!["phase"]!.GetValue<string>().ShouldBe("Running");
        warnings.Single().ShouldBe(new EvidenceWarning("k8s/p.json", 4, "4 field(s) of the wrong type ignored (labels: expected an object, found a string)"));
    }

    [Fact]
    public void KubeYaml_ObjectWithMetadataString_CostsThatObjectOnly()
    {
        var warnings = new List<EvidenceWarning>();

        var objects = KubeYaml.ReadObjects("""{"kind":"List","items":[{"kind":"Pod","metadata":"x"},{"kind":"Pod","metadata":{"name":"ok"}}]}""", "k8s/a.json", warnings);

        objects.Single().Name.ShouldBe("ok");
        warnings.ShouldContain(w => w.Message.Contains("metadata: expected an object, found a string"));
    }

    [Fact]
    public void MinerOptions_MaskMatchingEmpty_IsRejected()
    {
        MinerOptions.ParseMask("X=a*", out var error).ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain("empty string");
        MinerOptions.ParseMask("X=a+", out _).ShouldNotBeNull();
    }
}
