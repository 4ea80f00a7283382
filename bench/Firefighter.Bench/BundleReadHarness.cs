using System.Diagnostics;
using System.Globalization;
using System.Text;
using Firefighter.Sources.Bundles;

namespace Firefighter.Bench;

/// <summary>Throughput of reading a bundle's logs: writes a synthetic bundle (plain, CRI and JSON-line logs with stack traces) and reads it.</summary>
public sealed class BundleReadHarness : IHarness
{
    /// <inheritdoc />
    public string Name => "bundle-read";

    /// <inheritdoc />
    public string Description => "BundleReader log throughput (MB/s, records/s) on a synthetic bundle; arg: lines per file (default 300000)";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var lines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300_000;
        var root = Path.Combine(Path.GetTempPath(), "ff-bench-bundle-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "logs"));
        try
        {
            long bytes = 0;
            bytes += Write(Path.Combine(root, "logs", "app.log"), lines, i =>
                i % 50 == 7 ? "\tat com.acme.Service.call(Service.java:" + i + ")" :
                $"2024-01-15 14:{i / 6000 % 60:00}:{i / 100 % 60:00},{i % 1000:000} {(i % 13 == 0 ? "ERROR" : "INFO ")} [worker-{i % 8}] c.a.Service - handled request {i} in {i % 97} ms");
            bytes += Write(Path.Combine(root, "logs", "production_api-1_api.log"), lines, i =>
                $"2024-01-15T14:{i / 6000 % 60:00}:{i / 100 % 60:00}.{i % 1000:000}000000Z stdout F level=info msg=\"request {i} ok\" path=/v1/orders status=200");
            bytes += Write(Path.Combine(root, "logs", "json.log"), lines, i =>
                $"{{\"ts\":\"2024-01-15T14:{i / 6000 % 60:00}:{i / 100 % 60:00}.{i % 1000:000}Z\",\"level\":\"{(i % 11 == 0 ? "error" : "info")}\",\"msg\":\"request {i} done\",\"duration_ms\":{i % 500}}}");
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(true);
            var sw = Stopwatch.StartNew();
            var result = BundleReader.Read(root, TimeProvider.System);
            sw.Stop();
            var allocated = GC.GetTotalAllocatedBytes(true) - before;
            var evidence = result.Evidence!;
            var mb = bytes / (1024.0 * 1024.0);
            Console.WriteLine("| input | records | time | MB/s | records/s | allocated | peak working set |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| 3 files, {mb:F1} MB | {evidence.Logs.Count:N0} | {sw.Elapsed.TotalSeconds:F2} s | {mb / sw.Elapsed.TotalSeconds:F1} | {evidence.Logs.Count / sw.Elapsed.TotalSeconds:N0} | {allocated / (1024 * 1024):N0} MB | {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024):N0} MB |"));
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static long Write(string path, int lines, Func<int, string> line)
    {
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        for (var i = 0; i < lines; i++)
        {
            w.Write(line(i));
            w.Write('\n');
        }
        w.Flush();
        return w.BaseStream.Length;
    }
}
