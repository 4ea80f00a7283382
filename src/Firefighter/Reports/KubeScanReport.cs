using System.Text.Json.Serialization;

namespace Firefighter.Reports;

/// <summary>The result of <c>ff k8s scan</c>: every finding, the findings grouped by cause, and what could not be read.</summary>
/// <param name="Status"><c>problems</c> when a finding is a warning or worse, else <c>healthy</c>.</param>
/// <param name="AsOf">The moment the snapshot or cluster was judged at.</param>
/// <param name="Findings">Most severe first.</param>
/// <param name="Causes">Findings grouped by what they share (one missing Secret, one image...), in the order of their first finding.</param>
/// <param name="Warnings">What could not be read or analyzed, one line each.</param>
public sealed record KubeScanReport(string Status, DateTimeOffset AsOf, IReadOnlyList<KubeScanFinding> Findings, IReadOnlyList<KubeScanCause> Causes, IReadOnlyList<string> Warnings)
{
    /// <summary>Kubernetes objects read.</summary>
    [JsonIgnore]
    public int Objects { get; init; }

    /// <summary>Kubernetes events read.</summary>
    [JsonIgnore]
    public int Events { get; init; }
}

/// <summary>One finding as <c>ff k8s scan --json</c> writes it.</summary>
/// <param name="Kind">The finding kind (docs/finding-kinds.md).</param>
/// <param name="Severity"><c>info</c>, <c>warning</c> or <c>critical</c>.</param>
/// <param name="Entity">The object it is about.</param>
/// <param name="Message">The finding's sentence.</param>
/// <param name="Strength">0..1, three decimals.</param>
/// <param name="Start">When it began, when known.</param>
/// <param name="Analyzer">Which analyzer found it.</param>
/// <param name="Evidence">Where to check it (file:line or object field, with the excerpt).</param>
/// <param name="Commands">What to run to confirm or act.</param>
/// <param name="Attributes">The finding's attributes, by name.</param>
public sealed record KubeScanFinding(string Kind, string Severity, KubeScanEntity Entity, string Message, double Strength, DateTimeOffset? Start,
    string Analyzer, IReadOnlyList<string> Evidence, IReadOnlyList<string> Commands, IReadOnlyDictionary<string, string> Attributes);

/// <summary>A Kubernetes object reference; <c>namespace</c> is written as null for cluster-scoped objects.</summary>
/// <param name="Kind">Object kind.</param>
/// <param name="Namespace">Namespace, null when cluster-scoped.</param>
/// <param name="Name">Object name.</param>
public sealed record KubeScanEntity(string Kind, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Namespace, string Name);

/// <summary>One cause: the findings it explains and the objects they affect.</summary>
/// <param name="Kind">The kind of its first finding.</param>
/// <param name="Severity">The worst severity among its findings.</param>
/// <param name="Message">Its first finding's sentence.</param>
/// <param name="Count">How many findings it groups.</param>
/// <param name="Entities">The affected objects (<c>Kind/namespace/name</c>).</param>
public sealed record KubeScanCause(string Kind, string Severity, string Message, int Count, IReadOnlyList<string> Entities)
{
    /// <summary>The affected objects' names, distinct, for the text view.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>The kind of the affected objects.</summary>
    [JsonIgnore]
    public string EntityKind { get; init; } = "";

    /// <summary>The one deployment all affected objects belong to, when there is one.</summary>
    [JsonIgnore]
    public string? Deployment { get; init; }

    /// <summary>The first finding's evidence.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>The first finding's commands.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Commands { get; init; } = [];
}
