using System.Globalization;
using Firefighter.Evidence;

namespace Firefighter.Testing;

/// <summary>The kinds of fault the simulator injects.</summary>
public enum SimFault
{
    None,
    Cpu,
    NetworkDelay,
    Error,
    Exception,

    /// <summary>A memory leak: memory grows, garbage collection slows requests, then some fail with OutOfMemoryError (<see cref="CascadeSimulator"/> only).</summary>
    Memory,
}

/// <summary>A deterministic simulator of a 12-service shop: client/server span pairs, parallel fan-out, timeouts, error propagation
/// and background noise; a fault injected into one service half-way through cascades into its callers.</summary>
public sealed class TraceSimulator
{
    private readonly Random _random;
    private readonly Func<string, string> _name;
    private long _ids;

    /// <summary>Creates a simulator; <paramref name="rename"/> maps the built-in service names (to prove nothing depends on them).</summary>
    public TraceSimulator(int seed = 7, Func<string, string>? rename = null)
    {
        _random = new Random(seed);
        _name = rename ?? (s => s);
    }

    /// <summary>The services of the topology (before renaming).</summary>
    public static IReadOnlyList<string> Services { get; } =
        ["frontend", "checkout", "cart", "redis", "payment", "shipping", "quote", "email", "catalog", "catalogdb", "recommendation", "ad"];

    /// <summary>Extra self time of a CPU-saturated service, in milliseconds.</summary>
    public double CpuExtraMs { get; init; } = 40;

    /// <summary>Extra one-way delay on calls into a delayed service, in milliseconds.</summary>
    public double NetworkDelayMs { get; init; } = 40;

    /// <summary>Client-side timeout of every call, in milliseconds.</summary>
    public double TimeoutMs { get; init; } = 2000;

    /// <summary>Probability that a faulty service fails a request.</summary>
    public double FaultErrorRate { get; init; } = 0.7;

    /// <summary>Background error rate of every service.</summary>
    public double NoiseErrorRate { get; init; } = 0.002;

    /// <summary>When the simulated period starts.</summary>
    public static DateTimeOffset T0 { get; } = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private sealed record Node(string Service, string Operation, double SelfMs, Node[] Calls, bool Parallel = false);

    private static readonly Node Redis = new("redis", "HGET", 0.5, []);
    private static readonly Node Cart = new("cart", "GetCart", 3, [Redis]);
    private static readonly Node CatalogDb = new("catalogdb", "SELECT products", 2, []);
    private static readonly Node Catalog = new("catalog", "GetProduct", 4, [CatalogDb]);
    private static readonly Node Quote = new("quote", "Calculate", 2, []);
    private static readonly Node Shipping = new("shipping", "GetQuote", 3, [Quote]);
    private static readonly Node Payment = new("payment", "Charge", 8, []);
    private static readonly Node Email = new("email", "SendConfirmation", 4, []);
    private static readonly Node Checkout = new("checkout", "PlaceOrder", 6, [Cart, Payment, Shipping, Email]);
    private static readonly Node Recommendation = new("recommendation", "ListRecommendations", 5, [new Node("catalog", "ListProducts", 3, [CatalogDb])]);
    private static readonly Node Ad = new("ad", "GetAds", 2, []);

    private static readonly Node[] Entrypoints =
    [
        new("frontend", "POST /checkout", 5, [Checkout]),
        new("frontend", "GET /product", 4, [Catalog, Recommendation, Ad], Parallel: true),
        new("frontend", "GET /cart", 3, [Cart]),
    ];

    /// <summary>Generates <paramref name="requests"/> traces over <paramref name="period"/>; the fault (if any) starts half-way.</summary>
    public List<Span> Run(SimFault fault, string target, int requests = 1200, TimeSpan? period = null, string source = "traces/sim.json")
    {
        var len = (period ?? TimeSpan.FromMinutes(20)).Ticks;
        var faultAt = T0.UtcTicks + (len / 2);
        var spans = new List<Span>();
        var reference = new EvidenceRef(source, 1);
        for (var r = 0; r < requests; r++)
        {
            var start = T0.UtcTicks + (len * r / requests);
            var traceId = (++_ids).ToString("x32", CultureInfo.InvariantCulture);
            var entry = Entrypoints[r % Entrypoints.Length];
            var active = start >= faultAt ? fault : SimFault.None;
            Emit(entry, null, start, traceId, active, target, spans, reference);
        }
        return spans;
    }

    /// <summary>When the fault begins for <see cref="Run"/> with the given period.</summary>
    public static DateTimeOffset FaultStart(TimeSpan? period = null) => T0 + ((period ?? TimeSpan.FromMinutes(20)) / 2);

    private (long End, bool Error) Emit(Node node, string? parentId, long start, string traceId, SimFault fault, string target, List<Span> spans, EvidenceRef reference)
    {
        var id = NextSpanId();
        var isTarget = node.Service == target;
        var self = Jitter(node.SelfMs);
        if (isTarget && fault == SimFault.Cpu)
        {
            self = (self * 3) + Jitter(CpuExtraMs);
        }
        var cursor = start + Ticks(self / 2);
        var childFailed = false;
        var parallelEnd = cursor;
        foreach (var call in node.Calls)
        {
            var clientId = NextSpanId();
            var callStart = node.Parallel ? cursor : parallelEnd;
            var net = Jitter(0.3);
            if (call.Service == target && fault == SimFault.NetworkDelay)
            {
                net += Jitter(NetworkDelayMs);
            }
            var (serverEnd, serverErr) = Emit(call, clientId, callStart + Ticks(net), traceId, fault, target, spans, reference);
            var clientEnd = serverEnd + Ticks(Jitter(0.3));
            var timedOut = clientEnd - callStart > Ticks(TimeoutMs);
            if (timedOut)
            {
                clientEnd = callStart + Ticks(TimeoutMs);
            }
            var clientErr = serverErr || timedOut;
            var attrs = new Dictionary<string, string> { ["span.kind"] = "client", ["peer.service"] = _name(call.Service) };
            if (clientErr)
            {
                attrs["http.status_code"] = timedOut ? "504" : "500";
            }
            spans.Add(new Span(traceId, clientId, id, _name(node.Service), "call " + call.Operation, Time(callStart), TimeSpan.FromTicks(clientEnd - callStart), clientErr, reference) { Attributes = attrs });
            // Most callers propagate a failed call; a few degrade gracefully.
            childFailed |= clientErr && _random.NextDouble() < 0.9;
            parallelEnd = Math.Max(parallelEnd, clientEnd);
        }
        var end = parallelEnd + Ticks(self / 2);
        var error = childFailed || _random.NextDouble() < NoiseErrorRate;
        var serverAttrs = new Dictionary<string, string> { ["span.kind"] = "server" };
        if (isTarget && fault is SimFault.Error or SimFault.Exception && _random.NextDouble() < FaultErrorRate)
        {
            error = true;
            if (fault == SimFault.Exception)
            {
                serverAttrs["exception.type"] = "java.lang.IllegalStateException";
            }
        }
        if (error)
        {
            serverAttrs["http.status_code"] = "500";
        }
        spans.Add(new Span(traceId, id, parentId, _name(node.Service), node.Operation, Time(start), TimeSpan.FromTicks(end - start), error, reference) { Attributes = serverAttrs });
        return (end, error);
    }

    private string NextSpanId() => (++_ids).ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>Log-normal jitter around a median (σ = 0.2 in log space).</summary>
    private double Jitter(double median)
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return median * Math.Exp(0.2 * z);
    }

    private static long Ticks(double ms) => (long)(ms * TimeSpan.TicksPerMillisecond);

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
