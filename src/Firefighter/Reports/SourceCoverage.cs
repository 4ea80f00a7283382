namespace Firefighter.Reports;

/// <summary>What was read from one source of evidence (logs, metrics, k8s, traces, changes, alerts) and what was not.</summary>
/// <param name="Source">The source: <c>logs</c>, <c>metrics</c>, <c>k8s</c>, <c>traces</c>, <c>changes</c>, <c>alerts</c> or <c>other</c>.</param>
/// <param name="FilesRead">Files that gave at least one record.</param>
/// <param name="Records">Records read (log lines, series, objects and events, spans, changes, alerts).</param>
/// <param name="RecordsDropped">Records seen but dropped (unreadable lines, objects without a name, bad samples...).</param>
/// <param name="Skipped">Files and directories that gave nothing, each with why.</param>
public sealed record SourceCoverage(string Source, int FilesRead, int Records, int RecordsDropped, IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>Whether anything was read from this source.</summary>
    public bool Read => Records > 0;
}
