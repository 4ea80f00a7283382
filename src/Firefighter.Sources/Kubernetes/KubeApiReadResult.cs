using Firefighter.Evidence;

namespace Firefighter.Sources.Kubernetes;

/// <summary>What a live cluster read gave: the evidence (objects, events, warnings for refused optional lists) or the one reason it could not run.</summary>
public sealed class KubeApiReadResult
{
    private KubeApiReadResult(EvidenceSet? evidence, string? error)
    {
        Evidence = evidence;
        Error = error;
    }

    /// <summary>The objects and events read, with a warning per resource that could not be listed; null on failure.</summary>
    public EvidenceSet? Evidence { get; }

    /// <summary>Why the scan cannot run (unreachable server, 401, a refused or failed required list, timeout, bad kubeconfig); null on success.</summary>
    public string? Error { get; }

    /// <summary>True when <see cref="Evidence"/> is set.</summary>
    public bool Ok => Evidence is not null;

    /// <summary>A successful read.</summary>
    public static KubeApiReadResult Success(EvidenceSet evidence) => new(evidence, null);

    /// <summary>A read that could not run.</summary>
    public static KubeApiReadResult Failure(string error) => new(null, error);
}
