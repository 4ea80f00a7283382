using Firefighter.Analysis;
using Firefighter.Traces;

namespace Firefighter.Traces.Analyzers;

/// <summary>Ranks services as the culprit from the traces (error and latency origins, TraceRCA-style over-representation in abnormal
/// traces, callers of an anomalous callee discounted as victims): <c>traces.culprit</c>, one finding per ranked service.</summary>
public sealed class TraceCulpritAnalyzer : IAnalyzer
{
    private const int MaxFindings = 5;

    /// <inheritdoc />
    public string Name => "traces.culprit";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [TraceFindingKinds.Culprit];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        if (context.Evidence.Spans.Count == 0)
        {
            return AnalyzerResult.Empty;
        }
        var a = TraceAnalysis.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var c in a.Culprits.Take(MaxFindings))
        {
            findings.Add(new Finding(TraceFindingKinds.Culprit,
                $"#{c.Rank} suspect from traces: {c.Service} ({c.Fault}, origin in {c.AbnormalTraces} of {a.AbnormalTraceCount} abnormal traces)",
                TraceFindings.Service(c.Service), c.FirstAnomaly, null, c.Score, TraceFindings.Cite(c.Samples))
            {
                Severity = c.Rank == 1 ? FindingSeverity.Critical : FindingSeverity.Warning,
                Analyzer = Name,
                Attributes = new Dictionary<string, string>
                {
                    ["service"] = c.Service,
                    ["rank"] = TraceFindings.Num(c.Rank),
                    ["score"] = TraceFindings.Num(c.Score),
                    ["fault"] = c.Fault,
                    ["operation"] = c.Operation ?? "",
                    ["errorShare"] = TraceFindings.Num(c.ErrorShare),
                    ["latencyShare"] = TraceFindings.Num(c.LatencyShare),
                    ["jaccard"] = TraceFindings.Num(c.Jaccard),
                    ["victimDiscount"] = TraceFindings.Num(c.VictimDiscount),
                    ["abnormalTraces"] = TraceFindings.Num(c.AbnormalTraces),
                    ["totalAbnormalTraces"] = TraceFindings.Num(a.AbnormalTraceCount),
                    ["onset"] = a.Onset?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    ["traceIds"] = TraceFindings.TraceIds(c.Samples),
                },
            });
        }
        return AnalyzerResult.Of(findings);
    }
}
