namespace Firefighter.Correlation;

/// <summary>Severity P0–P3 and why.</summary>
public sealed record SeverityAssessment(string Level, IReadOnlyList<string> Reasons);
