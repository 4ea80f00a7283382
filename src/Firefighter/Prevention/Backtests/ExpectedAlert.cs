namespace Firefighter.Prevention.Backtests;

/// <summary>An alert as promtool reports or expects it at one evaluation time: labels (without <c>alertname</c>) and rendered annotations.</summary>
public sealed record ExpectedAlert(IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);
