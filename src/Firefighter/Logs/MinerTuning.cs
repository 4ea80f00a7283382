namespace Firefighter.Logs;

/// <summary>The miner's thresholds and rules that are not user corrections: what the leave-one-system-out bench chooses among.</summary>
/// <remarks>The defaults are what ships; <c>logs-loso</c> in the bench shows whether each holds on a system it was not chosen on.</remarks>
public sealed record MinerTuning
{
    /// <summary>The shipped settings.</summary>
    public static MinerTuning Default { get; } = new();

    /// <summary>Most distinct words at one position for it to split events rather than be a variable.</summary>
    public int MaxEventWords { get; init; } = TemplateMiner.MaxEventWords;

    /// <summary>A value seen once is still shown as a variable when it holds a run of this many digits (an id); 0 turns the rule off.</summary>
    public int IdentifierDigits { get; init; } = 4;

    /// <summary>A value seen once is still shown as a variable when it holds a number not glued to letters (<c>vCores:32</c>, <c>15GB</c>).</summary>
    public bool FreeNumbers { get; init; } = true;

    /// <summary>Month and weekday names written next to numbers are part of a date, not event words.</summary>
    public bool DateWords { get; init; } = true;

    /// <summary>Size and duration units after a number (<c>KB</c>, <c>ms</c>) belong to the value.</summary>
    public bool Units { get; init; } = true;

    /// <summary>Templates whose variable absorbs several tokens are merged into a more general one of another length.</summary>
    public bool MergeAcrossLengths { get; init; } = true;

    /// <summary>A group with no constant word is split on its least varied word position.</summary>
    public bool SplitVariableOnly { get; init; } = true;

    /// <summary>A <c>-</c> before a variable at the start of a value is a sign, part of the variable.</summary>
    public bool SignedNumbers { get; init; } = true;

    /// <summary>Variable values shaped like UUIDs or dotted host names render as one <c>&lt;*&gt;</c>.</summary>
    public bool CollapseShapes { get; init; } = true;
}
