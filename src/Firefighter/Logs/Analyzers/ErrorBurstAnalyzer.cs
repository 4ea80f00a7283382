using System.Globalization;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Logs;

namespace Firefighter.Logs.Analyzers;

/// <summary>Finds when each entity's rate of error-level records jumps (a single change point on per-minute counts): <c>logs.error_burst</c>.</summary>
/// <remarks>The change point maximises the Poisson log-likelihood ratio of "two rates" over "one rate"; a burst needs
/// at least <see cref="MinErrors"/> errors after it and a rate at least <see cref="MinRatio"/> times the rate before.</remarks>
public sealed class ErrorBurstAnalyzer : IAnalyzer
{
    private const int MinErrors = 5;
    private const double MinRatio = 4;

    /// <inheritdoc />
    public string Name => "logs.errors";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [LogFindingKinds.ErrorBurst];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var byEntity = new Dictionary<EntityRef, List<LogRecord>>();
        foreach (var r in context.Evidence.Logs)
        {
            if (r.Timestamp is null)
            {
                continue;
            }
            var e = r.Entity ?? new EntityRef("Log", null, r.Ref.Source);
            if (!byEntity.TryGetValue(e, out var list))
            {
                byEntity[e] = list = [];
            }
            list.Add(r);
        }

        var findings = new List<Finding>();
        foreach (var (entity, records) in byEntity.OrderBy(kv => kv.Key.ToString(), StringComparer.Ordinal))
        {
            if (Detect(entity, records) is { } f)
            {
                findings.Add(f);
            }
        }
        return AnalyzerResult.Of(findings);
    }

    private Finding? Detect(EntityRef entity, List<LogRecord> records)
    {
        var start = records.Min(r => r.Timestamp!.Value);
        var end = records.Max(r => r.Timestamp!.Value);
        var minutes = (int)Math.Min(7 * 24 * 60, Math.Floor((end - start).TotalMinutes)) + 1;
        if (minutes < 4)
        {
            return null;
        }
        var errors = new int[minutes];
        var total = 0;
        foreach (var r in records)
        {
            if (r.Level < LogLevel.Error)
            {
                continue;
            }
            var i = (int)((r.Timestamp!.Value - start).TotalMinutes);
            if (i >= 0 && i < minutes)
            {
                errors[i]++;
                total++;
            }
        }
        if (total < MinErrors)
        {
            return null;
        }

        // Prefix sums make each candidate split O(1).
        var prefix = new long[minutes + 1];
        for (var i = 0; i < minutes; i++)
        {
            prefix[i + 1] = prefix[i] + errors[i];
        }
        double best = 0;
        var split = -1;
        for (var k = 1; k < minutes; k++)
        {
            double before = prefix[k], after = prefix[minutes] - prefix[k];
            double r1 = before / k, r2 = after / (minutes - k), r0 = (double)total / minutes;
            if (r2 <= r1)
            {
                continue;
            }
            var llr = Term(before, r1) + Term(after, r2) - Term(total, r0);
            if (llr > best)
            {
                best = llr;
                split = k;
            }
        }
        if (split < 0)
        {
            return null;
        }
        var countBefore = prefix[split];
        var countAfter = prefix[minutes] - prefix[split];
        var rateBefore = countBefore / (double)split;
        var rateAfter = countAfter / (double)(minutes - split);
        // With no errors before, compare against half an error over the baseline (a conservative floor).
        var ratio = rateAfter / Math.Max(rateBefore, 0.5 / split);
        if (countAfter < MinErrors || ratio < MinRatio || best < 6)
        {
            return null;
        }
        var at = start.AddMinutes(split);
        var first = records.FirstOrDefault(r => r.Level >= LogLevel.Error && r.Timestamp >= at);
        var refs = records.Where(r => r.Level >= LogLevel.Error && r.Timestamp >= at).Take(3)
            .Select(r => r.Ref with { Excerpt = r.Message.Length > 200 ? r.Message[..200] + "…" : r.Message.Split('\n')[0] }).ToList();
        var inv = CultureInfo.InvariantCulture;
        return new Finding(LogFindingKinds.ErrorBurst,
            $"{entity.Name}: errors rose from {rateBefore.ToString("0.##", inv)}/min to {rateAfter.ToString("0.##", inv)}/min at {at:HH:mm} UTC ({countAfter} errors since)",
            entity, first?.Timestamp ?? at, null, Math.Min(1.0, 0.5 + best / 200), refs)
        {
            Severity = FindingSeverity.Critical,
            Attributes = new Dictionary<string, string>
            {
                ["rate_before"] = rateBefore.ToString("0.###", inv),
                ["rate_after"] = rateAfter.ToString("0.###", inv),
                ["count"] = countAfter.ToString(inv),
                ["llr"] = best.ToString("0.#", inv),
            },
            Analyzer = Name,
        };
    }

    private static double Term(double count, double rate) => count <= 0 || rate <= 0 ? 0 : count * Math.Log(rate);
}
