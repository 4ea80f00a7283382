using System.Text.RegularExpressions;
using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Logs.Analyzers;

/// <summary>Configuration changes a service announces in its own logs (a reload, a changed file, SIGHUP), with the settings it prints around
/// it and their old values (<c>Database host: db-b:5432 (was: db-a:5432)</c>, <c>ttl changed from 3600 to 60</c>): <c>logs.config_change</c>,
/// a change event nobody recorded in a deploy log.</summary>
/// <remarks>One finding per reload; the settings are read from the reload line and the next <see cref="Window"/> records of the same source.</remarks>
public sealed partial class ConfigChangeAnalyzer : IAnalyzer
{
    private const int Window = 12;

    /// <inheritdoc />
    public string Name => "logs.config-changes";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [LogFindingKinds.ConfigChange];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var sources = LogSources.For(context.Evidence);
        var logs = context.Evidence.Logs;
        var findings = new List<Finding>();
        var skipUntil = -1;
        for (var i = 0; i < logs.Count; i++)
        {
            var r = logs[i];
            if (i <= skipUntil || !Announces(r))
            {
                continue;
            }
            var changes = new List<string>();
            var keys = new List<string>();
            var refs = new List<EvidenceRef> { r.Ref with { Excerpt = Clip(r.Message) } };
            var end = i;
            for (var j = i; j < logs.Count && j <= i + Window && logs[j].Ref.Source == r.Ref.Source; j++)
            {
                if (Setting().Match(logs[j].Message) is { Success: true } m)
                {
                    var key = m.Groups["k"].Value.Trim();
                    changes.Add($"{key}: {m.Groups["old"].Value.Trim()} -> {m.Groups["new"].Value.Trim()}");
                    keys.Add(key);
                    refs.Add(logs[j].Ref with { Excerpt = Clip(logs[j].Message) });
                    end = j;
                }
                else if (j > i && Announces(logs[j]))
                {
                    end = j;
                }
            }
            skipUntil = end;
            var entity = sources.EntityOf(r);
            var attrs = new Dictionary<string, string>(StringComparer.Ordinal) { ["line"] = Clip(r.Message) };
            if (r.Timestamp is { } when)
            {
                attrs["at"] = when.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
            }
            if (entity.Namespace is { } ns)
            {
                attrs["namespace"] = ns;
            }
            if (changes.Count > 0)
            {
                attrs["changes"] = string.Join("; ", changes.Take(6));
                attrs["keys"] = string.Join(", ", keys.Take(6));
            }
            var at = r.Timestamp is { } t ? $" at {t:yyyy-MM-dd HH:mm:ss} UTC" : "";
            findings.Add(new Finding(LogFindingKinds.ConfigChange,
                changes.Count > 0 ? $"{entity.Name} reloaded its configuration{at}: {string.Join("; ", changes.Take(4))}" : $"{entity.Name} reloaded its configuration{at} (\"{Clip(r.Message)}\")",
                entity, r.Timestamp, null, changes.Count > 0 ? 0.8 : 0.6, refs.Take(5).ToList())
            {
                Severity = FindingSeverity.Info,
                Attributes = attrs,
                Analyzer = Name,
            });
        }
        return AnalyzerResult.Of(findings);
    }

    private static bool Announces(LogRecord r)
    {
        if (r.Fields.Count > 0 && (r.Fields.GetValueOrDefault("event") ?? r.Fields.GetValueOrDefault("event_type") ?? r.Fields.GetValueOrDefault("action")) is { } ev
            && Reload().IsMatch(ev.Replace('_', ' ')))
        {
            return true;
        }
        var msg = r.Message;
        return msg.Length < 300 && (msg.Contains("onfig", StringComparison.Ordinal) || msg.Contains("reload", StringComparison.OrdinalIgnoreCase) || msg.Contains("SIGHUP", StringComparison.Ordinal))
            && Reload().IsMatch(msg);
    }

    private static string Clip(string s) => s.Length <= 160 ? s : s[..160] + "…";

    [GeneratedRegex(@"\b(?:configuration|config|settings)(?: file)? (?:reload(?:ed|ing)?|change(?:d| detected)|updated|refresh(?:ed)?|hot[- ]?reload)|\breload(?:ed|ing)? (?:the )?(?:configuration|config|settings)|\bconfiguration reload\b|\bSIGHUP\b|\bconfig(?:map)? (?:was )?(?:modified|replaced)", RegexOptions.IgnoreCase)]
    private static partial Regex Reload();

    // "Database host: db-staging:5432 (was: db-prod:5432)", "KEY=false (was: true)", "cache ttl changed from 3600 to 60"
    [GeneratedRegex(@"(?<k>[A-Za-z][\w .\-]{0,40}?)\s*[:=]\s*(?<new>[^\s(]+(?: [^\s(]+)?)\s*\((?:was|previously|old)[:=]?\s*(?<old>[^)]+)\)|(?<k>[A-Za-z][\w .\-]{0,40}?) (?:changed|updated|set) from (?<old>\S+) to (?<new>\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex Setting();
}
