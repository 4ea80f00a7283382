using Firefighter.Investigation;
using Firefighter.Testing;
using Firefighter.Hypotheses;

namespace Firefighter.Tests.Hypotheses;

public class SignatureLoaderTests
{
    [Fact]
    public void Shipped_signatures_all_load_without_warnings()
    {
        var result = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]);

        result.Warnings.ShouldBeEmpty();
        result.Signatures.Select(s => s.Id).ShouldBe(Directory.GetFiles(RepoPaths.InRepo("signatures"), "*.yaml")
            .Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList()!, ignoreOrder: true);
        result.Signatures.ShouldAllBe(s => s.Mitigation.Count > 0 && s.Fix.Count > 0 && s.Alerts.Count > 0);
    }

    [Fact]
    public void A_misspelt_alert_recipe_or_library_alert_is_a_warning_naming_its_line()
    {
        var yaml = "id: x\ntitle: t\ncause: c\nevidence:\n  - kind: logs.pattern\n    role: required\nalert_recipes:\n  - memory-near-limit\n  - memory-nearlimit\nlibrary_alerts:\n  - PostgresqlDown\n  - PostgresDown\n";

        var (sig, warnings) = SignatureLoader.Parse(yaml, "x.yaml", KnowledgeBase.Vocabulary);

        sig.ShouldNotBeNull().AlertRecipes.ShouldBe(["memory-near-limit", "memory-nearlimit"]);
        warnings.Select(w => (w.Line, w.Message.Split(' ')[0] + " " + w.Message.Split(' ')[1])).ShouldBe([(9, "unknown alert"), (12, "'PostgresDown' is")]);
    }

    [Fact]
    public void Invalid_yaml_is_a_warning_with_file_and_line()
    {
        var (sig, warnings) = SignatureLoader.Parse("id: x\ntitle: [unclosed\ncause: y\n", "bad.yaml");

        sig.ShouldBeNull();
        warnings.Single().Source.ShouldBe("bad.yaml");
        warnings.Single().Message.ShouldStartWith("invalid YAML");
    }

    [Fact]
    public void A_yaml_syntax_error_names_its_line()
    {
        var (_, warnings) = SignatureLoader.Parse("id: x\ntitle: t\n  cause: : c\n", "bad.yaml");

        warnings.Single().Line.ShouldBe(3);
    }

    [Fact]
    public void A_signature_without_a_required_clause_is_rejected()
    {
        var (sig, warnings) = SignatureLoader.Parse("id: x\ntitle: t\ncause: c\nevidence:\n  - kind: logs.pattern\n", "x.yaml");

        sig.ShouldBeNull();
        warnings.ShouldContain(w => w.Message.Contains("role: required"));
    }

    [Fact]
    public void An_invalid_regex_in_where_is_reported_and_skipped()
    {
        var (sig, warnings) = SignatureLoader.Parse(
            "id: x\ntitle: t\ncause: c\nevidence:\n  - kind: logs.pattern\n    role: required\n    where: { pattern: \"(unclosed\" }\n", "x.yaml");

        sig.ShouldNotBeNull();
        sig.Evidence.Single().Where.ShouldBeEmpty();
        warnings.Single().Message.ShouldContain("invalid regular expression");
        warnings.Single().Line.ShouldBe(7);
    }

    [Fact]
    public void A_user_signature_with_the_same_id_overrides_the_built_in()
    {
        var dir = Directory.CreateTempSubdirectory("ff-sig");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "disk-full.yaml"),
                "id: disk-full\ntitle: Mine\ncause: c\nevidence:\n  - kind: logs.pattern\n    role: required\n");

            var result = KnowledgeBase.Load([RepoPaths.InRepo("signatures"), dir.FullName]);

            result.Signatures.Single(s => s.Id == "disk-full").Title.ShouldBe("Mine");
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
