using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CsCheck;
using Firefighter.Testing.Fuzz;

namespace Firefighter.Bench;

/// <summary>The long fuzz run: N generated hostile or mutated bundle files through every reader, counting exceptions, slow cases and memory.</summary>
public sealed class FuzzHarness : IHarness
{
    /// <inheritdoc />
    public string Name => "fuzz";

    /// <inheritdoc />
    public string Description => "Fuzz the bundle readers: --cases N (default 1000000), --seed S, --only PATH-PREFIX, --dump DIR (violating inputs); prints violations, slow cases, peak memory";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        long cases = 1_000_000;
        string? seed = null;
        string? dump = null;
        var only = "";
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--cases": cases = long.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seed": seed = args[i + 1]; break;
                case "--dump": dump = args[i + 1]; break;
                case "--only": only = args[i + 1]; break;
            }
        }
        var violations = new ConcurrentBag<string>();
        var slow = new ConcurrentBag<string>();
        long bytes = 0, done = 0, warnings = 0, items = 0;
        var byShape = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var msByShape = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        long peak = 0;
        var watch = Stopwatch.StartNew();
        // Generation runs on CsCheck's threads; a property failure would stop the run, so violations are collected instead.
        if (dump is not null)
        {
            Directory.CreateDirectory(dump);
        }
        FuzzInputs.Any.Where(c => c.Path.StartsWith(only, StringComparison.Ordinal)).Sample(c =>
        {
            var r = FuzzRunner.Run(c);
            Interlocked.Add(ref bytes, c.Data.Length);
            Interlocked.Add(ref warnings, r.Warnings);
            Interlocked.Add(ref items, r.Items);
            byShape.AddOrUpdate(c.Shape, 1, (_, n) => n + 1);
            msByShape.AddOrUpdate(c.Shape, r.Elapsed.TotalMilliseconds, (_, t) => t + r.Elapsed.TotalMilliseconds);
            if (r.Violation is not null)
            {
                violations.Add($"{r.Violation} <- {c}");
                if (dump is not null)
                {
                    // Kept for a regression test: the bytes, under a name that says where they sat in the bundle.
                    File.WriteAllBytes(Path.Combine(dump, $"{violations.Count:000}-{c.Path.Replace('/', '_')}"), c.Data);
                }
            }
            // Time bound per case: 1 s plus 2 µs per input byte, generous for a shared 2-core machine.
            if (r.Elapsed > TimeSpan.FromSeconds(1) + TimeSpan.FromTicks(c.Data.Length * 20L))
            {
                slow.Add($"{r.Elapsed.TotalMilliseconds:0} ms for {c.Data.Length} bytes: {c.Shape} {c.Path}");
            }
            var n = Interlocked.Increment(ref done);
            if (n % 10_000 == 0)
            {
                var ws = Environment.WorkingSet;
                long old;
                while (ws > (old = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, ws, old) != old) { }
                if (n % 100_000 == 0)
                {
                    Console.Error.WriteLine($"fuzz: {n:N0} cases, {violations.Count} violations, {watch.Elapsed.TotalSeconds:0}s");
                }
            }
        }, seed: seed, iter: cases);
        watch.Stop();
        Console.WriteLine($"fuzz: {done:N0} cases ({bytes / (1024.0 * 1024):0} MB of input) in {watch.Elapsed.TotalSeconds:0.0}s ({done / watch.Elapsed.TotalSeconds:0} cases/s)");
        Console.WriteLine($"  shapes: {string.Join(", ", byShape.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value:N0} ({msByShape[kv.Key] / kv.Value:0.0} ms/case)"))}");
        Console.WriteLine($"  evidence items {items:N0}, warnings {warnings:N0}");
        Console.WriteLine($"  violations (exceptions, warnings not naming the file): {violations.Count}");
        Console.WriteLine($"  over the time bound (1 s + 2 us/byte): {slow.Count}");
        Console.WriteLine($"  peak working set (sampled every 10,000 cases): {peak / (1024.0 * 1024):0} MB");
        foreach (var v in violations.Take(20))
        {
            Console.WriteLine("  VIOLATION " + v[..Math.Min(v.Length, 400)].ReplaceLineEndings(" "));
        }
        foreach (var s in slow.Take(10))
        {
            Console.WriteLine("  SLOW " + s);
        }
        return violations.IsEmpty && slow.IsEmpty ? 0 : 2;
    }
}
