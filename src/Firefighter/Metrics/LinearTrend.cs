namespace Firefighter.Metrics;

/// <summary>Least-squares line through a series (like PromQL <c>predict_linear</c>), with its fit quality.</summary>
/// <param name="SlopePerSecond">Change per second.</param>
/// <param name="Intercept">Value at time 0 (Unix seconds).</param>
/// <param name="R2">Coefficient of determination in [0,1].</param>
public sealed record LinearTrend(double SlopePerSecond, double Intercept, double R2)
{
    /// <summary>Fits the finite samples; null with fewer than three.</summary>
    public static LinearTrend? Fit(ReadOnlySpan<double> t, ReadOnlySpan<double> v)
    {
        double n = 0, st = 0, sv = 0;
        var t0 = t.Length > 0 ? t[0] : 0;
        for (var i = 0; i < v.Length; i++)
        {
            if (double.IsFinite(v[i]))
            {
                n++;
                st += t[i] - t0;
                sv += v[i];
            }
        }
        if (n < 3)
        {
            return null;
        }
        double mt = st / n, mv = sv / n, stt = 0, stv = 0, svv = 0;
        for (var i = 0; i < v.Length; i++)
        {
            if (double.IsFinite(v[i]))
            {
                var dt = t[i] - t0 - mt;
                var dv = v[i] - mv;
                stt += dt * dt;
                stv += dt * dv;
                svv += dv * dv;
            }
        }
        if (stt <= 0)
        {
            return null;
        }
        var slope = stv / stt;
        var r2 = svv <= 0 ? 0 : Math.Clamp(stv * stv / (stt * svv), 0, 1);
        return new LinearTrend(slope, mv - (slope * (mt + t0)), r2);
    }

    /// <summary>Predicted value at Unix time <paramref name="t"/>.</summary>
    public double At(double t) => Intercept + (SlopePerSecond * t);
}
