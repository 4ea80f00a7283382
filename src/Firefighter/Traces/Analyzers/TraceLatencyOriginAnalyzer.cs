using Firefighter.Analysis;
using Firefighter.Traces;

namespace Firefighter.Traces.Analyzers;

/// <summary>Where latency is added on the critical path (self time beyond the operation's own baseline): <c>traces.latency_origin</c>.</summary>
public sealed class TraceLatencyOriginAnalyzer : IAnalyzer
{
    private const int MaxFindings = 10;

    /// <inheritdoc />
    public string Name => "traces.latency_origin";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [TraceFindingKinds.LatencyOrigin];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        if (context.Evidence.Spans.Count == 0)
        {
            return AnalyzerResult.Empty;
        }
        var a = TraceAnalysis.For(context.Evidence);
        var total = a.LatencyOrigins.Sum(o => o.ExcessMs);
        var findings = new List<Finding>();
        foreach (var o in a.LatencyOrigins.Take(MaxFindings))
        {
            var share = total > 0 ? o.ExcessMs / total : 0;
            if (share < 0.05 || o.Count < 3)
            {
                continue;
            }
            var where = o.Edge is null ? $"in {o.Service} {o.Operation}" : $"on {o.Edge}";
            findings.Add(new Finding(TraceFindingKinds.LatencyOrigin,
                $"Critical-path self time grew {where}: median {TraceFindings.Num(o.ObservedSelfMs)} ms vs {TraceFindings.Num(o.BaselineSelfMs)} ms baseline ({o.Count} spans)",
                TraceFindings.Service(o.Service), o.First, null, Math.Min(1, share), TraceFindings.Cite(o.Samples))
            {
                Severity = share >= 0.5 ? FindingSeverity.Critical : FindingSeverity.Warning,
                Analyzer = Name,
                Attributes = new Dictionary<string, string>
                {
                    ["service"] = o.Service,
                    ["operation"] = o.Operation,
                    ["fault"] = o.Fault,
                    ["edge"] = o.Edge ?? "",
                    ["count"] = TraceFindings.Num(o.Count),
                    ["excessMs"] = TraceFindings.Num(o.ExcessMs),
                    ["share"] = TraceFindings.Num(share),
                    ["baselineSelfMs"] = TraceFindings.Num(o.BaselineSelfMs),
                    ["observedSelfMs"] = TraceFindings.Num(o.ObservedSelfMs),
                    ["traceIds"] = TraceFindings.TraceIds(o.Samples),
                },
            });
        }
        return AnalyzerResult.Of(findings);
    }
}
