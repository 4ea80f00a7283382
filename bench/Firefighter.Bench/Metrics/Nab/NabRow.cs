namespace Firefighter.Bench.Metrics.Nab;

/// <summary>One row tagged for scoring.</summary>
/// <param name="File">The file the row belongs to.</param>
/// <param name="Score">Detector's anomaly score.</param>
/// <param name="Weighted">Weighted sweep score the row earns when detected.</param>
/// <param name="Window">Window index in the file, -1 outside windows, <see cref="Probation"/> in probation.</param>
public readonly record struct NabRow(string File, double Score, double Weighted, int Window)
{
    /// <summary>Window value of a probationary row.</summary>
    public const int Probation = -2;
}
