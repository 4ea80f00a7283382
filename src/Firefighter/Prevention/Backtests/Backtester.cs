using System.Globalization;
using Firefighter.Evidence;
using Firefighter.Prevention.Rules;

namespace Firefighter.Prevention.Backtests;

/// <summary>Evaluates every alerting rule of a file over an incident's window through an <see cref="IRangeQuerier"/> and judges lead time and noise.</summary>
public static class Backtester
{
    /// <summary>How late a rule may fire after the onset and still count as catching the incident.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    private const int MaxPointsPerQuery = 10_000;

    /// <summary>The evaluation step: the smallest group interval, 1m by default (Prometheus's default evaluation interval).</summary>
    public static long StepSeconds(RuleFile rules)
    {
        var steps = rules.Groups.Select(g => PromDuration.TryParse(g.Interval)).OfType<TimeSpan>().Where(t => t > TimeSpan.Zero).ToList();
        return steps.Count == 0 ? 60 : (long)steps.Min().TotalSeconds;
    }

    /// <summary>The grid covering the samples of <paramref name="metrics"/>, aligned to the step; null when there are no samples.</summary>
    public static BacktestWindow? Window(IReadOnlyList<MetricSeries> metrics, long step)
    {
        var min = double.MaxValue;
        var max = double.MinValue;
        foreach (var m in metrics)
        {
            if (m.Count > 0)
            {
                min = Math.Min(min, m.Timestamps[0]);
                max = Math.Max(max, m.Timestamps[^1]);
            }
        }
        if (min > max)
        {
            return null;
        }
        var start = (long)Math.Ceiling(min / step) * step;
        var steps = (int)((((long)Math.Floor(max) - start) / step) + 1);
        return new BacktestWindow(start, step, Math.Max(steps, 1));
    }

    /// <summary>Runs every alerting rule over <paramref name="window"/> and judges it against the onset and the first page.</summary>
    public static async Task<IReadOnlyList<RuleBacktest>> RunAsync(RuleFile rules, IReadOnlyList<MetricSeries> metrics, BacktestWindow window,
        DateTimeOffset? onset, DateTimeOffset? firstPage, IRangeQuerier querier, CancellationToken cancellationToken = default)
    {
        var present = new HashSet<string>(metrics.Select(m => m.Name), StringComparer.Ordinal);
        var results = new List<RuleBacktest>();
        foreach (var (group, rule) in rules.AlertRules)
        {
            var (series, error) = await QueryAllAsync(querier, rule.Expr, window, cancellationToken);
            var missing = PromQlNames.MetricsIn(rule.Expr).Where(n => !present.Contains(n)).ToList();
            var episodes = error is null ? ForEvaluator.Episodes(series, window.Start, window.Step, window.Steps, rule.ForDuration) : [];
            results.Add(Judge(group.Name, rule, episodes, onset, firstPage, missing, error));
        }
        return results;
    }

    /// <summary>Judges one rule's episodes: first firing for the incident, lead times, baseline noise and the summary line.</summary>
    public static RuleBacktest Judge(string group, AlertingRule rule, IReadOnlyList<AlertEpisode> episodes, DateTimeOffset? onset, DateTimeOffset? firstPage,
        IReadOnlyList<string> missing, string? error)
    {
        var fired = episodes.Where(e => e.FiredAt is not null).ToList();
        var noise = onset is { } o ? fired.Count(e => e.FiredAt < o && e.EndedAt is { } end && end <= o) : 0;
        var detection = onset is { } on
            ? fired.FirstOrDefault(e => e.EndedAt is null || e.EndedAt > on)
            : fired.FirstOrDefault();
        var first = detection?.FiredAt;
        double? beforePage = first is { } f1 && firstPage is { } p ? (p - f1).TotalMinutes : null;
        double? beforeOnset = first is { } f2 && onset is { } o2 ? (o2 - f2).TotalMinutes : null;
        var caught = first is { } f3 && noise == 0 && (onset is not { } o3 || f3 <= o3 + Grace);
        return new RuleBacktest
        {
            Group = group,
            Alert = rule.Alert ?? "",
            Expr = rule.Expr,
            For = rule.For ?? "0s",
            Fired = fired.Count > 0,
            FirstFiring = first,
            FirstFiringLabels = detection?.Labels,
            MinutesBeforePage = beforePage,
            MinutesBeforeOnset = beforeOnset,
            BaselineFirings = noise,
            Episodes = episodes,
            MissingMetrics = missing,
            Error = error,
            Caught = caught,
            Summary = Summarize(first, beforePage, beforeOnset, noise, fired.Count, missing, error, onset),
        };
    }

    private static string Summarize(DateTimeOffset? first, double? beforePage, double? beforeOnset, int noise, int firings,
        IReadOnlyList<string> missing, string? error, DateTimeOffset? onset)
    {
        if (error is not null)
        {
            return "could not evaluate: " + error;
        }
        if (first is not { } f)
        {
            var why = missing.Count > 0 ? $" (no data for {string.Join(", ", missing)})" : "";
            return firings > 0
                ? $"fired only before the onset and cleared ({firings} false alarm(s)); would not have caught this incident"
                : $"would not have fired on this incident's data{why}";
        }
        var parts = new List<string> { "would have fired at " + f.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" };
        if (beforeOnset is { } o)
        {
            parts.Add(Relative(o, "the onset"));
        }
        if (beforePage is { } p)
        {
            parts.Add(Relative(p, "the first page"));
        }
        var line = string.Join(", ", parts);
        return onset is null ? line : line + $"; {noise} false alarm(s) in the healthy baseline";
    }

    private static string Relative(double minutes, string what)
    {
        var m = Math.Round(Math.Abs(minutes));
        return minutes >= 0
            ? $"{m.ToString(CultureInfo.InvariantCulture)} min before {what}"
            : $"{m.ToString(CultureInfo.InvariantCulture)} min after {what}";
    }

    private static async Task<(IReadOnlyList<MetricSeries>, string?)> QueryAllAsync(IRangeQuerier querier, string expr, BacktestWindow w, CancellationToken ct)
    {
        // query_range refuses more than 11,000 points per series, so long windows are evaluated in chunks and joined per label set.
        var all = new Dictionary<string, (MetricSeries First, List<double> T, List<double> V)>(StringComparer.Ordinal);
        for (var chunkStart = 0; chunkStart < w.Steps; chunkStart += MaxPointsPerQuery)
        {
            var n = Math.Min(MaxPointsPerQuery, w.Steps - chunkStart);
            var start = w.Start + (chunkStart * w.Step);
            var (series, error) = await querier.QueryRangeAsync(expr, start, start + ((n - 1) * w.Step), w.Step, ct);
            if (error is not null)
            {
                return ([], error);
            }
            foreach (var s in series)
            {
                if (!all.TryGetValue(s.Id, out var acc))
                {
                    all[s.Id] = acc = (s, [], []);
                }
                acc.T.AddRange(s.Timestamps);
                acc.V.AddRange(s.Values);
            }
        }
        return ([.. all.Values.Select(a => a.First with { Timestamps = [.. a.T], Values = [.. a.V] })], null);
    }
}
