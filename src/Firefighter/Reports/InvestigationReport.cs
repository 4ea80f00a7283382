using Firefighter.Evidence;
using Firefighter.Analysis;
using Firefighter.Correlation;
using Firefighter.Hypotheses;

namespace Firefighter.Reports;

/// <summary>The outcome of an investigation: what every renderer (terminal, Markdown, JSON, HTML) draws from.</summary>
public sealed record InvestigationReport
{
    /// <summary>Schema version of the JSON form.</summary>
    public string SchemaVersion { get; init; } = "1";

    /// <summary><c>root_cause</c> (a supported hypothesis), <c>problems</c> (problems found, cause not established), <c>healthy</c>
    /// (nothing wrong, and the sources pointed at were read), or <c>insufficient_evidence</c> (nothing found, but too little could be read to say so).</summary>
    public required string Status { get; init; }

    /// <summary>One-line title: symptom and affected service.</summary>
    public required string Title { get; init; }

    /// <summary>Where the evidence came from.</summary>
    public string Origin { get; init; } = "";

    /// <summary>The "as of" time of the analysis.</summary>
    public DateTimeOffset AsOf { get; init; }

    /// <summary>When the incident began, from the evidence.</summary>
    public DateTimeOffset? Onset { get; init; }

    /// <summary>How the onset was found and from what.</summary>
    public Citation? OnsetEvidence { get; init; }

    /// <summary>When it ended, null while ongoing.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>Severity and the measured reasons for it.</summary>
    public required SeverityAssessment Severity { get; init; }

    /// <summary>Measured impact statements.</summary>
    public IReadOnlyList<Citation> Impact { get; init; } = [];

    /// <summary>Changes in the lead-up to the onset.</summary>
    public IReadOnlyList<Citation> RecentChanges { get; init; } = [];

    /// <summary>Ranked hypotheses.</summary>
    public IReadOnlyList<Hypothesis> Hypotheses { get; init; } = [];

    /// <summary>Every finding of every analyzer.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>The timeline, ascending.</summary>
    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];

    /// <summary>What could not be read or used.</summary>
    public IReadOnlyList<EvidenceWarning> Warnings { get; init; } = [];

    /// <summary>What is not known and what to collect next.</summary>
    public IReadOnlyList<string> Unknowns { get; init; } = [];

    /// <summary>The pre-resolution checklist with what the evidence proves.</summary>
    public IReadOnlyList<ChecklistItem> Checklist { get; init; } = [];

    /// <summary>Key metric series to chart (onset and change markers come from the timeline).</summary>
    public IReadOnlyList<ChartSeries> Charts { get; init; } = [];

    /// <summary>What was read: files and counts.</summary>
    public IReadOnlyList<SourceFile> Inventory { get; init; } = [];

    /// <summary>What each source contributed: files read, skipped and why, records read and dropped.</summary>
    public EvidenceCoverage Coverage { get; init; } = EvidenceCoverage.None;

    /// <summary>Analyzers that ran.</summary>
    public IReadOnlyList<string> Analyzers { get; init; } = [];
}


/// <summary>One pre-resolution checklist item: ticked only when the evidence proves it.</summary>
public sealed record ChecklistItem(string Text, bool Done, string? Evidence);

/// <summary>A metric series to chart in the HTML report.</summary>
/// <param name="Title">Chart title.</param>
/// <param name="Series">Series id (PromQL selector form).</param>
/// <param name="Unit">Unit hint (bytes, ratio, seconds, count).</param>
/// <param name="Points">(Unix seconds, value) points, downsampled for display.</param>
/// <param name="Source">Where it came from.</param>
public sealed record ChartSeries(string Title, string Series, string Unit, IReadOnlyList<double[]> Points, EvidenceRef Source);
