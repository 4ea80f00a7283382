using Firefighter.Analysis;
using Firefighter.Traces;

namespace Firefighter.Traces.Analyzers;

/// <summary>Operations whose error rate or latency departs from their own pre-onset baseline (symptoms, victims included): <c>traces.abnormal_operation</c>.</summary>
public sealed class TraceAbnormalOperationAnalyzer : IAnalyzer
{
    private const int MaxFindings = 20;

    /// <inheritdoc />
    public string Name => "traces.abnormal_operation";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [TraceFindingKinds.AbnormalOperation];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        if (context.Evidence.Spans.Count == 0)
        {
            return AnalyzerResult.Empty;
        }
        var a = TraceAnalysis.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var o in a.AbnormalOperations.Take(MaxFindings))
        {
            findings.Add(new Finding(TraceFindingKinds.AbnormalOperation,
                $"{o.Service} {o.Operation}: errors {TraceFindings.Num(o.ErrorRateBefore * 100)}% -> {TraceFindings.Num(o.ErrorRateAfter * 100)}%, p95 {TraceFindings.Num(o.P95MsBefore)} -> {TraceFindings.Num(o.P95MsAfter)} ms",
                TraceFindings.Service(o.Service), a.Onset, null, Math.Min(1, Math.Max(o.ErrorRateAfter - o.ErrorRateBefore, o.SlowFraction)), TraceFindings.Cite(o.Samples))
            {
                Severity = FindingSeverity.Info,
                Analyzer = Name,
                Attributes = new Dictionary<string, string>
                {
                    ["service"] = o.Service,
                    ["operation"] = o.Operation,
                    ["countBefore"] = TraceFindings.Num(o.CountBefore),
                    ["countAfter"] = TraceFindings.Num(o.CountAfter),
                    ["errorRateBefore"] = TraceFindings.Num(o.ErrorRateBefore),
                    ["errorRateAfter"] = TraceFindings.Num(o.ErrorRateAfter),
                    ["p95MsBefore"] = TraceFindings.Num(o.P95MsBefore),
                    ["p95MsAfter"] = TraceFindings.Num(o.P95MsAfter),
                    ["slowFraction"] = TraceFindings.Num(o.SlowFraction),
                    ["traceIds"] = TraceFindings.TraceIds(o.Samples),
                },
            });
        }
        return AnalyzerResult.Of(findings);
    }
}
