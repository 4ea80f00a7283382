using Firefighter.Evidence;
namespace Firefighter.Traces;

/// <summary>Where errors begin: the deepest failing spans whose children succeeded (and were not slow), grouped by service and operation.</summary>
/// <param name="Service">The service the errors start in (the called peer for a failing client call with no traced callee).</param>
/// <param name="Operation">The operation of the originating spans.</param>
/// <param name="Fault">error_return, exception or dependency_error.</param>
/// <param name="Count">Originating spans after the onset.</param>
/// <param name="Excess">Count above what the pre-onset origin rate predicts.</param>
/// <param name="RateBefore">Origin rate per span of the operation before the onset.</param>
/// <param name="RateAfter">Origin rate after.</param>
/// <param name="First">The first originating span's start after the onset.</param>
/// <param name="ExceptionType">The exception type named by the spans, when any.</param>
/// <param name="Samples">Some originating spans, for citations.</param>
public sealed record ErrorOrigin(string Service, string Operation, string Fault, int Count, double Excess, double RateBefore, double RateAfter, DateTimeOffset First, string? ExceptionType, IReadOnlyList<Span> Samples);
