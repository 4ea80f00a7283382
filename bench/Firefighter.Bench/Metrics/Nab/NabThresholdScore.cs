namespace Firefighter.Bench.Metrics.Nab;

/// <summary>Totals at one threshold.</summary>
public sealed record NabThresholdScore(double Threshold, double Score, int Tp, int Tn, int Fp, int Fn);
