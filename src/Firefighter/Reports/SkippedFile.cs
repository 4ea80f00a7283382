namespace Firefighter.Reports;

/// <summary>A file or directory of the evidence that gave no records, and why.</summary>
/// <param name="Path">Bundle-relative path (a directory ends with <c>/</c>).</param>
/// <param name="Reason">Why nothing was read from it, as the reader said it.</param>
public sealed record SkippedFile(string Path, string Reason);
