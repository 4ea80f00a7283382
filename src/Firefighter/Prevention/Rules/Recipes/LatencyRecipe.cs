using System.Globalization;
using System.Text.RegularExpressions;
using Firefighter.Hypotheses;

namespace Firefighter.Prevention.Rules.Recipes;

/// <summary><c>latency</c>: p99 latency above twice the highest p99 of the healthy part of the evidence for 10 minutes.</summary>
public sealed partial class LatencyRecipe : IAlertRecipe
{
    /// <summary>Data this close to the onset is not counted as healthy: incidents start before anyone sees them.</summary>
    private static readonly TimeSpan BaselineMargin = TimeSpan.FromMinutes(30);

    /// <inheritdoc />
    public string Id => "latency";

    /// <inheritdoc />
    public string Summary => "p99 latency above twice the healthy p99 of the evidence for 10 minutes";

    /// <inheritdoc />
    public IReadOnlyList<AlertRuleSuggestion> Build(RecipeContext context)
    {
        foreach (var n in context.Metrics.Names)
        {
            string expr;
            if (n.EndsWith("_bucket", StringComparison.Ordinal) && LatencyName().IsMatch(n) && context.Metrics.HasLabel(n, "le"))
            {
                // Histogram buckets: no baseline value to read without evaluating PromQL, so a conventional 1s p99.
                var by = ErrorRatioRecipe.By(context, n);
                expr = $"histogram_quantile(0.99, sum by (le, {by}) (rate({context.Selector(n)}[5m]))) > 1";
                return [Rule(expr, n, "1", null)];
            }
            if (!LatencyName().IsMatch(n) || !P99Name().IsMatch(n) && !context.Metrics.LabelValues(n, "quantile").Contains("0.99"))
            {
                continue;
            }
            var sel = P99Name().IsMatch(n) ? context.Selector(n) : context.Selector(n, ("quantile", "=\"0.99\""));
            if (Baseline(context, n) is not { } max)
            {
                continue;
            }
            var threshold = RoundUp(Math.Max(2 * max, 0.1));
            var t = threshold.ToString("0.###", CultureInfo.InvariantCulture);
            expr = $"max by ({ErrorRatioRecipe.By(context, n)}) ({sel}) > {t}";
            var comment = $"Threshold {t}s = 2 x the highest p99 ({max.ToString("0.###", CultureInfo.InvariantCulture)}s) in the healthy part of the evidence"
                + (context.Onset is { } o ? $" (before {(o - BaselineMargin).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC)" : "")
                + "; set it to your latency SLO once you have one.";
            return [Rule(expr, n, t, comment)];
        }
        return [];
    }

    private static AlertRuleSuggestion Rule(string expr, string metric, string threshold, string? comment) =>
        new("HighLatencyP99", expr, "10m", "warning", $"{{{{ $labels.service }}}} p99 latency is {{{{ $value | humanizeDuration }}}} (> {threshold}s)")
        {
            Description = "The 99th percentile of request latency of {{ $labels.service }} has been above " + threshold + "s for 10 minutes.",
            Source = "evidence",
            Comment = comment,
            Metrics = [metric],
        };

    private static double? Baseline(RecipeContext context, string metric)
    {
        var cutoff = context.Onset is { } o ? (o - BaselineMargin).ToUnixTimeSeconds() : double.MaxValue;
        double? max = null;
        foreach (var s in context.Metrics.Series(metric))
        {
            if (!P99Name().IsMatch(metric) && s.Label("quantile") != "0.99")
            {
                continue;
            }
            for (var i = 0; i < s.Count && s.Timestamps[i] < cutoff; i++)
            {
                if (double.IsFinite(s.Values[i]))
                {
                    max = Math.Max(max ?? double.MinValue, s.Values[i]);
                }
            }
        }
        return max;
    }

    private static double RoundUp(double v)
    {
        // Two significant digits, rounded up: 1.4586 -> 1.5, 0.0731 -> 0.074.
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(v)) - 1);
        return Math.Ceiling(v / magnitude) * magnitude;
    }

    [GeneratedRegex("duration|latency", RegexOptions.IgnoreCase)]
    private static partial Regex LatencyName();

    [GeneratedRegex("p99|0_99|quantile99", RegexOptions.IgnoreCase)]
    private static partial Regex P99Name();
}
