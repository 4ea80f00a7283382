using System.Globalization;
using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Logs;

namespace Firefighter.Logs.Analyzers;

/// <summary>Finds log templates that are new or spiking since the incident onset (<c>logs.template.new</c>, <c>logs.template.spike</c>).</summary>
/// <remarks>The onset is the incident start when given, else the minute the per-minute error count jumps (a Poisson likelihood-ratio change point).</remarks>
public sealed class LogTemplateAnalyzer : IAnalyzer
{
    private const int MaxFindingsPerKind = 10;

    /// <inheritdoc/>
    public string Name => "logs.templates";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [LogFindingKinds.TemplateNew, LogFindingKinds.TemplateSpike];

    /// <inheritdoc/>
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var logs = context.Evidence.Logs;
        if (logs.Count == 0) { return AnalyzerResult.Empty; }
        // incident.yaml start is the window to look at, usually before the onset; the error change point is the better split.
        var onset = ErrorOnset(logs) ?? context.Evidence.Incident.Start;
        if (onset is null) { return AnalyzerResult.Empty; }
        var diff = new LogDiff();
        var incidentRecords = new List<LogRecord>();
        foreach (var r in logs)
        {
            if (r.Timestamp is not { } t) { continue; }
            if (t < onset)
            {
                diff.AddBaseline(r.Message, r.Level, t);
            }
            else
            {
                diff.AddIncident(r.Message, r.Level, t);
                incidentRecords.Add(r);
            }
        }
        if (incidentRecords.Count == 0) { return AnalyzerResult.Empty; }
        var report = diff.Compare(top: 200);
        var findings = new List<Finding>();
        var newCount = 0;
        var spikeCount = 0;
        foreach (var c in report.Changes)
        {
            var refs = c.SampleRecords.Select(i => incidentRecords[i].Ref).ToList();
            var sample = c.SampleRecords.Count > 0 ? incidentRecords[c.SampleRecords[0]] : null;
            var entity = sample?.Entity ?? new EntityRef("Host", null, "logs");
            var start = sample?.Timestamp;
            if (c.Change == "new" && newCount < MaxFindingsPerKind && (c.Level >= LogLevel.Warn || c.IncidentCount >= 3))
            {
                newCount++;
                findings.Add(new Finding(LogFindingKinds.TemplateNew, $"New log message since {onset:u}: {Shorten(c.Template)} ({c.IncidentCount}x)", entity, start, null,
                    Strength(c), refs)
                {
                    Severity = c.Level >= LogLevel.Error ? FindingSeverity.Critical : FindingSeverity.Warning,
                    Analyzer = Name,
                    Attributes = new Dictionary<string, string>
                    {
                        ["template"] = c.Template,
                        ["count"] = c.IncidentCount.ToString(CultureInfo.InvariantCulture),
                        ["level"] = c.Level.ToString().ToLowerInvariant(),
                        ["sample"] = c.Sample,
                    },
                });
            }
            else if (c.Change == "spike" && spikeCount < MaxFindingsPerKind)
            {
                spikeCount++;
                findings.Add(new Finding(LogFindingKinds.TemplateSpike, $"Log message rate up {c.Ratio:F1}x since {onset:u}: {Shorten(c.Template)}", entity, start, null,
                    Strength(c), refs)
                {
                    Severity = c.Level >= LogLevel.Error ? FindingSeverity.Critical : FindingSeverity.Warning,
                    Analyzer = Name,
                    Attributes = new Dictionary<string, string>
                    {
                        ["template"] = c.Template,
                        ["ratio"] = c.Ratio.ToString("F2", CultureInfo.InvariantCulture),
                        ["pvalue"] = c.PValue.ToString("G3", CultureInfo.InvariantCulture),
                        ["count"] = c.IncidentCount.ToString(CultureInfo.InvariantCulture),
                        ["level"] = c.Level.ToString().ToLowerInvariant(),
                    },
                });
            }
        }
        var warnings = report.Warnings?.Select(w => new EvidenceWarning(Name, null, w)).ToList() ?? [];
        return new AnalyzerResult(findings, warnings);
    }

    private static double Strength(LogDiffEntry c)
    {
        var levelPart = c.Level >= LogLevel.Error ? 0.4 : c.Level == LogLevel.Warn ? 0.25 : 0.1;
        var sig = Math.Min(1, -Math.Log10(Math.Max(c.PValue, 1e-300)) / 10);
        return Math.Round(Math.Min(1, 0.3 + levelPart + 0.3 * sig), 3);
    }

    private static string Shorten(string s) => s.Length <= 120 ? s : s[..117] + "...";

    /// <summary>The minute at which per-minute error counts rise most significantly, or null when there is no clear rise.</summary>
    public static DateTimeOffset? ErrorOnset(IReadOnlyList<LogRecord> logs)
    {
        var perMinute = new SortedDictionary<long, int>();
        DateTimeOffset? min = null, max = null;
        foreach (var r in logs)
        {
            if (r.Timestamp is not { } t) { continue; }
            if (min is null || t < min) { min = t; }
            if (max is null || t > max) { max = t; }
            if (r.Level >= LogLevel.Error)
            {
                var m = t.ToUnixTimeSeconds() / 60;
                perMinute[m] = perMinute.GetValueOrDefault(m) + 1;
            }
        }
        if (min is null || max is null || perMinute.Count == 0) { return null; }
        var first = min.Value.ToUnixTimeSeconds() / 60;
        var last = max.Value.ToUnixTimeSeconds() / 60;
        var n = (int)Math.Min(last - first + 1, 60 * 24 * 7);
        if (n < 2) { return null; }
        var counts = new double[n];
        foreach (var (m, c) in perMinute)
        {
            var i = m - first;
            if (i >= 0 && i < n) { counts[i] = c; }
        }
        var total = counts.Sum();
        var best = 0.0;
        var bestAt = -1;
        var before = 0.0;
        for (var k = 1; k < n; k++)
        {
            before += counts[k - 1];
            var after = total - before;
            var r1 = before / k;
            var r2 = after / (n - k);
            if (r2 <= r1 * 3 || after < 3) { continue; }
            // Poisson log-likelihood ratio of "two rates" over "one rate".
            var r0 = total / n;
            var llr = Ll(before, k, r1) + Ll(after, n - k, r2) - Ll(total, n, r0);
            if (llr > best) { best = llr; bestAt = k; }
        }
        return bestAt > 0 && best > 5 ? DateTimeOffset.FromUnixTimeSeconds((first + bestAt) * 60) : null;
    }

    private static double Ll(double count, int minutes, double rate) => rate <= 0 ? 0 : count * Math.Log(rate) - rate * minutes;
}
