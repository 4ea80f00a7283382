using System.Globalization;
using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Traces.Analyzers;

/// <summary>Where slow requests spend their time, without a baseline: in each slow trace, the span whose own time (not its children's) is
/// the largest part of the request — a database query, a call or a computation (<c>traces.slow_span</c>).</summary>
/// <remarks>A trace is slow when its root lasts at least <see cref="SlowMs"/> ms, or is in the slowest tenth when there are many traces. A span
/// counts when its self time is at least <see cref="MinShare"/> of its trace; spans are grouped by service, operation and statement. Works on
/// two traces as well as on thousands, so the baseline-free question "where does this slow request go?" is answered even when
/// <see cref="TraceLatencyOriginAnalyzer"/> has no "before" to compare with.</remarks>
public sealed class TraceSlowSpanAnalyzer : IAnalyzer
{
    private const double SlowMs = 1000;
    private const double MinShare = 0.4;
    private const int MaxFindings = 3;

    /// <inheritdoc />
    public string Name => "traces.slow_span";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [TraceFindingKinds.SlowSpan];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        if (context.Evidence.Spans.Count == 0)
        {
            return AnalyzerResult.Empty;
        }
        var index = SpanIndex.Build(context.Evidence.Spans);
        var durations = index.TraceRoot.Select(r => r < 0 ? 0 : (index.EndTicks[r] - index.StartTicks[r]) / (double)TimeSpan.TicksPerMillisecond).ToArray();
        var p90 = durations.Length >= 20 ? durations.Order().ElementAt((int)(durations.Length * 0.9)) : double.MaxValue;
        var threshold = Math.Min(SlowMs, p90);
        var bestByTrace = new Dictionary<int, (int Span, double SelfMs)>();
        for (var i = 0; i < index.Spans.Count; i++)
        {
            var t = index.TraceOf[i];
            if (durations[t] < threshold)
            {
                continue;
            }
            var self = index.SelfTicks[i] / (double)TimeSpan.TicksPerMillisecond;
            if (!bestByTrace.TryGetValue(t, out var b) || self > b.SelfMs)
            {
                bestByTrace[t] = (i, self);
            }
        }
        var groups = new Dictionary<(string Service, string Operation, string Statement), List<(int Span, double SelfMs, double TraceMs)>>();
        foreach (var (t, (span, selfMs)) in bestByTrace)
        {
            if (selfMs < MinShare * durations[t])
            {
                continue;
            }
            var s = index.Spans[span];
            var key = (s.Service, s.Operation, Statement(s) ?? "");
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }
            list.Add((span, selfMs, durations[t]));
        }
        var findings = new List<Finding>();
        var (from, to) = (new DateTimeOffset(index.StartTicks.Min(), TimeSpan.Zero), new DateTimeOffset(index.StartTicks.Max(), TimeSpan.Zero));
        foreach (var ((service, operation, statement), list) in groups.OrderByDescending(g => g.Value.Count).ThenByDescending(g => g.Value.Sum(x => x.SelfMs)).ThenBy(g => g.Key.Service, StringComparer.Ordinal).Take(MaxFindings))
        {
            var spans = list.Select(x => index.Spans[x.Span]).ToList();
            var selfMs = Median(list.Select(x => x.SelfMs));
            var traceMs = Median(list.Select(x => x.TraceMs));
            var share = Median(list.Select(x => x.SelfMs / x.TraceMs));
            var first = spans[0];
            var db = first.Attr("db.system");
            var root = index.Spans[index.TraceRoot[index.TraceOf[list[0].Span]]];
            var what = db is not null ? $"a {DbName(db)} query{(statement.Length > 0 ? $" ({Clip(statement)})" : "")}" : $"its own work in {operation}";
            var attrs = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["service"] = service,
                ["operation"] = operation,
                ["selfMs"] = selfMs.ToString("0", CultureInfo.InvariantCulture),
                ["traceMs"] = traceMs.ToString("0", CultureInfo.InvariantCulture),
                ["share"] = (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%",
                ["count"] = list.Count.ToString(CultureInfo.InvariantCulture),
                ["root"] = $"{root.Service} {root.Operation}",
                ["traceIds"] = string.Join(",", spans.Select(s => s.TraceId).Distinct().Take(5)),
            };
            // Slow as often at the start of the traces as at their end: how this service always is, not what changed.
            var steady = Steadiness.IsSteady(list.Select(x => new DateTimeOffset(index.StartTicks[index.TraceRoot[index.TraceOf[x.Span]]], TimeSpan.Zero)),
                from, to, context.Window.Start);
            if (steady)
            {
                attrs["steady"] = "true";
            }
            if (db is not null)
            {
                attrs["dbSystem"] = DbName(db);
            }
            if (statement.Length > 0)
            {
                attrs["statement"] = Clip(statement);
            }
            findings.Add(new Finding(TraceFindingKinds.SlowSpan,
                $"{service} spends {selfMs / 1000:0.0} s of the {traceMs / 1000:0.0} s {root.Operation} request ({share:P0}) in {what}, in {list.Count} slow trace(s)"
                + (steady ? ", as often at the start of the traces as at their end" : ""),
                new EntityRef("Service", null, service), null, null, Math.Min(1, 0.4 + share / 2) * (steady ? 0.5 : 1), spans.Take(3).Select(s => s.Cite()).ToList())
            {
                Severity = share >= 0.5 && !steady ? FindingSeverity.Critical : FindingSeverity.Warning,
                Attributes = attrs,
                Analyzer = Name,
            });
        }
        return AnalyzerResult.Of(findings);
    }

    private static string? Statement(Span s) => s.Attr("db.statement") ?? s.Attr("db.query.text") ?? s.Attr("db.operation") ?? s.Attr("db.operation.name");

    private static string DbName(string system) => system.ToLowerInvariant() switch
    {
        "postgresql" or "postgres" => "PostgreSQL",
        "mysql" => "MySQL",
        "mongodb" => "MongoDB",
        "redis" => "Redis",
        "mssql" => "SQL Server",
        "oracle" => "Oracle",
        "elasticsearch" => "Elasticsearch",
        "cassandra" => "Cassandra",
        _ => system,
    };

    private static double Median(IEnumerable<double> values)
    {
        var a = values.Order().ToArray();
        return a.Length == 0 ? 0 : a.Length % 2 == 1 ? a[a.Length / 2] : (a[a.Length / 2 - 1] + a[a.Length / 2]) / 2;
    }

    private static string Clip(string s) => s.Length <= 120 ? s : s[..120] + "…";
}
