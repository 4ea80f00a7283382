using System.Text.RegularExpressions;
using Firefighter.Hypotheses;

namespace Firefighter.Prevention.Rules.Recipes;

/// <summary><c>error-ratio</c>: more than 5% of HTTP requests answered 5xx for 5 minutes, from a 5xx-ratio series or a request series with a status-code label.</summary>
public sealed partial class ErrorRatioRecipe : IAlertRecipe
{
    private static readonly string[] ScopeLabels = ["namespace", "service", "job"];

    private static readonly string[] CodeLabels = ["code", "status", "status_code", "http_status", "response_code"];

    /// <inheritdoc />
    public string Id => "error-ratio";

    /// <inheritdoc />
    public string Summary => "more than 5% of HTTP requests answered 5xx for 5 minutes";

    /// <inheritdoc />
    public IReadOnlyList<AlertRuleSuggestion> Build(RecipeContext context)
    {
        var names = context.Metrics.Names;
        string? expr = null;
        string? metric = null;
        if (names.FirstOrDefault(n => RatioName().IsMatch(n)) is { } ratio)
        {
            metric = ratio;
            expr = $"max by ({By(context, ratio)}) ({context.Selector(ratio)}) > 0.05";
        }
        else
        {
            foreach (var n in names.Where(n => RequestName().IsMatch(n)))
            {
                if (CodeLabels.FirstOrDefault(l => context.Metrics.LabelValues(n, l).Any(v => v.StartsWith('5'))) is not { } code)
                {
                    continue;
                }
                metric = n;
                var isCounter = n.EndsWith("_total", StringComparison.Ordinal) || n.EndsWith("_count", StringComparison.Ordinal);
                string Rate(string sel) => isCounter ? $"rate({sel}[5m])" : sel;
                var by = By(context, n);
                var errors = $"sum by ({by}) ({Rate(context.Selector(n, (code, "=~\"5..\"")))})";
                var all = $"sum by ({by}) ({Rate(context.Selector(n))})";
                expr = $"{errors}\n/\n{all} > 0.05";
                break;
            }
        }
        if (expr is null || metric is null)
        {
            return [];
        }
        return
        [
            new AlertRuleSuggestion("HighHttp5xxRatio", expr, "5m", "critical", "{{ $labels.service }}: {{ $value | humanizePercentage }} of requests fail with 5xx")
            {
                Description = "More than 5% of the requests to {{ $labels.namespace }}/{{ $labels.service }} have answered 5xx for 5 minutes (the threshold of awesome-prometheus-alerts' HTTP 5xx rules).",
                Source = "evidence",
                Metrics = [metric],
            },
        ];
    }

    internal static string By(RecipeContext context, string metric)
    {
        var labels = ScopeLabels.Where(l => context.Metrics.HasLabel(metric, l)).Take(2).ToList();
        return labels.Count == 0 ? "instance" : string.Join(", ", labels);
    }

    [GeneratedRegex("(5xx|error|errors).*ratio|ratio.*(5xx|error)", RegexOptions.IgnoreCase)]
    private static partial Regex RatioName();

    [GeneratedRegex("^(http|grpc)?_?(server_)?requests?(_rate)?(_by_code)?(_total|_count)?$|http_requests", RegexOptions.IgnoreCase)]
    private static partial Regex RequestName();
}
