using Firefighter.Evidence;
namespace Firefighter.Traces;

/// <summary>An operation whose error rate or latency after the onset departs from its own pre-onset baseline.</summary>
/// <param name="Service">Service.</param>
/// <param name="Operation">Operation name.</param>
/// <param name="CountBefore">Spans before the onset.</param>
/// <param name="CountAfter">Spans after the onset.</param>
/// <param name="ErrorRateBefore">Error rate before.</param>
/// <param name="ErrorRateAfter">Error rate after.</param>
/// <param name="P95MsBefore">95th percentile duration before, in milliseconds.</param>
/// <param name="P95MsAfter">95th percentile duration after, in milliseconds.</param>
/// <param name="SlowFraction">Fraction of post-onset spans slower than the operation's baseline threshold.</param>
/// <param name="Samples">Some abnormal spans, for citations.</param>
public sealed record AbnormalOperation(string Service, string Operation, int CountBefore, int CountAfter, double ErrorRateBefore, double ErrorRateAfter, double P95MsBefore, double P95MsAfter, double SlowFraction, IReadOnlyList<Span> Samples);
