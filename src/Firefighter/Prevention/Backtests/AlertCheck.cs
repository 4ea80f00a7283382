namespace Firefighter.Prevention.Backtests;

/// <summary>One <c>alert_rule_test</c> entry: at <see cref="EvalSeconds"/> after the start, <see cref="Alert"/> has exactly <see cref="Expected"/> firing.</summary>
public sealed record AlertCheck(string Alert, long EvalSeconds, IReadOnlyList<ExpectedAlert> Expected);
