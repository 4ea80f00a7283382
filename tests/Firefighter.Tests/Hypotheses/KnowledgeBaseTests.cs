using System.Text.RegularExpressions;
using Firefighter.Analysis;
using Firefighter.Correlation;
using Firefighter.Evidence;
using Firefighter.Hypotheses;
using Firefighter.Investigation;
using Firefighter.Testing;

namespace Firefighter.Tests.Hypotheses;

/// <summary>The knowledge base covers what the analyzers see, and every sentence it writes is filled: no kind without a signature, no
/// template name without a value or a default, no signature without a way out.</summary>
public partial class KnowledgeBaseTests
{
    private static readonly IReadOnlyList<Signature> Shipped = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]).Signatures;


    public static TheoryData<string> SignatureIds()
    {
        var data = new TheoryData<string>();
        foreach (var s in Shipped)
        {
            data.Add(s.Id);
        }
        return data;
    }

    [Fact]
    public void Every_catalogue_kind_is_used_by_some_signature()
    {
        bool Used(FindingKind k) => Shipped.Any(s => s.Evidence.Any(c =>
            c.Kind == k.Code || (c.Kind.EndsWith('*') && k.Code.StartsWith(c.Kind[..^1], StringComparison.Ordinal))));

        FindingCatalogue.All.Where(k => !Used(k)).Select(k => k.Code).ShouldBeEmpty("kinds no signature uses");
    }

    [Fact]
    public void The_knowledge_base_has_sixty_signatures_or_more() => Shipped.Count.ShouldBeGreaterThanOrEqualTo(60);

    [Theory]
    [MemberData(nameof(SignatureIds))]
    public void A_signature_has_mitigation_with_verification_a_fix_and_an_alert(string id)
    {
        var s = Shipped.Single(x => x.Id == id);
        s.Mitigation.ShouldNotBeEmpty(id);
        s.Mitigation.ShouldContain(m => !string.IsNullOrWhiteSpace(m.Verify), $"{id}: no mitigation step says how to verify it");
        s.Fix.ShouldNotBeEmpty(id);
        s.Alerts.ShouldNotBeEmpty(id);
    }

    /// <summary>Renders the signature as if each required and support clause were backed by a finding with no attributes at all — the
    /// least the evidence can give — anchored on a Deployment and on a Pod, and checks no <c>&lt;name&gt;</c> placeholder, "(unknown)",
    /// name left for the user to type (<c>POD</c>, <c>SERVICE</c>) or hole left by an empty value reaches any text or command a user reads.</summary>
    [Theory]
    [MemberData(nameof(SignatureIds))]
    public void No_placeholder_reaches_the_output_on_minimal_evidence(string id)
    {
        var s = Shipped.Single(x => x.Id == id);
        var typeIns = TemplateTexts(s).SelectMany(t => TypeInDefault().Matches(t).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        foreach (var anchor in new[] { new EntityRef("Deployment", "shop", "checkout"), new EntityRef("Pod", "shop", "checkout-7d9f-abcde") })
        {
            var clauses = s.Evidence.Select(c => (c, (IReadOnlyList<Finding>)(c.Role is "required" or "support"
                ? [new Finding(c.Kind.TrimEnd('*').TrimEnd('.'), "a finding", anchor, DateTimeOffset.UnixEpoch, null, 0.5, [])]
                : []))).ToList();
            var match = new SignatureMatcher.Match(s, anchor, clauses, 0.6, []);

            var h = HypothesisBuilder.Build([match], DateTimeOffset.UnixEpoch, 0.5).Single();

            var texts = new List<string> { h.Title, h.Cause };
            texts.AddRange(h.Whys.SelectMany(w => new[] { w.Question, w.Answer }));
            texts.AddRange(h.Mitigation.SelectMany(m => new[] { m.Why }));
            texts.AddRange(h.Fix);
            texts.AddRange(h.Alerts.SelectMany(a => new[] { a.Expr, a.Summary }));
            texts.AddRange(h.ActionItems.Select(a => a.Text));
            texts.AddRange(h.Collect);
            texts.AddRange(h.Escalate);
            var commands = h.Mitigation.SelectMany(m => new[] { m.Command, m.Verify ?? "" }).Concat(h.Confirm).Where(c => c.Length > 0).ToList();
            foreach (var t in texts.Concat(commands))
            {
                Placeholder().IsMatch(t).ShouldBeFalse($"{id}: \"{t}\"");
                t.ShouldNotContain("(unknown)", Case.Insensitive, id);
                Unfilled().IsMatch(t).ShouldBeFalse($"{id}: \"{t}\"");
            }
            foreach (var c in commands)
            {
                var code = c.Split("   #")[0];
                code.Split(' ', StringSplitOptions.RemoveEmptyEntries).Intersect(typeIns).ShouldBeEmpty($"{id}: \"{c}\" asks the user to type a name in");
                code.Split('\n').Any(l => Hole().IsMatch(l.Trim())).ShouldBeFalse($"{id}: \"{c}\" has a hole where a value is missing");
                code.TrimEnd().EndsWith(" -n", StringComparison.Ordinal).ShouldBeFalse(id);
            }
        }
    }

    private static IEnumerable<string> TemplateTexts(Signature s) =>
        s.Mitigation.SelectMany(m => new[] { m.Command, m.Verify ?? "" }).Concat(s.Runbook.Confirm);

    [Fact]
    public void A_default_fills_a_missing_value_and_a_value_wins_over_it()
    {
        var vars = new Dictionary<string, string> { ["image"] = "api:v2", ["empty"] = "" };

        HypothesisBuilder.FillTemplate("{image|the image} {tag|the tag} {missing|other|fallback} {empty|none}", vars).ShouldBe("api:v2 the tag fallback none");
        HypothesisBuilder.FillTemplate("{nothing}", vars).ShouldBe("");
        HypothesisBuilder.FillCommand("kubectl logs {nothing}", vars).ShouldBeNull();
        HypothesisBuilder.FillCommand("kubectl logs {pod|POD}", vars).ShouldBeNull();
        HypothesisBuilder.FillCommand("kubectl logs {image|POD} {container|}", vars).ShouldBe("kubectl logs api:v2 ");
    }

    [GeneratedRegex(@"<[A-Za-z_][A-Za-z0-9_]*>")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\S {2,}\S")]
    private static partial Regex Hole();

    [GeneratedRegex(@"\{[A-Za-z_][A-Za-z0-9_]*(\|[^{}]*)?\}")]
    private static partial Regex Unfilled();

    [GeneratedRegex(@"\{[A-Za-z_|]+\|([A-Z_]{2,})\}")]
    private static partial Regex TypeInDefault();
}
