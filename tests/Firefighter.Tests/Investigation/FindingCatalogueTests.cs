using Firefighter.Analysis;
using Firefighter.Correlation;
using Firefighter.Hypotheses;
using Firefighter.Investigation;
using Firefighter.Metrics;
using Firefighter.Testing;

namespace Firefighter.Tests.Investigation;

public class FindingCatalogueTests
{
    [Fact]
    public void Docs_finding_kinds_is_generated_from_the_catalogue()
    {
        var path = RepoPaths.InRepo("docs", "finding-kinds.md");
        var expected = FindingCatalogue.Markdown();
        if (Environment.GetEnvironmentVariable("FF_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }
        File.ReadAllText(path).ShouldBe(expected, "docs/finding-kinds.md is stale: run `FF_UPDATE_DOCS=1 dotnet test tests/Firefighter.Tests --filter FindingCatalogueTests`");
    }

    [Fact]
    public void Codes_are_unique_dotted_and_explained()
    {
        FindingCatalogue.All.Select(k => k.Code).ShouldBeUnique();
        foreach (var k in FindingCatalogue.All)
        {
            k.Code.ShouldMatch(@"^[a-z0-9]+(\.[a-z0-9_]+)+$");
            k.Meaning.ShouldNotBeNullOrWhiteSpace();
            FindingCatalogue.Find(k.Code).ShouldBeSameAs(k);
        }
        FindingCatalogue.Find("k8s.no.such.kind").ShouldBeNull();
    }

    [Fact]
    public void Every_kind_has_a_producer_and_every_analyzer_declares_catalogue_kinds()
    {
        // Kinds the investigation stages add after the analyzers (screening at the onset, fusion).
        IEnumerable<FindingKind> stageKinds = [MetricFindingKinds.Screen, MetricFindingKinds.Onset, .. CorrelationFindingKinds.All];
        var declared = BuiltIn.Analyzers.All.SelectMany(a => a.Emits).Concat(stageKinds).ToHashSet();

        foreach (var a in BuiltIn.Analyzers.All)
        {
            a.Emits.ShouldNotBeEmpty(a.Name);
            a.Emits.ShouldAllBe(k => FindingCatalogue.Find(k.Code) == k, a.Name);
        }
        FindingCatalogue.All.Where(k => !declared.Contains(k)).Select(k => k.Code).ShouldBeEmpty();
    }

    [Fact]
    public void A_signature_naming_a_kind_outside_the_catalogue_does_not_load_and_says_where()
    {
        var yaml = "id: x\ntitle: t\ncause: c\nevidence:\n  - kind: k8s.container.oomkilled\n    role: required\n  - kind: k8s.container.oomkiled\n    role: support\n";

        var (sig, warnings) = SignatureLoader.Parse(yaml, "typo.yaml", KnowledgeBase.Vocabulary);

        sig.ShouldBeNull();
        var w = warnings.ShouldHaveSingleItem();
        (w.Source, w.Line).ShouldBe(("typo.yaml", 7));
        w.Message.ShouldContain("k8s.container.oomkiled");
    }

    [Fact]
    public void A_prefix_pattern_must_match_some_catalogue_kind()
    {
        KnowledgeBase.Vocabulary.IsKind("logs.*").ShouldBeTrue();
        KnowledgeBase.Vocabulary.IsKind("k8s.container.*").ShouldBeTrue();
        KnowledgeBase.Vocabulary.IsKind("kafka.*").ShouldBeFalse();
    }

    [Fact]
    public void The_shipped_signatures_all_load_against_the_catalogue()
    {
        var result = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]);

        result.Warnings.ShouldBeEmpty();
        result.Signatures.Count.ShouldBe(Directory.GetFiles(RepoPaths.InRepo("signatures"), "*.yaml").Length);
    }
}
