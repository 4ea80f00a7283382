using System.Text.Json;
using System.Text.RegularExpressions;
using Firefighter.Hypotheses;

namespace Firefighter.Testing;

/// <summary>Judges an investigation against a case's <c>expect.json</c> the way <c>../shared/datasets/incidents/score.py</c> does.</summary>
/// <remarks>A case passes when every key-fact regex (case-insensitive) matches the title, cause or entity of one of the top-3 hypotheses; a
/// hypothesis whose stated text is over 800 characters states nothing. A healthy case passes when no hypothesis has confidence ≥ 0.5
/// (<see cref="Expectation.NoHypothesis"/> asks for none at all). <c>signature</c>, when given, must be the signature of one of the top 3.</remarks>
public static class CaseScorer
{
    private const int MaxStated = 800;

    /// <summary>What a case expects.</summary>
    public sealed record Expectation(IReadOnlyList<string> KeyFacts, bool Healthy, string? Signature, bool NoHypothesis, string About);

    /// <summary>Reads <c>expect.json</c> of a case folder.</summary>
    public static Expectation Load(string caseDir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(caseDir, "expect.json")));
        var root = doc.RootElement;
        var facts = root.TryGetProperty("key_facts", out var kf) ? kf.EnumerateArray().Select(e => e.GetString() ?? "").ToList() : [];
        bool Flag(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
        string? Str(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new Expectation(facts, Flag("healthy"), Str("signature"), Flag("no_hypothesis"), Str("about") ?? "");
    }

    /// <summary>Whether the hypotheses satisfy the expectation, and why not.</summary>
    public static (bool Passed, string Why) Judge(Expectation expect, IReadOnlyList<Hypothesis> hypotheses)
    {
        var ranked = hypotheses.OrderBy(h => h.Rank).ToList();
        if (expect.Healthy)
        {
            if (expect.NoHypothesis && ranked.Count > 0)
            {
                return (false, $"{ranked.Count} hypothesis(es) on a healthy case: {ranked[0].Signature}: {ranked[0].Title}");
            }
            var sure = ranked.Where(h => h.Confidence >= 0.5).ToList();
            return (sure.Count == 0, sure.Count == 0 ? "" : $"{sure.Count} hypothesis(es) with confidence >= 0.5: {sure[0].Title}");
        }
        var top = ranked.Take(3).ToList();
        var texts = top.Select(Stated).ToList();
        var missed = expect.KeyFacts.Where(p => !texts.Any(t => Regex.IsMatch(t, p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))).ToList();
        if (expect.Signature is { } sig && !top.Any(h => h.Signature == sig))
        {
            missed.Add("signature " + sig);
        }
        return (missed.Count == 0, missed.Count == 0 ? "" : "not stated in the top 3: " + string.Join(", ", missed)
            + " | top 3: " + string.Join(" || ", top.Select(h => $"{h.Signature} {h.Confidence:0.00}: {h.Title}")));
    }

    private static string Stated(Hypothesis h)
    {
        var text = $"{h.Title} {h.Cause} {{\"kind\":\"{h.Entity.Kind}\",\"namespace\":\"{h.Entity.Namespace}\",\"name\":\"{h.Entity.Name}\"}}";
        return text.Length <= MaxStated ? text : "";
    }
}
