namespace Firefighter.Hypotheses;

/// <summary>A known cause: which pattern of findings indicates it, and the mitigation, fix, alerts and runbook for it.</summary>
/// <remarks>Loaded from YAML under <c>signatures/</c>; text fields are templates where <c>{name}</c> is replaced with
/// the anchor's values (<c>workload</c>, <c>namespace</c>, <c>kind</c>, <c>service</c>) and the matched findings' attributes.</remarks>
public sealed record Signature
{
    /// <summary>Stable id (kebab-case), the file's name without extension by convention.</summary>
    public required string Id { get; init; }

    /// <summary>Hypothesis title template.</summary>
    public required string Title { get; init; }

    /// <summary>One-sentence cause template.</summary>
    public required string Cause { get; init; }

    /// <summary>Fault category: memory, config, image, scheduling, probe, dependency, certificate, dns, disk, network, cpu, error.</summary>
    public string Category { get; init; } = "";

    /// <summary>Base confidence before evidence (0..1).</summary>
    public double Prior { get; init; } = 0.05;

    /// <summary><c>cause</c> (default) or <c>symptom</c>: a symptom signature (a dependency is down) yields to a cause found on the same component.</summary>
    public string Level { get; init; } = "cause";

    /// <summary>What the anchor entity is: the owning workload of the required finding (default), or the finding's entity itself.</summary>
    public string Anchor { get; init; } = "workload";

    /// <summary>The evidence clauses.</summary>
    public IReadOnlyList<EvidenceClause> Evidence { get; init; } = [];

    /// <summary>Five-whys templates in order; a step is kept only when its finding kind is present.</summary>
    public IReadOnlyList<WhyTemplate> Whys { get; init; } = [];

    /// <summary>Immediate mitigation steps.</summary>
    public IReadOnlyList<StepTemplate> Mitigation { get; init; } = [];

    /// <summary>Permanent fix directions.</summary>
    public IReadOnlyList<string> Fix { get; init; } = [];

    /// <summary>Alert rules that catch the cause.</summary>
    public IReadOnlyList<AlertTemplate> Alerts { get; init; } = [];

    /// <summary>Built-in alert recipes (<c>memory-near-limit</c>, <c>memory-growth</c>, <c>restarts</c>, <c>error-ratio</c>, <c>latency</c>) that derive rules from the metrics present in the evidence.</summary>
    public IReadOnlyList<string> AlertRecipes { get; init; } = [];

    /// <summary>Alert names from the curated awesome-prometheus-alerts library to emit when the evidence has every metric they read.</summary>
    public IReadOnlyList<string> LibraryAlerts { get; init; } = [];

    /// <summary>Runbook text: how to confirm the cause and when to escalate (detect, mitigate and verify come from the other fields).</summary>
    public RunbookTemplate Runbook { get; init; } = new([], []);

    /// <summary>Prevention and process action items.</summary>
    public IReadOnlyList<ActionTemplate> ActionItems { get; init; } = [];

    /// <summary>What to collect to confirm or rule out the cause.</summary>
    public IReadOnlyList<string> Collect { get; init; } = [];

    /// <summary>The file it was loaded from.</summary>
    public string SourceFile { get; init; } = "";
}

/// <summary>One clause: a finding kind (with attribute filters) and what its presence or absence means.</summary>
public sealed record EvidenceClause
{
    /// <summary>Finding kind, exact or with a trailing <c>*</c> (<c>k8s.container.*</c>).</summary>
    public required string Kind { get; init; }

    /// <summary><c>required</c> (must be present for the hypothesis to exist), <c>support</c>, <c>against</c> (present argues against), <c>expected</c> (absent argues against).</summary>
    public string Role { get; init; } = "support";

    /// <summary>Attribute filters: attribute name to a case-insensitive regular expression.</summary>
    public IReadOnlyDictionary<string, string> Where { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the finding must be relative to the anchor: <c>anchor</c> (same workload or its pods/service, default), <c>dependents</c> (callers whose errors target the anchor), <c>any</c>.</summary>
    public string Scope { get; init; } = "anchor";

    /// <summary>Timing constraint: <c>before_onset</c> (within <see cref="WithinHours"/> before the onset), <c>after_onset</c>, or empty.</summary>
    public string When { get; init; } = "";

    /// <summary>Look-back for <see cref="When"/> = before_onset.</summary>
    public double WithinHours { get; init; } = 6;

    /// <summary>Required clauses with the same group are alternatives (any one suffices); empty means a group of its own.</summary>
    public string Group { get; init; } = "";

    /// <summary>How much the clause moves the confidence.</summary>
    public double Weight { get; init; } = 0.1;

    /// <summary>What the clause means, for the against/expected lines ("no deploy before the onset").</summary>
    public string Says { get; init; } = "";
}

/// <summary>A five-whys step template, kept when a finding of <see cref="Kind"/> supports it.</summary>
public sealed record WhyTemplate(string Question, string Answer, string Kind);

/// <summary>A mitigation step template.</summary>
public sealed record StepTemplate(string Command, string Why, string? Verify);

/// <summary>Runbook steps a signature adds to the generated runbook: how to confirm the cause, and when and to whom to escalate.</summary>
public sealed record RunbookTemplate(IReadOnlyList<string> Confirm, IReadOnlyList<string> Escalate);

/// <summary>An alert rule template of a signature.</summary>
public sealed record AlertTemplate(string Name, string Expr, string For, string Severity, string Summary);

/// <summary>An action item template.</summary>
public sealed record ActionTemplate(string Priority, string Category, string Text);
