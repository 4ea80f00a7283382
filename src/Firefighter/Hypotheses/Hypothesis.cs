using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Hypotheses;

/// <summary>A ranked root-cause candidate, with the evidence for and against it and the way out.</summary>
public sealed record Hypothesis
{
    /// <summary>1-based rank.</summary>
    public int Rank { get; init; }

    /// <summary>The signature that produced it.</summary>
    public required string Signature { get; init; }

    /// <summary>Short title, with the entity filled in.</summary>
    public required string Title { get; init; }

    /// <summary>One-sentence cause.</summary>
    public required string Cause { get; init; }

    /// <summary>0..1: how well the evidence supports it.</summary>
    public double Confidence { get; init; }

    /// <summary>True when the evidence is strong enough to call it the root cause.</summary>
    public bool Supported { get; init; }

    /// <summary>The deeper cause on the same component (or a known callee) that explains this one, when one does; such a hypothesis is never supported.</summary>
    public HypothesisRef? ExplainedBy { get; init; }

    /// <summary>The entity at fault (deployment, service, node...).</summary>
    public required EntityRef Entity { get; init; }

    /// <summary>The fault's kind (memory, config, image, scheduling, dependency, network, certificate, disk...).</summary>
    public string Category { get; init; } = "";

    /// <summary>What supports it.</summary>
    public IReadOnlyList<Citation> Evidence { get; init; } = [];

    /// <summary>What argues against it or is missing.</summary>
    public IReadOnlyList<Citation> Against { get; init; } = [];

    /// <summary>The five-whys chain, each answer backed by evidence; stops where evidence stops.</summary>
    public IReadOnlyList<Why> Whys { get; init; } = [];

    /// <summary>Commands to run now.</summary>
    public IReadOnlyList<PlanStep> Mitigation { get; init; } = [];

    /// <summary>Permanent fix direction.</summary>
    public IReadOnlyList<string> Fix { get; init; } = [];

    /// <summary>Alert rules that would catch it, built from the metrics present in the evidence.</summary>
    public IReadOnlyList<AlertRuleSuggestion> Alerts { get; init; } = [];

    /// <summary>The signature's alert rules that could not be used because the evidence lacks a metric they read ("ContainerOOMKilled needs kube_pod_container_status_last_terminated_reason").</summary>
    public IReadOnlyList<string> AlertsNotGrounded { get; init; } = [];

    /// <summary>Action items for prevention.</summary>
    public IReadOnlyList<ActionItem> ActionItems { get; init; } = [];

    /// <summary>What to collect next to confirm or rule it out.</summary>
    public IReadOnlyList<string> Collect { get; init; } = [];

    /// <summary>Runbook: commands or checks that confirm the cause, filled for this incident.</summary>
    public IReadOnlyList<string> Confirm { get; init; } = [];

    /// <summary>Runbook: when and to whom to escalate, filled for this incident.</summary>
    public IReadOnlyList<string> Escalate { get; init; } = [];
}

/// <summary>One step of a five-whys chain.</summary>
public sealed record Why(string Question, string Answer, IReadOnlyList<EvidenceRef> Refs);

/// <summary>A command to run, why, and how to verify it worked.</summary>
public sealed record PlanStep(string Command, string Why, string? Verify);

/// <summary>A Prometheus alerting rule suggestion.</summary>
public sealed record AlertRuleSuggestion(string Name, string Expr, string For, string Severity, string Summary)
{
    /// <summary>How the rule would have done on this incident's data, when backtested ("would have fired at ..."), else null.</summary>
    public string? Backtest { get; init; }

    /// <summary>Alert description template (Go template), null to use the hypothesis's cause.</summary>
    public string? Description { get; init; }

    /// <summary>Where the rule comes from: <c>signature</c>, <c>evidence</c> (derived from the series present), or <c>awesome-prometheus-alerts: &lt;rule&gt;</c>.</summary>
    public string Source { get; init; } = "signature";

    /// <summary>Why the rule looks the way it does (a literal threshold and where it was read), written as a comment above the rule; null when nothing to say.</summary>
    public string? Comment { get; init; }

    /// <summary>The metric names the expression reads, all present in the evidence it was generated from.</summary>
    public IReadOnlyList<string> Metrics { get; init; } = [];
}

/// <summary>An action item: priority, category (prevent, detect, mitigate, process), text.</summary>
public sealed record ActionItem(string Priority, string Category, string Text);
