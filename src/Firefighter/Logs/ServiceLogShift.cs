using Firefighter.Evidence;

namespace Firefighter.Logs;

/// <summary>How one service's own log lines changed at a split time.</summary>
/// <param name="Service">The service.</param>
/// <param name="LinesBefore">Its lines before the split.</param>
/// <param name="LinesAfter">Its lines after the split.</param>
/// <param name="ErrorsBefore">Its error-level (or worse) lines before the split.</param>
/// <param name="ErrorsAfter">Its error-level (or worse) lines after the split.</param>
/// <param name="ErrorZ">Error lines after the split beyond what its rate before predicts (scaled by its own traffic), in Poisson z units.</param>
/// <param name="NewZ">How surely new its new templates are: for each template it never wrote before the split, the lines of it the service's
/// traffic before the split would have held had it been there all along (its count after, scaled by the service's volume before over
/// after), summed, warning and error templates in full and others at a third. A service with few lines before has nothing new.</param>
/// <param name="NewWarnLines">Lines after the split, at warning level or worse, of templates it never wrote before.</param>
/// <param name="NewLines">Lines after the split of templates it never wrote before, at any level.</param>
/// <param name="VanishedZ">The strongest drop of one of its regular templates (written steadily before, far less after while the service
/// kept logging), in Poisson z units: a code path that stopped completing.</param>
/// <param name="BrokenZ">The strongest break of a sequence: a statement that came with another in almost every request before the split
/// and is missing from requests after it that still reach the other (requests told apart by the trace id in their lines), in binomial z
/// units; 0 without trace ids.</param>
/// <param name="Named">Warning/error lines after the split by other services naming this one (its callers complaining about it).</param>
/// <param name="NamedBefore">The same before the split.</param>
/// <param name="Complains">Its own warning/error lines after the split that name another service (about its callees).</param>
/// <param name="ComplainsBefore">The same before the split.</param>
/// <param name="Exception">Whether a new warning/error line carries an exception name or a stack frame.</param>
/// <param name="NewTemplate">The most frequent new warning/error template (or new template), or null.</param>
/// <param name="VanishedTemplate">The broken sequence ("B no longer follows A"), else the template that dropped most, or null.</param>
/// <param name="First">First new or named line after the split.</param>
/// <param name="Samples">Lines to cite.</param>
public sealed record ServiceLogShift(string Service, int LinesBefore, int LinesAfter, int ErrorsBefore, int ErrorsAfter, double ErrorZ,
    double NewZ, int NewWarnLines, int NewLines, double VanishedZ, double BrokenZ, int Named, int NamedBefore,
    int Complains, int ComplainsBefore, bool Exception, string? NewTemplate, string? VanishedTemplate,
    DateTimeOffset? First, IReadOnlyList<EvidenceRef> Samples)
{
    /// <summary>The first exception or error type named in a new warning/error line (its stack trace included), or null.</summary>
    public string? ExceptionType { get; init; }
}
