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

    // The fused service signatures (signatures/service-*.yaml) are being reworked under issue 14; they join these two checks when that lands.
    private static readonly HashSet<string> Issue14 = new(StringComparer.Ordinal) { "service-cpu-saturation", "service-memory-exhaustion", "service-dependency-down", "service-latency" };

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
        if (Issue14.Contains(id))
        {
            return;
        }
        s.Mitigation.ShouldNotBeEmpty(id);
        s.Mitigation.ShouldContain(m => !string.IsNullOrWhiteSpace(m.Verify), $"{id}: no mitigation step says how to verify it");
        s.Fix.ShouldNotBeEmpty(id);
        s.Alerts.ShouldNotBeEmpty(id);
    }

    /// <summary>Renders the signature as if each required and support clause were backed by a finding with no attributes at all — the
    /// least the evidence can give — and checks no <c>&lt;name&gt;</c> placeholder or "(unknown)" reaches any text a user reads.</summary>
    [Theory]
    [MemberData(nameof(SignatureIds))]
    public void No_placeholder_reaches_the_output_on_minimal_evidence(string id)
    {
        var s = Shipped.Single(x => x.Id == id);
        if (Issue14.Contains(id))
        {
            return;
        }
        var anchor = new EntityRef("Deployment", "shop", "checkout");
        var clauses = s.Evidence.Select(c => (c, (IReadOnlyList<Finding>)(c.Role is "required" or "support"
            ? [new Finding(c.Kind.TrimEnd('*').TrimEnd('.'), "a finding", anchor, DateTimeOffset.UnixEpoch, null, 0.5, [])]
            : []))).ToList();
        var match = new SignatureMatcher.Match(s, anchor, clauses, 0.6, []);

        var h = HypothesisBuilder.Build([match], DateTimeOffset.UnixEpoch, 0.5).Single();

        var texts = new List<string> { h.Title, h.Cause };
        texts.AddRange(h.Whys.SelectMany(w => new[] { w.Question, w.Answer }));
        texts.AddRange(h.Mitigation.SelectMany(m => new[] { m.Command, m.Why, m.Verify ?? "" }));
        texts.AddRange(h.Fix);
        texts.AddRange(h.Alerts.SelectMany(a => new[] { a.Expr, a.Summary }));
        texts.AddRange(h.ActionItems.Select(a => a.Text));
        texts.AddRange(h.Collect);
        texts.AddRange(h.Confirm);
        texts.AddRange(h.Escalate);
        foreach (var t in texts)
        {
            Placeholder().IsMatch(t).ShouldBeFalse($"{id}: \"{t}\"");
            t.ShouldNotContain("(unknown)", Case.Insensitive, id);
        }
    }

    [Fact]
    public void A_default_fills_a_missing_value_and_a_value_wins_over_it()
    {
        var vars = new Dictionary<string, string> { ["image"] = "api:v2", ["empty"] = "" };

        HypothesisBuilder.FillTemplate("{image|the image} {tag|the tag} {missing|other|fallback} {empty|none}", vars).ShouldBe("api:v2 the tag fallback none");
        HypothesisBuilder.FillTemplate("{nothing}", vars).ShouldBe("<nothing>");
    }

    [GeneratedRegex(@"<[A-Za-z_][A-Za-z0-9_]*>")]
    private static partial Regex Placeholder();
}
