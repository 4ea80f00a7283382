using System.Globalization;
using Firefighter.Evidence;

namespace Firefighter.Traces;

/// <summary>Shared helpers that turn trace analysis results into finding parts.</summary>
internal static class TraceFindings
{
    public static EntityRef Service(string name) => new("Service", null, name);

    public static IReadOnlyList<EvidenceRef> Cite(IReadOnlyList<Span> samples) => samples.Select(s => s.Cite()).ToList();

    public static string TraceIds(IReadOnlyList<Span> samples) => string.Join(",", samples.Select(s => s.TraceId).Distinct());

    public static string Num(double v) => Math.Round(v, 3).ToString(CultureInfo.InvariantCulture);

    public static string Num(int v) => v.ToString(CultureInfo.InvariantCulture);
}
