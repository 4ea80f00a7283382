using System.Text;
using Firefighter.Evidence;
using Firefighter.Prevention.Backtests;
using Firefighter.Prevention.Rules;

namespace Firefighter.Sources.Promtool;

/// <summary>Backtests alerting rules on an incident's metrics with a real Prometheus (one process per run, all rules) and writes the promtool proof.</summary>
public static class PrometheusBacktester
{
    /// <summary>Evaluates every alerting rule of <paramref name="rules"/> over <paramref name="metrics"/>, judged against <paramref name="onset"/> and the first of <paramref name="alerts"/>.</summary>
    /// <remarks>Does not throw on bad data: a missing tool, an empty window or bad PromQL are returned as warnings or per-rule errors.</remarks>
    public static async Task<BacktestReport> RunAsync(RuleFile rules, IReadOnlyList<MetricSeries> metrics, DateTimeOffset? onset,
        IReadOnlyList<AlertEvent> alerts, BacktestOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new BacktestOptions();
        var warnings = new List<string>(rules.Errors);
        var series = SeriesGrid.Normalize(metrics, warnings);
        var firstPage = alerts.Where(a => a.StartsAt is not null).Select(a => a.StartsAt).Min();
        var step = Backtester.StepSeconds(rules);
        var baseReport = new BacktestReport { Onset = onset, FirstPage = firstPage, Step = TimeSpan.FromSeconds(step) };
        if (Backtester.Window(series, step) is not { } window)
        {
            return baseReport with { Warnings = [.. warnings, "no metric samples to evaluate the rules on"] };
        }
        baseReport = baseReport with { Start = DateTimeOffset.FromUnixTimeSeconds(window.Start), End = DateTimeOffset.FromUnixTimeSeconds(window.End) };
        var ownWorkDir = options.WorkDir is null;
        var workDir = options.WorkDir ?? Path.Combine(Path.GetTempPath(), "ff-backtest-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            IReadOnlyList<RuleBacktest> results;
            try
            {
                await using var server = await PrometheusServer.StartAsync(series, workDir, cancellationToken);
                results = await Backtester.RunAsync(rules, series, window, onset, firstPage, server, cancellationToken);
            }
            catch (InvalidOperationException ex)
            {
                return baseReport with { Warnings = [.. warnings, "could not run Prometheus: " + ex.Message] };
            }
            string? testPath = null;
            if (options.PromtoolTestPath is { } path)
            {
                (results, testPath) = await WritePromtoolTestAsync(rules, series, window, onset, results, path, options.RulesPath, workDir, warnings, cancellationToken);
            }
            return baseReport with { Rules = results, Warnings = warnings, PromtoolTestFile = testPath };
        }
        finally
        {
            if (ownWorkDir && Directory.Exists(workDir))
            {
                Directory.Delete(workDir, recursive: true);
            }
        }
    }

    private static async Task<(IReadOnlyList<RuleBacktest>, string?)> WritePromtoolTestAsync(RuleFile rules, IReadOnlyList<MetricSeries> series,
        BacktestWindow window, DateTimeOffset? onset, IReadOnlyList<RuleBacktest> results, string testPath, string? rulesPath,
        string workDir, List<string> warnings, CancellationToken ct)
    {
        var grid = SeriesGrid.Build(series, window.Start, window.Step, window.Steps);
        var alertNames = rules.AlertRules.Select(r => r.Rule.Alert!).Distinct(StringComparer.Ordinal).ToList();
        var rulesText = rulesPath is not null ? await File.ReadAllTextAsync(rulesPath, ct) : RuleFileYaml.Write(rules);

        // Draft: expect nothing at every step, so promtool reports, with rendered annotations, every alert that fires on the downsampled copy.
        var draftDir = Path.Combine(workDir, "draft");
        Directory.CreateDirectory(draftDir);
        await File.WriteAllTextAsync(Path.Combine(draftDir, "rules.yml"), rulesText, ct);
        var draftChecks = alertNames.SelectMany(a => Enumerable.Range(0, window.Steps).Select(k => new AlertCheck(a, k * window.Step, []))).ToList();
        var draftPath = Path.Combine(draftDir, "test.yml");
        await File.WriteAllTextAsync(draftPath, PromtoolTestFile.Write("rules.yml", grid, draftChecks), ct);
        var draft = await PromtoolRunner.TestRulesAsync(draftPath, ct);
        if (!draft.Ok && !draft.Output.Contains("FAILED:", StringComparison.Ordinal))
        {
            warnings.Add("promtool could not evaluate the rules: " + Short(draft.Output));
            return (results, null);
        }
        var got = PromtoolOutput.ParseGot(draft.Output);
        List<ExpectedAlert> At(string alert, long k) => got.TryGetValue((alert, k * window.Step), out var list) ? list : [];

        var onsetStep = onset is { } o ? (long?)Math.Clamp((o.ToUnixTimeSeconds() - window.Start + window.Step - 1) / window.Step, 0, window.Steps - 1) : null;
        var checks = new List<AlertCheck>();
        var promtoolFirsts = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var alert in alertNames)
        {
            var first = Enumerable.Range(0, window.Steps).Select(k => (long)k).Cast<long?>().FirstOrDefault(k => At(alert, k!.Value).Count > 0);
            var steps = new SortedSet<long> { window.Steps - 1 };
            if (first is { } f)
            {
                steps.Add(f);
                if (f > 0)
                {
                    steps.Add(f - 1);
                }
            }
            if (onsetStep is { } os)
            {
                steps.Add(os);
            }
            checks.AddRange(steps.Select(k => new AlertCheck(alert, k * window.Step, At(alert, k))));
            var promtoolFirst = first is { } pf ? DateTimeOffset.FromUnixTimeSeconds(window.Start + (pf * window.Step)) : (DateTimeOffset?)null;
            promtoolFirsts[alert] = promtoolFirst;
        }

        var full = Path.GetFullPath(testPath);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string ruleRef;
        if (rulesPath is not null)
        {
            ruleRef = Path.GetRelativePath(dir, Path.GetFullPath(rulesPath));
        }
        else
        {
            ruleRef = Path.GetFileNameWithoutExtension(full) + ".rules.yml";
            await File.WriteAllTextAsync(Path.Combine(dir, ruleRef), rulesText, ct);
        }
        var start = DateTimeOffset.FromUnixTimeSeconds(window.Start).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var header = new[]
        {
            "Generated by Firefighter (ff alerts backtest): the incident's own metrics, resampled every " + PromDuration.Format(TimeSpan.FromSeconds(window.Step)) + ".",
            $"Time 0 here is {start} UTC. Expected alerts are promtool's evaluation of these series; check with: promtool test rules {Path.GetFileName(full)}",
        };
        await File.WriteAllTextAsync(full, PromtoolTestFile.Write(ruleRef, grid, checks, header), new UTF8Encoding(false), ct);
        var verify = await PromtoolRunner.TestRulesAsync(full, ct);
        if (!verify.Ok)
        {
            warnings.Add($"promtool test rules {full} failed: " + Short(verify.Output));
        }
        return ([.. results.Select(r => r with { PromtoolFirstFiring = promtoolFirsts.GetValueOrDefault(r.Alert) })], full);
    }

    private static string Short(string text) => text.Length > 1500 ? text[..1500] + "..." : text;
}
