namespace Firefighter.Metrics;

/// <summary>Why <see cref="AnomalyDetector"/> reported a sample: what kind of novelty, and the normal range it left.</summary>
/// <param name="Timestamp">When the novel regime started (the reported sample, Unix seconds).</param>
/// <param name="Value">The reported value.</param>
/// <param name="Score">The anomaly score in [0,1].</param>
/// <param name="Kind">One of <see cref="AnomalyKinds"/>.</param>
/// <param name="NormalLow">Lower edge of the values seen before (quantised).</param>
/// <param name="NormalHigh">Upper edge of the values seen before (quantised).</param>
public sealed record AnomalyReport(double Timestamp, double Value, double Score, string Kind, double NormalLow, double NormalHigh);
