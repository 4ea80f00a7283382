namespace Firefighter.Parsing;

/// <summary>The thresholds <see cref="HeaderShape.Learn"/> decides with: what the leave-one-system-out bench chooses among.</summary>
public sealed record HeaderTuning
{
    /// <summary>The shipped settings.</summary>
    public static HeaderTuning Default { get; } = new();

    /// <summary>Share of sample lines a column's kinds must cover to be a header column (and a line's fit to the shape).</summary>
    public double ColumnShare { get; init; } = 0.9;

    /// <summary>Share of sample lines a kind must reach to count for a column.</summary>
    public double KindShare { get; init; } = 0.05;

    /// <summary>Most weak columns (names that vary, a host) between two strong ones.</summary>
    public int MaxWeakColumns { get; init; } = 2;

    /// <summary>The learned shape is dropped for the per-line detector when that detector strips more on this share of lines.</summary>
    public double BuiltInShare { get; init; } = 0.5;

    /// <summary>Share of header columns a line may miss (a node written another way) and still have the header.</summary>
    public double MissShare { get; init; } = 0.25;
}
