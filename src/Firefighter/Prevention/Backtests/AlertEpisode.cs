namespace Firefighter.Prevention.Backtests;

/// <summary>One continuous stretch in which a rule's expression held for one label set, and whether it got past <c>for</c>.</summary>
/// <param name="Labels">The label set of the expression's result (without the rule's labels).</param>
/// <param name="ActiveAt">First evaluation at which the expression returned the series (pending from here).</param>
/// <param name="FiredAt">First evaluation at which it had held for <c>for</c>; null if it never fired.</param>
/// <param name="EndedAt">First evaluation at which the expression no longer returned it; null if still active at the end.</param>
public sealed record AlertEpisode(IReadOnlyDictionary<string, string> Labels, DateTimeOffset ActiveAt, DateTimeOffset? FiredAt, DateTimeOffset? EndedAt);
