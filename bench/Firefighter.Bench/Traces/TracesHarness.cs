using System.Diagnostics;
using System.Globalization;
using Firefighter.Sources.Traces;
using Firefighter.Tests.Traces;
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
            Console.WriteLine($"heap after generating and a full GC: {GC.GetTotalMemory(true) / 1e6:F0} MB");
            GC.Collect(2, GCCollectionMode.Forced, true, true);
            Console.WriteLine($"generated {generated:N0} spans; jaeger {new FileInfo(jaegerPath).Length / 1e6:F0} MB, otlp {new FileInfo(otlpPath).Length / 1e6:F0} MB");
            Console.WriteLine($"{"step",-22} {"spans",12} {"seconds",9} {"spans/s",12} {"heap after MB",14}");

            Measure("read otlp json", otlpPath, analyze: false);
            Measure("read jaeger json", jaegerPath, analyze: true);
            Console.WriteLine($"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB (includes generating and writing the files)");
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
            {
                GC.Collect(2, GCCollectionMode.Forced, true, true);
                var sw = Stopwatch.StartNew();
                var (spans, warnings) = TraceFileReader.ReadFile(path);
                sw.Stop();
                Row(label, spans.Count, sw.Elapsed.TotalSeconds);
                Console.WriteLine($"  retained by the spans after a full GC: {GC.GetTotalMemory(true) / 1e6:F0} MB");
                if (warnings.Count > 0)
                {
                    Console.WriteLine($"  warnings: {warnings.Count} (first: {warnings[0]})");
                }
                if (analyze)
                {
                    sw.Restart();
                    var analysis = TraceAnalysis.Run(spans, onset: null);
                    sw.Stop();
                    Row("analyze (all)", spans.Count, sw.Elapsed.TotalSeconds);
                    Console.WriteLine($"  retained by spans + analysis after a full GC: {GC.GetTotalMemory(true) / 1e6:F0} MB");
                    GC.KeepAlive(analysis);
                    Console.WriteLine($"  traces {analysis.TraceCount:N0}, abnormal {analysis.AbnormalTraceCount:N0}, onset {analysis.Onset:O}, culprit #1 {analysis.Culprits.FirstOrDefault()?.Service ?? "-"}");
                    GC.KeepAlive(spans);
                }
            }
    }

    private static void Row(string label, int spans, double seconds) =>
        Console.WriteLine($"{label,-22} {spans,12:N0} {seconds,9:F2} {spans / seconds,12:N0} {GC.GetTotalMemory(false) / 1e6,14:F0}");
}
