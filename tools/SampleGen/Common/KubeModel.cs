namespace Firefighter.SampleGen.Common;

/// <summary>A container probe: Type is http, tcp or exec; Target is the path or the command.</summary>
public sealed record Probe(string Type, string Target, int Port, int Delay, int Timeout, int Period, int Failure);

/// <summary>An environment variable: a literal value, or a key of a Secret / ConfigMap.</summary>
public sealed record EnvVar(string Name, string? Value = null, string? Secret = null, string? ConfigMap = null, string? Key = null);

/// <summary>A volume mount of a container.</summary>
public sealed record Mount(string Path, string Volume, bool ReadOnly);

/// <summary>One run of a container: started, and when and how it ended (null while running).</summary>
public sealed record Run(DateTimeOffset Started, DateTimeOffset? Finished = null, int ExitCode = 0, string Reason = "Completed");

/// <summary>What a container is: image, port, resources, probes, environment.</summary>
public sealed class ContainerSpec
{
    /// <summary>Container name.</summary>
    public required string Name { get; init; }

    /// <summary>Image reference.</summary>
    public required string Image { get; init; }

    /// <summary>sha256 digest of the image (hex).</summary>
    public required string Digest { get; init; }

    /// <summary>Container port (0 = none).</summary>
    public int Port { get; init; }

    /// <summary>Name of the port.</summary>
    public string PortName { get; init; } = "http";

    /// <summary>CPU request.</summary>
    public required string CpuRequest { get; init; }

    /// <summary>Memory request.</summary>
    public required string MemoryRequest { get; init; }

    /// <summary>CPU limit, or null.</summary>
    public string? CpuLimit { get; init; }

    /// <summary>Memory limit.</summary>
    public required string MemoryLimit { get; init; }

    /// <summary>Liveness probe.</summary>
    public Probe? Liveness { get; init; }

    /// <summary>Readiness probe.</summary>
    public Probe? Readiness { get; init; }

    /// <summary>Environment variables.</summary>
    public IReadOnlyList<EnvVar> Env { get; init; } = [];

    /// <summary>ConfigMaps imported whole with envFrom.</summary>
    public IReadOnlyList<string> EnvFromConfigMaps { get; init; } = [];

    /// <summary>Volume mounts besides the service account token.</summary>
    public IReadOnlyList<Mount> Mounts { get; init; } = [];

    /// <summary>Container args.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];
}

/// <summary>A pod template: labels, annotations, containers, service account, claims.</summary>
public sealed class PodTemplate
{
    /// <summary>Template labels (without pod-template-hash).</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>Template annotations.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Containers.</summary>
    public required IReadOnlyList<ContainerSpec> Containers { get; init; }

    /// <summary>Service account name.</summary>
    public required string ServiceAccount { get; init; }

    /// <summary>Termination grace period in seconds.</summary>
    public int Grace { get; init; } = 30;

    /// <summary>PersistentVolumeClaim volumes: volume name → claim name.</summary>
    public IReadOnlyList<(string Volume, string Claim)> Claims { get; init; } = [];
}

/// <summary>One pod's identity and history.</summary>
public sealed class PodState
{
    /// <summary>Pod name.</summary>
    public required string Name { get; init; }

    /// <summary>Node it runs on.</summary>
    public required string Node { get; init; }

    /// <summary>Pod IP.</summary>
    public required string Ip { get; init; }

    /// <summary>Creation time.</summary>
    public required DateTimeOffset Created { get; init; }

    /// <summary>Owner kind (ReplicaSet or StatefulSet).</summary>
    public required string OwnerKind { get; init; }

    /// <summary>Owner name.</summary>
    public required string OwnerName { get; init; }

    /// <summary>Labels added to the template's (pod-template-hash, statefulset.kubernetes.io/pod-name...).</summary>
    public IReadOnlyDictionary<string, string> ExtraLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>Runs per container; a container not listed ran once from shortly after creation.</summary>
    public Dictionary<string, List<Run>> Runs { get; init; } = [];

    /// <summary>The runs of a container, defaulting to one run started 12 s after the pod was created.</summary>
    public IReadOnlyList<Run> RunsOf(string container) =>
        Runs.TryGetValue(container, out var r) ? r : [new Run(Created.AddSeconds(12))];
}

/// <summary>A node and its hardware and (possibly unusual) conditions.</summary>
public sealed record NodeSpec(string Name, string Ip, string Zone, string InstanceType, int Cpu, int MemoryGi, string PodCidr, DateTimeOffset Created)
{
    /// <summary>Extra conditions (type, status, reason, message, since) beyond the four standard ones.</summary>
    public IReadOnlyList<(string Type, string Status, string Reason, string Message, DateTimeOffset Since)> Extra { get; init; } = [];

    /// <summary>When DiskPressure last changed (benign recovered pressure shows here).</summary>
    public DateTimeOffset? DiskPressureRecoveredAt { get; init; }
}

/// <summary>A core/v1 Event as the kubelet or a controller records it (aggregated: count, first, last).</summary>
public sealed record KEvent(string Type, string Reason, string Message, string Kind, string Name, string? FieldPath, string Component, string? Host, DateTimeOffset First, DateTimeOffset Last, int Count = 1);
