using System.Globalization;
using System.Text;
using Firefighter.Evidence;

namespace Firefighter.Testing;

/// <summary>A deterministic simulator of a random layered microservice estate behind a gateway that writes a whole evidence bundle:
/// traces (Jaeger or OTLP JSON), per-pod 1-minute metrics with a few minutes of baseline (CPU and request/error counters, memory, p99
/// latency as seen by callers) and Spring-Boot-style Java logs carrying <c>TraceID:</c> fields. A fault injected into one service
/// (CPU, network delay, error, exception, memory) cascades into its callers: they slow down, fail and log about it.</summary>
public sealed class CascadeSimulator
{
    private const string Namespace = "shop";
    private const double TimeoutMs = 1000;
    private const double SlowCallMs = 200;

    private static readonly string[] Words =
    [
        "order", "payment", "cart", "user", "auth", "price", "seat", "station", "train", "route", "travel", "ticket", "food", "consign",
        "contacts", "config", "inventory", "shipping", "email", "notify", "search", "catalog", "review", "rating", "recommend", "ad",
        "currency", "quote", "assurance", "insurance", "coupon", "wallet", "ledger", "invoice", "audit", "profile", "session", "media",
        "upload", "geo", "fx", "stock", "basket", "delivery", "tracking", "loyalty", "promo", "gift", "tax", "verify",
    ];

    private readonly Random _random;
    private readonly List<int>[] _calls;
    private readonly int[] _layer;
    private readonly double[] _selfMs;
    private readonly string[][] _pods;
    private long _ids;

