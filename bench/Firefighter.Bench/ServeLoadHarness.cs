using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Firefighter.Server;
using Firefighter.Testing;
using Microsoft.Data.Sqlite;

namespace Firefighter.Bench;

/// <summary>Accept path of <c>ff serve</c> under load: an open-loop stream of Alertmanager posts at a fixed rate over loopback into a
/// real SQLite file, then every 202's job checked against the database (lost) and every group's pending jobs counted (duplicated).</summary>
public sealed class ServeLoadHarness : IHarness
{
    /// <inheritdoc />
    public string Name => "serve-load";

    /// <inheritdoc />
    public string Description => "ff serve accept load into SQLite; args: rate/s (1000), seconds (60), groups (500), workers on|off (off)";

    /// <inheritdoc />
    public int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var rate = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60;
        var groups = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500;
        var workers = args.Length > 3 && args[3] == "on";
        var dir = Directory.CreateTempSubdirectory("ff-serve-load-").FullName;
        var port = FreePort();
        var db = Path.Combine(dir, "incidents.db");
        var app = ServerApp.Build(new ServerOptions
        {
            Listen = $"http://127.0.0.1:{port}",
            Database = db,
            BundleDirectory = Path.Combine(dir, "bundles"),
            StartWorkers = workers,
            SignatureDirectories = [RepoPaths.InRepo("signatures")],
        }, logging: _ => { });
        await app.StartAsync();
        var template = File.ReadAllText(RepoPaths.InRepo("samples", "oom-after-deploy", "alerts", "2024-01-15T1429_HighErrorRate.json"));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 128 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var latencies = new ConcurrentBag<double>();
        var jobs = new ConcurrentDictionary<long, string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var total = rate * seconds;
        var clock = Stopwatch.StartNew();
        var inflight = new List<Task>(total);
        using var gate = new SemaphoreSlim(512);
        for (var i = 0; i < total; i++)
        {
            // Open loop: request i is due at i / rate, whether or not earlier ones have answered.
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }
            var group = $"{{}}:{{alertname=\"Load{i % groups}\"}}";
            var body = template.Replace("\"groupKey\": \"{}/{severity=\\\"critical\\\"}:{alertname=\\\"HighErrorRate\\\", namespace=\\\"production\\\"}\"",
                "\"groupKey\": " + JsonValue.Create(group).ToJsonString(), StringComparison.Ordinal);
            await gate.WaitAsync();
            var sent = clock.Elapsed;
            inflight.Add(Task.Run(async () =>
            {
                try
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync("api/v1/alerts", content);
                    var text = await response.Content.ReadAsStringAsync();
                    latencies.Add((clock.Elapsed - sent).TotalMilliseconds);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if (response.StatusCode == HttpStatusCode.Accepted && JsonNode.Parse(text)!["job"] is { } job)
                    {
                        jobs[job.GetValue<long>()] = group;
                    }
                }
                catch (HttpRequestException)
                {
                    statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        await Task.WhenAll(inflight);
        var elapsed = clock.Elapsed.TotalSeconds;
        await app.StopAsync();
        await app.DisposeAsync();

        // Every 202 named a job: it must be in the database under its group (lost otherwise); a group may have one pending job at most.
        var stored = new Dictionary<long, (string Group, string State)>();
        using (var c = new SqliteConnection($"Data Source={db}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT id, group_key, state FROM jobs";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                stored[r.GetInt64(0)] = (r.GetString(1), r.GetString(2));
            }
        }
        SqliteConnection.ClearAllPools();
        var lost = jobs.Count(j => !stored.TryGetValue(j.Key, out var s) || s.Group != j.Value);
        var duplicated = stored.Values.Where(s => s.State == "pending").GroupBy(s => s.Group).Count(g => g.Count() > 1);
        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine($"ff serve accept load: {total} posts over {elapsed:0.0} s (target {rate}/s for {seconds} s, {groups} alert groups, workers {(workers ? "on" : "off")}), SQLite WAL synchronous=FULL");
        Console.WriteLine($"| achieved/s | 202 | other | p50 ms | p99 ms | max ms | jobs stored | lost | duplicated pending |");
        Console.WriteLine($"| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {total / elapsed:0} | {statuses.GetValueOrDefault(202)} | {statuses.Where(s => s.Key != 202).Sum(s => s.Value)} | {P(0.5):0.0} | {P(0.99):0.0} | {sorted.LastOrDefault():0.0} | {stored.Count} | {lost} | {duplicated} |"));
        Directory.Delete(dir, recursive: true);
        return lost == 0 && duplicated == 0 && statuses.GetValueOrDefault(202) == total ? 0 : 1;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
