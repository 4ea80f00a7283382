using Firefighter.Prevention.Rules;

namespace Firefighter.Tests.Prevention.Rules;

public class AlertLibraryTests
{
    [Theory]
    [InlineData("groups: [unclosed", "lib.yml: not valid YAML")]
    [InlineData("\0\u0001\u0002binary", "lib.yml")]
    [InlineData("just a string", "lib.yml: no 'groups:' list")]
    public void Parse_of_bad_input_returns_an_error_naming_the_file_and_no_rules(string text, string error)
    {
        var lib = AlertLibrary.Parse(text, "lib.yml");

        lib.Rules.ShouldBeEmpty();
        lib.Errors.ShouldContain(e => e.StartsWith(error, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_names_the_line_of_a_rule_without_a_query_and_keeps_the_others()
    {
        var text = "groups:\n  - name: G\n    services:\n      - name: S\n        exporters:\n          - slug: x\n            rules:\n              - name: No query\n              - name: Up down\n                query: up == 0\n                severity: critical\n";

        var lib = AlertLibrary.Parse(text, "lib.yml");

        lib.Errors.ShouldBe(["lib.yml:8: rule needs 'name' and 'query'"]);
        var rule = lib.Find("UpDown").ShouldNotBeNull();
        rule.Severity.ShouldBe("critical");
        rule.For.ShouldBeNull();
    }

    [Theory]
    [InlineData("up{job=\"unterminated")]
    [InlineData("rate(up[5m")]
    [InlineData("sum by (job")]
    [InlineData("'")]
    public void Scope_never_throws_on_truncated_promql(string expr)
    {
        Should.NotThrow(() => PromQlScope.Scope(expr, new Dictionary<string, string> { ["namespace"] = "x" }, (_, _) => true));
    }
}