    /// <summary>Builds a random estate of <paramref name="services"/> services (the gateway included) from <paramref name="seed"/>.</summary>
    public CascadeSimulator(int seed, int services = 16)
    {
        _random = new Random(seed);
        var n = Math.Clamp(services, 4, Words.Length + 1);
        var names = Words.OrderBy(_ => _random.Next()).Take(n - 1).Select(w => $"ts-{w}-service").ToList();
        names.Insert(0, "ts-gateway-service");
        Services = names;
        var depth = n >= 20 ? 4 : 3;
        _layer = new int[n];
        for (var i = 1; i < n; i++)
        {
            // Fewer services near the top, more towards the leaves.
            _layer[i] = Math.Min(depth, 1 + (int)((i - 1) * depth / (double)(n - 1) + (_random.NextDouble() * 0.6)));
        }
        _calls = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < n; i++)
        {
            var deeper = Enumerable.Range(1, n - 1).Where(j => _layer[j] > _layer[i]).ToList();
            var next = deeper.Where(j => _layer[j] == _layer[i] + 1).ToList();
            if (i == 0)
            {
                _calls[0].AddRange(Enumerable.Range(1, n - 1).Where(j => _layer[j] == 1));
                continue;
            }
            var k = next.Count == 0 ? 0 : 1 + _random.Next(Math.Min(3, deeper.Count));
            foreach (var j in (next.Count > 0 ? next : deeper).OrderBy(_ => _random.Next()).Take(Math.Min(k, 1)).Concat(deeper.OrderBy(_ => _random.Next())).Distinct().Take(k))
            {
                _calls[i].Add(j);
            }
        }
        for (var j = 1; j < n; j++)
        {
            if (!_calls.Any(c => c.Contains(j)))
            {
                var callers = Enumerable.Range(0, n).Where(i => _layer[i] == _layer[j] - 1).ToList();
                _calls[callers[_random.Next(callers.Count)]].Add(j);
            }
        }
        _selfMs = Enumerable.Range(0, n).Select(_ => 2 + (_random.NextDouble() * 8)).ToArray();
        _pods = names.Select(s => Enumerable.Range(0, 2).Select(_ => $"{s}-{Hex(10)}-{Hex(5)}").ToArray()).ToArray();
    }

    /// <summary>Service names; the first is the gateway that roots every trace.</summary>
    public IReadOnlyList<string> Services { get; }

    /// <summary>Minutes of normal traffic before the fault.</summary>
    public int BaselineMinutes { get; init; } = 5;

    /// <summary>Minutes of traffic with the fault.</summary>
    public int FaultMinutes { get; init; } = 7;

    /// <summary>Requests per second at the gateway.</summary>
    public double RequestsPerSecond { get; init; } = 2;

    /// <summary>Whether the bundle has traces (many real bundles have only metrics and logs).</summary>
    public bool WithTraces { get; init; } = true;

    /// <summary>Whether the bundle has logs.</summary>
    public bool WithLogs { get; init; } = true;

    /// <summary>Whether the bundle has metrics.</summary>
    public bool WithMetrics { get; init; } = true;

    /// <summary>Closer to real data: load that rises and falls, per-pod noise of its own size, one noisy but innocent service (latency
    /// spikes, error bursts and warnings in random minutes before and after the onset), and latency measured by each pod on its own server
    /// side, so a network delay into the culprit shows in its callers' latency, not in its own metrics.</summary>
    public bool Realistic { get; init; }

    /// <summary>The noisy but innocent service of the last simulated run (<see cref="Realistic"/>), or null.</summary>
    public string? NoisyService { get; private set; }

    /// <summary>When the simulated period starts.</summary>
    public static DateTimeOffset T0 { get; } = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>When the fault begins.</summary>
    public DateTimeOffset FaultStart => T0.AddMinutes(BaselineMinutes);

    /// <summary>Services that call <paramref name="service"/>, directly or not (the victims of a fault in it).</summary>
    public IReadOnlyList<string> Upstream(string service)
    {
        var target = Services.ToList().IndexOf(service);
        var result = new HashSet<int>();
        var stack = new Stack<int>([target]);
        while (stack.Count > 0)
        {
            var t = stack.Pop();
            for (var i = 0; i < _calls.Length; i++)
            {
                if (_calls[i].Contains(t) && result.Add(i))
                {
                    stack.Push(i);
                }
            }
        }
        return result.Select(i => Services[i]).ToList();
    }

    /// <summary>Services that call others and are called (neither the gateway nor a leaf).</summary>
    public IReadOnlyList<string> Middle => Enumerable.Range(1, Services.Count - 1).Where(i => _calls[i].Count > 0).Select(i => Services[i]).ToList();

    /// <summary>Services that call nothing.</summary>
    public IReadOnlyList<string> Leaves => Enumerable.Range(1, Services.Count - 1).Where(i => _calls[i].Count == 0).Select(i => Services[i]).ToList();

    /// <summary>Services the gateway calls.</summary>
    public IReadOnlyList<string> FirstLayer => _calls[0].Select(i => Services[i]).ToList();

    private sealed class PodMinute
    {
        public double BusyMs;
        public int Requests;
        public int Errors;
        public List<double> InboundMs { get; } = [];
    }

    private sealed class Run
    {
        public required SimFault Fault;
        public required int Culprit;
        public required Dictionary<(int Service, int Pod, int Minute), PodMinute> Minutes;
        public required Dictionary<(int Service, int Pod), List<(long Ticks, string Line)>> Logs;
        public required List<Span> Spans;
        public required EvidenceRef Ref;
        public int Noisy = -1;
        public HashSet<int> NoisyMinutes { get; } = [];
    }

    /// <summary>Simulates the incident and writes it as a bundle under <paramref name="dir"/> (created); traces as OTLP instead of Jaeger when asked.</summary>
    public void WriteBundle(string dir, SimFault fault, string culprit, bool otlp = false)
    {
        var run = Simulate(fault, culprit);
        Directory.CreateDirectory(dir);
        // Metrics are always simulated so that every mix of sources draws the same random numbers: one case, several views of it.
        var metricsDir = WithMetrics ? dir : Directory.CreateTempSubdirectory("ff-sim-").FullName;
        Directory.CreateDirectory(Path.Combine(metricsDir, "metrics"));
        WriteMetrics(metricsDir, run);
        if (!WithMetrics)
        {
            Directory.Delete(metricsDir, recursive: true);
        }
        if (WithTraces)
        {
            Directory.CreateDirectory(Path.Combine(dir, "traces"));
            using var f = File.Create(Path.Combine(dir, "traces", otlp ? "traces.otlp.json" : "traces.jaeger.json"));
            if (otlp)
            {
                TraceJsonWriter.WriteOtlp(run.Spans, f);
            }
            else
            {
                TraceJsonWriter.WriteJaeger(run.Spans, f);
            }
        }
        if (!WithLogs)
        {
            return;
        }
        Directory.CreateDirectory(Path.Combine(dir, "logs"));
        foreach (var ((s, p), lines) in run.Logs)
        {
            var sb = new StringBuilder();
            foreach (var (_, line) in lines.OrderBy(l => l.Ticks))
            {
                sb.Append(line).Append('\n');
            }
            File.WriteAllText(Path.Combine(dir, "logs", $"{Namespace}_{_pods[s][p]}_{ContainerOf(s)}.log"), sb.ToString());
        }
    }

    /// <summary>Simulates only the spans.</summary>
    public IReadOnlyList<Span> Spans(SimFault fault, string culprit) => Simulate(fault, culprit).Spans;

    private Run Simulate(SimFault fault, string culprit)
    {
        var run = new Run
        {
            Fault = fault,
            Culprit = Services.ToList().IndexOf(culprit),
            Minutes = [],
            Logs = [],
            Spans = [],
            Ref = new EvidenceRef("traces/sim.json", 1),
        };
        if (run.Culprit < 0)
        {
            throw new ArgumentException($"unknown service {culprit}", nameof(culprit));
        }
        for (var s = 0; s < Services.Count; s++)
        {
            for (var p = 0; p < 2; p++)
            {
                run.Logs[(s, p)] = [];
            }
        }
        var total = (int)((BaselineMinutes + FaultMinutes) * 60 * RequestsPerSecond);
        var faultTicks = FaultStart.UtcTicks;
        var entries = _calls[0];
        var minutes = BaselineMinutes + FaultMinutes;
        NoisyService = null;
        if (Realistic)
        {
            var innocent = Enumerable.Range(1, Services.Count - 1).Where(i => i != run.Culprit).ToList();
            run.Noisy = innocent[_random.Next(innocent.Count)];
            NoisyService = Services[run.Noisy];
            for (var m = 0; m < minutes; m++)
            {
                if (_random.NextDouble() < 0.3)
                {
                    run.NoisyMinutes.Add(m);
                }
            }
        }
        // Load rises and falls over a few minutes (a phase of its own per seed) instead of arriving at a constant rate.
        var phase = Realistic ? _random.NextDouble() * 2 * Math.PI : 0;
        var period = Realistic ? 60 * (3 + (_random.NextDouble() * 3)) : 1;
        var seconds = 0.0;
        for (var r = 0; Realistic ? seconds < minutes * 60 : r < total; r++)
        {
            var at = Realistic ? seconds : r / RequestsPerSecond;
            seconds += 1 / (RequestsPerSecond * (1 + (0.4 * Math.Sin((2 * Math.PI * seconds / period) + phase))));
            var start = T0.UtcTicks + (long)(at * TimeSpan.TicksPerSecond) + (long)(_random.NextDouble() * 0.4 * TimeSpan.TicksPerSecond);
            var traceId = (++_ids).ToString("x32", CultureInfo.InvariantCulture);
            var active = start >= faultTicks ? fault : SimFault.None;
            var progress = start >= faultTicks ? (start - faultTicks) / (double)TimeSpan.FromMinutes(FaultMinutes).Ticks : 0;
            var entry = entries[r % entries.Count];
            Emit(0, null, start, traceId, active, progress, run, [entry]);
        }
        // Background noise: a harmless warning now and then in every pod, without a trace id.
        for (var s = 0; s < Services.Count; s++)
        {
            for (var p = 0; p < 2; p++)
            {
                for (var m = 0; m < BaselineMinutes + FaultMinutes; m += 3 + _random.Next(3))
                {
                    var t = T0.AddMinutes(m).AddSeconds(_random.Next(60)).UtcTicks;
                    Log(run, s, p, t, "WARN", "c.e.config.RefreshScheduler", $"Config refresh took {400 + _random.Next(300)} ms", null);
                }
            }
        }
        // The noisy service complains in its bad minutes, before the onset as much as after.
        foreach (var m in run.NoisyMinutes.Order())
        {
            for (var k = 0; k < 3 + _random.Next(8); k++)
            {
                var p = _random.Next(2);
                var t = T0.AddMinutes(m).AddSeconds(_random.Next(60)).UtcTicks;
                Log(run, run.Noisy, p, t, k % 2 == 0 ? "ERROR" : "WARN", Logger(run.Noisy), $"Connection pool exhausted, waited {100 + _random.Next(900)} ms for a connection", null);
            }
        }
        return run;
    }

    private (long End, bool Error) Emit(int s, string? parentId, long start, string traceId, SimFault fault, double progress, Run run, List<int>? only = null)
    {
        var id = NextSpanId();
        var pod = PodOf(traceId, s);
        var isCulprit = s == run.Culprit && fault != SimFault.None;
        var self = Jitter(_selfMs[s]);
        if (isCulprit && fault == SimFault.Cpu)
        {
            self = (self * 4) + Jitter(150);
        }
        if (isCulprit && fault == SimFault.Memory)
        {
            // Garbage collection pauses grow as the heap fills.
            self = (self * (1 + (3 * progress))) + (Jitter(40) * progress * 3);
        }
        var cursor = start + Ticks(self / 2);
        var childFailed = false;
        string? failedCallee = null;
        foreach (var c in only ?? _calls[s])
        {
            if (only is null && _random.NextDouble() > 0.85)
            {
                continue;
            }
            var clientId = NextSpanId();
            var callStart = cursor;
            var net = Jitter(0.4);
            if (c == run.Culprit && fault == SimFault.NetworkDelay)
            {
                net += Jitter(150);
            }
            var (serverEnd, serverErr) = Emit(c, clientId, callStart + Ticks(net), traceId, fault, progress, run);
            var clientEnd = serverEnd + Ticks(net);
            var timedOut = clientEnd - callStart > Ticks(TimeoutMs);
            if (timedOut)
            {
                clientEnd = callStart + Ticks(TimeoutMs);
            }
            var clientErr = serverErr || timedOut;
            var attrs = new Dictionary<string, string> { ["span.kind"] = "client", ["peer.service"] = Services[c] };
            if (clientErr)
            {
                attrs["http.status_code"] = timedOut ? "504" : "500";
            }
            run.Spans.Add(new Span(traceId, clientId, id, Services[s], "HTTP POST " + Route(c), Time(callStart), TimeSpan.FromTicks(clientEnd - callStart), clientErr, run.Ref) { Attributes = attrs });
            var callMs = Ms(clientEnd - callStart);
            if (!Realistic)
            {
                Minute(run, c, PodOf(traceId, c), callStart).InboundMs.Add(callMs);
            }
            if (timedOut)
            {
                Log(run, s, pod, clientEnd, "ERROR", Logger(s), $"Read timed out calling {Services[c]} after {TimeoutMs:0} ms", traceId);
            }
            else if (serverErr)
            {
                Log(run, s, pod, clientEnd, "ERROR", Logger(s), $"Call to {Services[c]} failed: 500 Internal Server Error", traceId);
            }
            else if (callMs > SlowCallMs)
            {
                Log(run, s, pod, clientEnd, "WARN", Logger(s), $"Slow response from {Services[c]}: {callMs:0} ms", traceId);
            }
            if (clientErr && _random.NextDouble() < 0.9)
            {
                childFailed = true;
                failedCallee ??= Services[c];
            }
            cursor = clientEnd;
        }
        var end = cursor + Ticks(self / 2);
        var error = childFailed || _random.NextDouble() < 0.002;
        var attrsServer = new Dictionary<string, string> { ["span.kind"] = "server" };
        string? exception = null;
        if (isCulprit && fault is SimFault.Error or SimFault.Exception && _random.NextDouble() < 0.6)
        {
            error = true;
            exception = fault == SimFault.Exception ? "java.lang.IllegalStateException" : null;
        }
        if (isCulprit && fault == SimFault.Memory && progress > 0.5 && _random.NextDouble() < 0.25)
        {
            error = true;
            exception = "java.lang.OutOfMemoryError";
        }
        if (exception is not null)
        {
            attrsServer["exception.type"] = exception;
        }
        if (error)
        {
            attrsServer["http.status_code"] = "500";
        }
        var op = s == 0 ? "GET " + Route(only![0]) : "POST " + Route(s);
        run.Spans.Add(new Span(traceId, id, parentId, Services[s], op, Time(start), TimeSpan.FromTicks(end - start), error, run.Ref) { Attributes = attrsServer });

        var minute = Minute(run, s, pod, start);
        minute.Requests++;
        minute.Errors += error ? 1 : 0;
        minute.BusyMs += self;
        if (s == 0 || Realistic)
        {
            minute.InboundMs.Add(Ms(end - start));
        }
        if (exception is not null)
        {
            var message = exception == "java.lang.OutOfMemoryError" ? "Java heap space" : $"Order state {_random.Next(1000, 9999)} is not valid here";
            Log(run, s, pod, end, "ERROR", Logger(s), $"Unexpected exception processing {op}",
                traceId, $"{exception}: {message}\n\tat com.example.{Short(s)}.{Pascal(s)}Service.handle({Pascal(s)}Service.java:{40 + s})\n\tat com.example.{Short(s)}.{Pascal(s)}Controller.post({Pascal(s)}Controller.java:27)");
        }
        else if (isCulprit && error && !childFailed)
        {
            Log(run, s, pod, end, "ERROR", Logger(s), $"Request {op} rejected with status 500: validation of stored state failed", traceId);
        }
        else if (isCulprit && fault is SimFault.Cpu or SimFault.Memory && self > 100)
        {
            Log(run, s, pod, end, "WARN", Logger(s), $"Slow request {op}: processing took {self:0} ms", traceId);
        }
        else if (_random.NextDouble() < 0.2)
        {
            Log(run, s, pod, end, "INFO", Logger(s), $"Handled {op} in {Ms(end - start):0} ms", traceId);
        }
        return (end, error);
    }

    // Each request of a trace is served by one pod per service, chosen from the trace id so caller-side and server-side views agree.
    private static int PodOf(string traceId, int s) =>
        (int)(((ulong.Parse(traceId.AsSpan(16), NumberStyles.HexNumber, CultureInfo.InvariantCulture) + (ulong)s) * 0x9E3779B97F4A7C15UL) >> 63);

    private PodMinute Minute(Run run, int s, int pod, long ticks)
    {
        var m = (int)((ticks - T0.UtcTicks) / TimeSpan.TicksPerMinute);
        if (!run.Minutes.TryGetValue((s, pod, m), out var pm))
        {
            run.Minutes[(s, pod, m)] = pm = new PodMinute();
        }
        return pm;
    }

    private void Log(Run run, int s, int pod, long ticks, string level, string logger, string message, string? traceId, string? continuation = null)
    {
        var ts = Time(ticks).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
        var line = $"{ts} {level,5} 1 --- [nio-8080-exec-{1 + _random.Next(9)}] {logger,-40} : {message}{(traceId is null ? "" : $" TraceID: {traceId}")}";
        if (continuation is not null)
        {
            line += "\n" + continuation;
        }
        run.Logs[(s, pod)].Add((ticks, line));
    }

    private void WriteMetrics(string dir, Run run)
    {
        var minutes = BaselineMinutes + FaultMinutes;
        var cpu = new StringBuilder();
        var mem = new StringBuilder();
        var lat = new StringBuilder();
        var req = new StringBuilder();
        var err = new StringBuilder();
        foreach (var sb in new[] { cpu, mem, lat, req, err })
        {
            sb.Append("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
        }
        var first = true;
        for (var s = 0; s < Services.Count; s++)
        {
            for (var p = 0; p < 2; p++)
            {
                double cpuTotal = 0, reqTotal = 0, errTotal = 0, lastLat = 0.01;
                var cpuV = new List<double>();
                var memV = new List<double>();
                var latV = new List<double>();
                var reqV = new List<double>();
                var errV = new List<double>();
                var memBase = 300e6 + (_random.NextDouble() * 200e6);
                // Each pod has its own noise level; the noisy service several times more.
                var noise = !Realistic ? 1 : (0.5 + (2.5 * _random.NextDouble())) * (s == run.Noisy ? 4 : 1);
                for (var m = 0; m < minutes; m++)
                {
                    var pm = run.Minutes.GetValueOrDefault((s, p, m)) ?? new PodMinute();
                    var faulty = s == run.Culprit && m >= BaselineMinutes;
                    var bad = s == run.Noisy && run.NoisyMinutes.Contains(m);
                    var cores = 0.05 + (pm.BusyMs / 60_000) + (0.01 * noise * Gauss());
                    if (bad)
                    {
                        cores += 0.1 + (0.2 * _random.NextDouble());
                    }
                    if (faulty && run.Fault == SimFault.Cpu)
                    {
                        cores += 0.8 + (0.03 * Gauss());
                    }
                    cpuTotal += Math.Max(0.001, cores) * 60;
                    var bytes = memBase + (4e6 * noise * Gauss());
                    if (faulty && run.Fault == SimFault.Memory)
                    {
                        bytes += 60e6 * (m - BaselineMinutes + 1);
                    }
                    reqTotal += pm.Requests;
                    errTotal += pm.Errors + (bad ? _random.Next(2, 12) : 0);
                    if (pm.InboundMs.Count > 0)
                    {
                        pm.InboundMs.Sort();
                        lastLat = pm.InboundMs[(int)Math.Min(pm.InboundMs.Count - 1, Math.Ceiling(0.99 * pm.InboundMs.Count) - 1)] / 1000;
                        lastLat *= bad ? 2 + (3 * _random.NextDouble()) : 1;
                    }
                    cpuV.Add(cpuTotal);
                    memV.Add(bytes);
                    latV.Add(lastLat);
                    reqV.Add(reqTotal);
                    errV.Add(errTotal);
                }
                Series(cpu, "container_cpu_usage_seconds_total", s, p, cpuV, first);
                Series(mem, "container_memory_working_set_bytes", s, p, memV, first);
                Series(lat, "request_latency_p99_seconds", s, p, latV, first);
                Series(req, "http_server_requests_total", s, p, reqV, first);
                Series(err, "http_server_requests_errors_total", s, p, errV, first);
                first = false;
            }
        }
        foreach (var (sb, name) in new[] { (cpu, "container_cpu_usage_seconds_total"), (mem, "container_memory_working_set_bytes"), (lat, "request_latency_p99_seconds"), (req, "http_server_requests_total"), (err, "http_server_requests_errors_total") })
        {
            sb.Append("]}}");
            File.WriteAllText(Path.Combine(dir, "metrics", name + ".json"), sb.ToString());
        }
    }

    private void Series(StringBuilder sb, string name, int s, int p, List<double> values, bool first)
    {
        var inv = CultureInfo.InvariantCulture;
        if (!first)
        {
            sb.Append(',');
        }
        sb.Append("{\"metric\":{\"__name__\":\"").Append(name).Append("\",\"namespace\":\"").Append(Namespace)
            .Append("\",\"pod\":\"").Append(_pods[s][p]).Append("\",\"container\":\"").Append(ContainerOf(s)).Append("\"},\"values\":[");
        for (var m = 0; m < values.Count; m++)
        {
            var ts = T0.AddMinutes(m + 1).ToUnixTimeSeconds();
            sb.Append(m == 0 ? "" : ",").Append('[').Append(ts.ToString(inv)).Append(",\"").Append(values[m].ToString("R", inv)).Append("\"]");
        }
        sb.Append("]}");
    }

    private string ContainerOf(int s) => Services[s];

    private string Route(int s) => "/api/v1/" + Short(s);

    private string Short(int s) => Services[s].Replace("ts-", "", StringComparison.Ordinal).Replace("-service", "", StringComparison.Ordinal);

    private string Pascal(int s) => char.ToUpperInvariant(Short(s)[0]) + Short(s)[1..];

    private string Logger(int s) => $"c.e.{Short(s)}.{Pascal(s)}Controller";

    private string NextSpanId() => (++_ids).ToString("x16", CultureInfo.InvariantCulture);

    private string Hex(int n)
    {
        const string chars = "bcdfghjklmnpqrstvwxz2456789";
        return new string(Enumerable.Range(0, n).Select(_ => chars[_random.Next(chars.Length)]).ToArray());
    }

    private double Gauss()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private double Jitter(double median) => median * Math.Exp(0.2 * Gauss());

    private static long Ticks(double ms) => (long)(ms * TimeSpan.TicksPerMillisecond);

    private static double Ms(long ticks) => ticks / (double)TimeSpan.TicksPerMillisecond;

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
