using Firefighter.Evidence;

namespace Firefighter.Sources.Tests.Promtool;

/// <summary>Builds an incident's metrics the way a bundle would hold them: a leaking pod growing to its limit, a healthy pod with a short spike.</summary>
internal static class IncidentSeries
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);
    public const double Limit = 512 * 1024 * 1024.0;

    /// <summary>Minutes 0..150 every minute: cart-7d9 flat at 200 MiB until minute 60, then +4 MiB/min up to its 512 MiB limit (OOM at ~138).</summary>
    public static List<MetricSeries> MemoryLeak()
    {
        const int minutes = 150;
        var leak = new double[minutes + 1];
        var healthy = new double[minutes + 1];
        for (var m = 0; m <= minutes; m++)
        {
            var mib = m < 60 ? 200 : Math.Min(200 + (4 * (m - 60)), 511);
            leak[m] = mib * 1024 * 1024.0;
            // A 3-minute spike to 95% of the limit in the healthy baseline: a rule without 'for' would page on it.
            healthy[m] = (m is >= 20 and < 23 ? 486 : 250) * 1024 * 1024.0;
        }
        return
        [
            Series("container_memory_working_set_bytes", Pod("cart-7d9"), leak),
            Series("container_memory_working_set_bytes", Pod("cart-5c1"), healthy),
            Series("kube_pod_container_resource_limits", new(Pod("cart-7d9")) { ["resource"] = "memory", ["unit"] = "byte" }, Const(minutes, Limit)),
            Series("kube_pod_container_resource_limits", new(Pod("cart-5c1")) { ["resource"] = "memory", ["unit"] = "byte" }, Const(minutes, Limit)),
        ];
    }

    public static DateTimeOffset At(double minutes) => T0.AddMinutes(minutes);

    public static AlertEvent Page(double minute) =>
        new("KubePodCrashLooping", "firing", new Dictionary<string, string> { ["alertname"] = "KubePodCrashLooping", ["namespace"] = "shop" },
            new Dictionary<string, string>(), At(minute), null, new EvidenceRef("alerts/page.json"));

    public static MetricSeries Series(string name, Dictionary<string, string> labels, double[] values, double stepSeconds = 60)
    {
        var ts = new double[values.Length];
        for (var i = 0; i < ts.Length; i++)
        {
            ts[i] = T0.ToUnixTimeSeconds() + (i * stepSeconds);
        }
        return new MetricSeries(name, labels, ts, values, new EvidenceRef("metrics/" + name + ".json"));
    }

    public static double[] Const(int minutes, double v) => Enumerable.Repeat(v, minutes + 1).ToArray();

    public static Dictionary<string, string> Pod(string pod) => new() { ["namespace"] = "shop", ["pod"] = pod, ["container"] = "cart" };
}
