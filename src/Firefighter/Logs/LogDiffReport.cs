namespace Firefighter.Logs;

/// <summary>The result of <see cref="LogDiff"/>: record counts of both sides and the changed templates, highest score first.</summary>
public sealed record LogDiffReport
{
    /// <summary>Baseline records.</summary>
    public long BaselineRecords { get; init; }

    /// <summary>Incident records.</summary>
    public long IncidentRecords { get; init; }

    /// <summary>What the rates were normalised by: <c>duration</c> or <c>volume</c>.</summary>
    public string Normalisation { get; init; } = "volume";

    /// <summary>Changed templates, ranked.</summary>
    public List<LogDiffEntry> Changes { get; init; } = [];

    /// <summary>What the miner's bounds cut (see <see cref="MiningResult.Warnings"/>); null when nothing was.</summary>
    public List<string>? Warnings { get; init; }
}
