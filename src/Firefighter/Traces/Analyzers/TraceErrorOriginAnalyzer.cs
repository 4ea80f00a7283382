using Firefighter.Analysis;
using Firefighter.Traces;

namespace Firefighter.Traces.Analyzers;

/// <summary>Where errors start in the traces (the deepest failing span whose children succeeded): <c>traces.error_origin</c>.</summary>
public sealed class TraceErrorOriginAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "traces.error_origin";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [TraceFindingKinds.ErrorOrigin];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        if (context.Evidence.Spans.Count == 0)
        {
            return AnalyzerResult.Empty;
        }
        var a = TraceAnalysis.For(context.Evidence);
        var findings = new List<Finding>();
        foreach (var o in a.ErrorOrigins)
        {
            var what = o.Fault switch
            {
                "exception" => $"throws {o.ExceptionType ?? "exceptions"}",
                "dependency_error" => "fails when called (no span of its own)",
                _ => "returns errors",
            };
            findings.Add(new Finding(TraceFindingKinds.ErrorOrigin, $"{o.Service} {what} in {o.Operation}: {o.Count} failing span(s) where the errors begin",
                TraceFindings.Service(o.Service), o.First, null, Math.Min(1, 0.5 + (0.5 * Math.Min(1, o.RateAfter))), TraceFindings.Cite(o.Samples))
            {
                Severity = o.RateAfter >= 0.2 ? FindingSeverity.Critical : FindingSeverity.Warning,
                Analyzer = Name,
                Attributes = new Dictionary<string, string>
                {
                    ["service"] = o.Service,
                    ["operation"] = o.Operation,
                    ["fault"] = o.Fault,
                    ["count"] = TraceFindings.Num(o.Count),
                    ["rateBefore"] = TraceFindings.Num(o.RateBefore),
                    ["rateAfter"] = TraceFindings.Num(o.RateAfter),
                    ["exceptionType"] = o.ExceptionType ?? "",
                    ["traceIds"] = TraceFindings.TraceIds(o.Samples),
                },
            });
        }
        return AnalyzerResult.Of(findings);
    }
}
