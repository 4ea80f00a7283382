using System.Text.Json.Serialization;
using Firefighter.Evidence;
using Firefighter.Traces;

namespace Firefighter.Reports;

/// <summary>The result of <c>ff traces analyze</c>: the service graph and where errors and latency begin, as <c>--json</c> writes it.</summary>
/// <param name="Spans">Spans read.</param>
/// <param name="Traces">Distinct traces.</param>
/// <param name="Services">Distinct services.</param>
/// <param name="AbnormalTraces">Traces that failed or were slow after the onset.</param>
/// <param name="Onset">The onset, given or detected; null when none was found.</param>
/// <param name="OnsetGiven">Whether the user gave the onset.</param>
/// <param name="Edges">Caller → callee edges with call counts and latency percentiles.</param>
/// <param name="Culprits">Services ranked as where the fault starts.</param>
/// <param name="ErrorOrigins">Operations where failing spans begin.</param>
/// <param name="LatencyOrigins">Operations whose own time grew.</param>
/// <param name="AbnormalOperations">Operations whose error rate or p95 changed.</param>
/// <param name="Warnings">What could not be read.</param>
public sealed record TraceReport(
    int Spans, int Traces, [property: JsonIgnore] int Services, int AbnormalTraces,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? Onset, bool OnsetGiven,
    IReadOnlyList<TraceEdge> Edges, IReadOnlyList<TraceCulprit> Culprits, IReadOnlyList<TraceErrorOrigin> ErrorOrigins,
    IReadOnlyList<TraceLatencyOrigin> LatencyOrigins, IReadOnlyList<TraceAbnormalOperation> AbnormalOperations, IReadOnlyList<string> Warnings)
{
    /// <summary>Whether the traces show a fault (a culprit or an error origin).</summary>
    [JsonIgnore]
    public bool HasProblems => Culprits.Count > 0 || ErrorOrigins.Count > 0;

    /// <summary>The report of an analysis.</summary>
    public static TraceReport From(TraceAnalysis a, int spans, IEnumerable<EvidenceWarning> warnings)
    {
        static IReadOnlyList<string> Ids(IReadOnlyList<Span> samples) => samples.Select(s => s.TraceId).Distinct().ToList();
        static double R(double v, int digits) => Math.Round(v, digits);
        return new TraceReport(spans, a.TraceCount, a.Index.Services.Count, a.AbnormalTraceCount, a.Onset, a.OnsetGiven,
            a.Graph.Edges.Select(e => new TraceEdge(e.Caller, e.Callee, e.Calls, e.Errors, R(e.P50Ms, 3), R(e.P95Ms, 3), R(e.P99Ms, 3))).ToList(),
            a.Culprits.Select(k => new TraceCulprit(k.Rank, k.Service, R(k.Score, 4), k.Fault, k.Operation, R(k.ErrorShare, 4), R(k.LatencyShare, 4),
                R(k.Jaccard, 4), R(k.VictimDiscount, 4), k.AbnormalTraces, Ids(k.Samples))).ToList(),
            a.ErrorOrigins.Select(e => new TraceErrorOrigin(e.Service, e.Operation, e.Fault, e.Count, R(e.RateBefore, 4), R(e.RateAfter, 4), e.ExceptionType, Ids(e.Samples))).ToList(),
            a.LatencyOrigins.Select(l => new TraceLatencyOrigin(l.Service, l.Operation, l.Fault, l.Edge, l.Count, R(l.ExcessMs, 3), R(l.BaselineSelfMs, 3), R(l.ObservedSelfMs, 3), Ids(l.Samples))).ToList(),
            a.AbnormalOperations.Select(o => new TraceAbnormalOperation(o.Service, o.Operation, R(o.ErrorRateBefore, 4), R(o.ErrorRateAfter, 4), R(o.P95MsBefore, 3), R(o.P95MsAfter, 3), R(o.SlowFraction, 4))).ToList(),
            warnings.Select(w => w.ToString()).ToList());
    }
}

/// <summary>A caller → callee edge.</summary>
/// <param name="Caller">Calling service.</param>
/// <param name="Callee">Called service.</param>
/// <param name="Calls">Calls.</param>
/// <param name="Errors">Failed calls.</param>
/// <param name="P50Ms">Median latency.</param>
/// <param name="P95Ms">95th percentile.</param>
/// <param name="P99Ms">99th percentile.</param>
public sealed record TraceEdge(string Caller, string Callee, int Calls, int Errors, double P50Ms, double P95Ms, double P99Ms);

/// <summary>A ranked culprit service.</summary>
/// <param name="Rank">1 = most likely.</param>
/// <param name="Service">The service.</param>
/// <param name="Score">Ranking score.</param>
/// <param name="Fault">What kind of fault.</param>
/// <param name="Operation">Where in the service, when known.</param>
/// <param name="ErrorShare">Share of abnormal traces whose errors begin here.</param>
/// <param name="LatencyShare">Share of abnormal traces whose added latency is spent here.</param>
/// <param name="Jaccard">Overlap between traces through it and abnormal traces.</param>
/// <param name="VictimDiscount">How much a callee explains it (0 = none).</param>
/// <param name="AbnormalTraces">Abnormal traces it is the origin in.</param>
/// <param name="TraceIds">Sample traces.</param>
public sealed record TraceCulprit(int Rank, string Service, double Score, string Fault, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Operation,
    double ErrorShare, double LatencyShare, double Jaccard, double VictimDiscount, int AbnormalTraces, IReadOnlyList<string> TraceIds);

/// <summary>An operation where failing spans begin.</summary>
/// <param name="Service">The service.</param>
/// <param name="Operation">The operation.</param>
/// <param name="Fault">error_return, exception or dependency_error.</param>
/// <param name="Count">Failing spans.</param>
/// <param name="RateBefore">Error rate before the onset.</param>
/// <param name="RateAfter">Error rate after.</param>
/// <param name="ExceptionType">The exception type, when the spans say.</param>
/// <param name="TraceIds">Sample traces.</param>
public sealed record TraceErrorOrigin(string Service, string Operation, string Fault, int Count, double RateBefore, double RateAfter,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ExceptionType, IReadOnlyList<string> TraceIds);

/// <summary>An operation (or call edge) whose own time grew.</summary>
/// <param name="Service">The service.</param>
/// <param name="Operation">The operation.</param>
/// <param name="Fault">slow_processing, network_delay or slow_dependency.</param>
/// <param name="Edge">The call edge, for network delay.</param>
/// <param name="Count">Spans.</param>
/// <param name="ExcessMs">Self time beyond the baseline, in total.</param>
/// <param name="BaselineSelfMs">Self time before the onset.</param>
/// <param name="ObservedSelfMs">Self time after.</param>
/// <param name="TraceIds">Sample traces.</param>
public sealed record TraceLatencyOrigin(string Service, string Operation, string Fault, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Edge,
    int Count, double ExcessMs, double BaselineSelfMs, double ObservedSelfMs, IReadOnlyList<string> TraceIds);

/// <summary>An operation whose error rate or latency changed.</summary>
/// <param name="Service">The service.</param>
/// <param name="Operation">The operation.</param>
/// <param name="ErrorRateBefore">Error rate before the onset.</param>
/// <param name="ErrorRateAfter">Error rate after.</param>
/// <param name="P95MsBefore">p95 before.</param>
/// <param name="P95MsAfter">p95 after.</param>
/// <param name="SlowFraction">Share of its spans slower than the baseline's p95.</param>
public sealed record TraceAbnormalOperation(string Service, string Operation, double ErrorRateBefore, double ErrorRateAfter, double P95MsBefore, double P95MsAfter, double SlowFraction);
