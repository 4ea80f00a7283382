using Firefighter.Evidence;

namespace Firefighter.Correlation;

/// <summary>One service's evidence in the fusion, each source as a strength in [0, 1].</summary>
internal sealed class Suspect(string service)
{
    public string Service { get; } = service;

    /// <summary>Wire delay on calls into it (or, when it is the common end of several delayed calls it makes, on its own network).</summary>
    public double Delay;

    /// <summary>Its own processing time (self time of its spans) beyond its baseline, beyond what its peers moved.</summary>
    public double Processing;

    /// <summary>Failing spans that begin in it.</summary>
    public double Errors;

    /// <summary>Its own log lines changed (new warning/error templates, stopped templates, more errors), beyond what its peers changed.</summary>
    public double OwnLogs;

    /// <summary>Other services' warning/error lines naming it.</summary>
    public double NamedLogs;

    /// <summary>Its own warning/error lines naming other services rose: it complains about what it calls.</summary>
    public double Complains;

    /// <summary>Its best resource (CPU, memory) move that stands out from its peers.</summary>
    public double Resource;

    /// <summary>Its best other metric move that stands out from its peers (latency, errors, traffic: symptoms that spread to callers).</summary>
    public double Symptom;

    public string? TraceFault;
    public string? ErrorFault;
    public bool Exception;
    public bool VanishedOnly;
    public string? Operation;
    public string? MetricName;
    public string? MetricKind;
    public double MetricZ;
    public EvidenceRef? MetricRef;
    public string? LogTemplate;
    public string? ExceptionType;
    public DateTimeOffset? First;
    public string? VictimOf;
    public DateTimeOffset Split;
    public double Raw;
    public double Own;
    public double Spread;
    public double Final;
    public Dictionary<string, (double Z, string Metric)> Up { get; } = new(StringComparer.Ordinal);
    public List<EvidenceRef> TraceRefs { get; } = [];
    public List<EvidenceRef> LogRefs { get; } = [];
    public HashSet<string> TraceIds { get; } = new(StringComparer.Ordinal);

    public double Trace => Math.Max(Delay, Math.Max(Processing, Errors));

    public double Log => Math.Max(OwnLogs, NamedLogs);

    public double Metric => Math.Max(Resource, Symptom);

    public void Seen(DateTimeOffset? t)
    {
        if (t is { } v && (First is null || v < First))
        {
            First = v;
        }
    }
}
