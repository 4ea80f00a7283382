using System.Globalization;

namespace Firefighter.Correlation;

/// <summary>The tunable weights of <see cref="CulpritFusion"/>: how much each source counts and how a caller is judged a victim.</summary>
/// <remarks>The defaults were chosen by cross-validation across two real systems (see docs/benchmarks.md); change them only with that bench.</remarks>
public sealed record FusionWeights
{
    /// <summary>The defaults.</summary>
    public static FusionWeights Default { get; } = new();

    /// <summary>Weight of the traces' evidence (wire delay, own processing time, error origins).</summary>
    public double Traces { get; init; } = 1.0;

    /// <summary>Weight of the logs' evidence (new templates, stopped templates, error rate, callers naming it).</summary>
    public double Logs { get; init; } = 1.0;

    /// <summary>Weight of the resource metrics' evidence (CPU and memory moves that stand out from the service's peers).</summary>
    public double Metrics { get; init; } = 1.0;

    /// <summary>Weight of the other metrics' evidence (latency, errors, traffic: symptoms that spread to callers).</summary>
    public double Symptoms { get; init; } = 0.3;

    /// <summary>A caller is a victim when something it calls is blamed at least this fraction of its own score.</summary>
    public double VictimRatio { get; init; } = 0.5;

    /// <summary>What a victim keeps of its score.</summary>
    public double VictimFactor { get; init; } = 0.35;

    /// <summary>A copy with one weight set from <c>name=value</c> (names as the properties, any case); unknown names are an error.</summary>
    public FusionWeights With(string assignment)
    {
        var eq = assignment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || !double.TryParse(assignment[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            throw new ArgumentException($"expected name=value, got '{assignment}'", nameof(assignment));
        }
        return assignment[..eq].ToLowerInvariant() switch
        {
            "traces" => this with { Traces = v },
            "logs" => this with { Logs = v },
            "metrics" => this with { Metrics = v },
            "symptoms" => this with { Symptoms = v },
            "victimratio" => this with { VictimRatio = v },
            "victimfactor" => this with { VictimFactor = v },
            _ => throw new ArgumentException($"unknown fusion weight '{assignment[..eq]}'", nameof(assignment)),
        };
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"traces={Traces} logs={Logs} metrics={Metrics} symptoms={Symptoms} victimRatio={VictimRatio} victimFactor={VictimFactor}");
}
