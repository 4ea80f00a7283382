using Firefighter.Evidence;

namespace Firefighter.Sources.Bundles;

/// <summary>What a reader appends to while it reads one bundle: the evidence, the warnings, the clock and the limits.</summary>
public sealed class ReadContext
{
    private readonly HashSet<string> _once = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, object> _state = [];

    /// <summary>Creates a context appending to <paramref name="evidence"/>.</summary>
    public ReadContext(EvidenceSet evidence, TimeProvider time, BundleReadOptions options)
    {
        Evidence = evidence;
        Time = time;
        Options = options;
    }

    /// <summary>The evidence being built.</summary>
    public EvidenceSet Evidence { get; }

    /// <summary>What incident.yaml said (read before any other file).</summary>
    public IncidentInfo Incident => Evidence.Incident;

    /// <summary>The clock, for the few places that need "now" (the year of syslog timestamps).</summary>
    public TimeProvider Time { get; }

    /// <summary>Limits.</summary>
    public BundleReadOptions Options { get; }

    /// <summary>Adds a warning naming the file and, when there is one, the line.</summary>
    public void Warn(string source, int? line, string message) => Evidence.Warnings.Add(new EvidenceWarning(source, line, message));

    /// <summary>Adds a warning for <paramref name="count"/> records that were dropped (skipped lines, objects, samples), counted in the coverage.</summary>
    public void Drop(string source, int? line, int count, string message) =>
        Evidence.Warnings.Add(new EvidenceWarning(source, line, message) { Dropped = Math.Max(count, 0) });

    /// <summary>Adds a warning only the first time <paramref name="key"/> is seen in this bundle.</summary>
    public void WarnOnce(string key, string source, int? line, string message)
    {
        if (_once.Add(key))
        {
            Warn(source, line, message);
        }
    }

    /// <summary>State a reader keeps across the files of one bundle (exposition snapshots of one target merge into one series), created on first use.</summary>
    internal T State<T>()
        where T : class, new()
    {
        if (!_state.TryGetValue(typeof(T), out var s))
        {
            _state[typeof(T)] = s = new T();
        }
        return (T)s;
    }
}
