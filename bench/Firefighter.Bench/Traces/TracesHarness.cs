using System.Diagnostics;
using System.Globalization;
using Firefighter.Sources.Traces;
using Firefighter.Testing;
using Firefighter.Traces;

namespace Firefighter.Bench.Traces;

/// <summary>Trace ingestion (spans/s, Jaeger and OTLP JSON) and analysis time for about a million generated spans, with memory.</summary>
public sealed class TracesHarness : IHarness
{
    /// <inheritdoc />
    public string Name => "traces";

    /// <inheritdoc />
    public string Description => "trace ingestion spans/s and analysis time for ~1,000,000 generated spans (args: [spans])";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var target = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var dir = Directory.CreateTempSubdirectory("ff-bench-traces-").FullName;
        try
        {
            // ~11 spans per request on average in the simulated shop.
            var requests = target / 11;
            var jaegerPath = Path.Combine(dir, "traces.jaeger.json");
            var otlpPath = Path.Combine(dir, "traces.otlp.json");
            var generated = Generate(requests, jaegerPath, otlpPath);
            Console.WriteLine($"heap after generating and a full GC: {GC.GetTotalMemory(true) / 1e6:F0} MB; peak working set while generating {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB");
            GC.Collect(2, GCCollectionMode.Forced, true, true);
            ResetPeakWorkingSet();
            Console.WriteLine($"generated {generated:N0} spans; jaeger {new FileInfo(jaegerPath).Length / 1e6:F0} MB, otlp {new FileInfo(otlpPath).Length / 1e6:F0} MB");
            Console.WriteLine($"{"step",-18} {"spans",10} {"wall s",8} {"spans/s",10} {"cpu s",8} {"spans/cpu s",10} {"alloc MB",10} {"heap MB",10} {"peak WS MB",9}");
            Console.WriteLine("(heap MB: reachable after a full GC once the step is done; peak WS: process peak since the files were written)");

            Measure("read otlp json", otlpPath, analyze: false);
            Measure("read jaeger json", jaegerPath, analyze: true);
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Separate non-inlined methods so the generated spans and each read's spans are dead (collectable) when the next step measures memory.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int Generate(int requests, string jaegerPath, string otlpPath)
    {
        var sim = new TraceSimulator(seed: 42).Run(SimFault.Cpu, "payment", requests, TimeSpan.FromHours(1));
        using (var f = File.Create(jaegerPath)) { TraceJsonWriter.WriteJaeger(sim, f); }
        using (var f = File.Create(otlpPath)) { TraceJsonWriter.WriteOtlp(sim, f); }
        return sim.Count;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Measure(string label, string path, bool analyze)
    {
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        var (spans, warnings) = Step(label, () => TraceFileReader.ReadFile(path), r => r.Spans.Count);
        if (warnings.Count > 0)
        {
            Console.WriteLine($"  warnings: {warnings.Count} (first: {warnings[0]})");
        }
        if (analyze)
        {
            var analysis = Step("analyze (all)", () => TraceAnalysis.Run(spans, onset: null), _ => spans.Count);
            Console.WriteLine($"  traces {analysis.TraceCount:N0}, abnormal {analysis.AbnormalTraceCount:N0}, onset {analysis.Onset:O}, culprit #1 {analysis.Culprits.FirstOrDefault()?.Service ?? "-"}");
            GC.KeepAlive(analysis);
        }
        GC.KeepAlive(spans);
    }

    /// <summary>Starts the peak working set afresh (Linux: <c>/proc/self/clear_refs</c>) so the steps' peak excludes generating the files.</summary>
    private static void ResetPeakWorkingSet()
    {
        // The GC hands freed regions back to the OS gradually; wait (up to 30 s) until the working set stops shrinking.
        var sw = Stopwatch.StartNew();
        var last = long.MaxValue;
        while (sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            GC.Collect(2, GCCollectionMode.Aggressive, true, true);
            Thread.Sleep(1000);
            var now = Process.GetCurrentProcess().WorkingSet64;
            if (now > last - 20_000_000)
            {
                break;
            }
            last = now;
        }
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            Console.WriteLine($"peak working set reset after generating; working set now {Process.GetCurrentProcess().WorkingSet64 / 1e6:F0} MB");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            Console.WriteLine("(peak working set not resettable here: the peak column includes generating the files)");
        }
    }

    /// <summary>Runs one step and prints spans/s by wall clock and by CPU time (the machine is shared), what it allocated and what stays reachable.</summary>
    private static T Step<T>(string label, Func<T> step, Func<T, int> count)
    {
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        var result = step();
        sw.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
        var n = count(result);
        var retained = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"{label,-18} {n,10:N0} {sw.Elapsed.TotalSeconds,8:F2} {n / sw.Elapsed.TotalSeconds,10:N0} {cpu,8:F2} {n / cpu,10:N0} {allocated / 1e6,10:F0} {retained / 1e6,10:F0} {process.PeakWorkingSet64 / 1e6,9:F0}");
        return result;
    }
}
