using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Firefighter.Evidence;

namespace Firefighter.Logs;

/// <summary>Who wrote each log record, beyond the file name: the service named in the lines of an aggregated log (one file, several
/// services), and the pod and container of a previous-container log (<c>&lt;ns&gt;_&lt;pod&gt;_&lt;container&gt;.previous.log</c>).</summary>
/// <remarks>Built once per evidence set (O(records)) and shared by the log analyzers; thread-safe after construction.</remarks>
public sealed partial class LogSources
{
    private static readonly ConditionalWeakTable<EvidenceSet, LogSources> Cache = new();
    private static readonly Lock CacheLock = new();

    /// <summary>Field names that name the service a structured line comes from.</summary>
    public static readonly string[] ServiceKeys = ["service", "service_name", "service.name", "serviceName", "app", "application"];

    private readonly Dictionary<string, FileSource> _files = new(StringComparer.Ordinal);
    private readonly int _count;

    private sealed record FileSource(string? ServiceKey, EntityRef? Entity, string? Container, bool Previous);

    private LogSources(IReadOnlyList<LogRecord> logs)
    {
        _count = logs.Count;
        var services = new Dictionary<string, (string Key, Dictionary<string, int> Values)>(StringComparer.Ordinal);
        foreach (var r in logs)
        {
            if (r.Fields.Count == 0)
            {
                continue;
            }
            foreach (var key in ServiceKeys)
            {
                if (r.Fields.TryGetValue(key, out var v) && v.Length > 0)
                {
                    if (!services.TryGetValue(r.Ref.Source, out var s))
                    {
                        services[r.Ref.Source] = s = (key, new Dictionary<string, int>(StringComparer.Ordinal));
                    }
                    if (s.Key == key)
                    {
                        s.Values[v] = s.Values.GetValueOrDefault(v) + 1;
                    }
                    break;
                }
            }
        }
        foreach (var source in logs.Select(r => r.Ref.Source).Distinct(StringComparer.Ordinal))
        {
            // An aggregated log names at least two services, each on a real share of its lines.
            string? key = null;
            if (services.TryGetValue(source, out var s))
            {
                var total = s.Values.Values.Sum();
                if (s.Values.Count(kv => kv.Value >= Math.Max(5, total / 100)) >= 2)
                {
                    key = s.Key;
                }
            }
            var m = PreviousLog().Match(source.Split('/')[^1]);
            _files[source] = m.Success
                ? new FileSource(key, new EntityRef("Pod", m.Groups[1].Value, m.Groups[2].Value), m.Groups[3].Value, true)
                : new FileSource(key, null, null, false);
        }
    }

    /// <summary>The shared instance for an evidence set.</summary>
    public static LogSources For(EvidenceSet evidence)
    {
        lock (CacheLock)
        {
            if (Cache.TryGetValue(evidence, out var s) && s._count == evidence.Logs.Count)
            {
                return s;
            }
            s = new LogSources(evidence.Logs);
            Cache.AddOrUpdate(evidence, s);
            return s;
        }
    }

    /// <summary>The entity that wrote the record: the service its line names in an aggregated log, the pod of a previous-container log, else the file's entity.</summary>
    public EntityRef EntityOf(LogRecord r)
    {
        var file = _files.GetValueOrDefault(r.Ref.Source);
        var own = file?.Entity ?? r.Entity ?? new EntityRef("Log", null, r.Ref.Source);
        if (file?.ServiceKey is { } key && r.Fields.TryGetValue(key, out var service) && service.Length > 0 && !SameWorkload(own, service))
        {
            return new EntityRef("Service", own.Namespace, service);
        }
        return own;
    }

    /// <summary>The container that wrote the record, when the file name or fields say.</summary>
    public string? ContainerOf(LogRecord r) =>
        _files.GetValueOrDefault(r.Ref.Source)?.Container ?? r.Fields.GetValueOrDefault("container");

    /// <summary>True when the record comes from a previous (exited) container's log.</summary>
    public bool IsPrevious(LogRecord r) => _files.GetValueOrDefault(r.Ref.Source)?.Previous == true
        || r.Ref.Source.Contains(".previous.", StringComparison.Ordinal);

    /// <summary>True when the file aggregates the lines of several services.</summary>
    public bool IsAggregated(string source) => _files.GetValueOrDefault(source)?.ServiceKey is not null;

    private static bool SameWorkload(EntityRef own, string service) =>
        own.Name == service || own.Name.StartsWith(service + "-", StringComparison.Ordinal);

    [GeneratedRegex(@"^([a-z0-9][a-z0-9.-]*)_([a-z0-9][a-z0-9.-]*)_([a-z0-9][a-z0-9-]*)\.previous\.log(?:\.gz)?$")]
    private static partial Regex PreviousLog();
}
