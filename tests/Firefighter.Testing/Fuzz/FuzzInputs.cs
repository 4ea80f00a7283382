using System.IO.Compression;
using System.Text;
using CsCheck;

namespace Firefighter.Testing.Fuzz;

/// <summary>One generated bundle file: where it sits in the bundle, its bytes, and how it was made (for reports).</summary>
public sealed record FuzzCase(string Path, byte[] Data, string Shape)
{
    /// <inheritdoc />
    public override string ToString() => $"{Shape} {Path} ({Data.Length} bytes): {Encoding.UTF8.GetString(Data.AsSpan(0, Math.Min(Data.Length, 200)))}";
}

/// <summary>CsCheck generators for every bundle reader: valid inputs (the repository's samples, the recorded formats in
/// <c>../shared/formats</c> read at run time, and lines written as the real tools print them) mutated at the byte level, and
/// hostile inputs built on purpose (deep nesting, alias bombs, long lines, random bytes, gzip and corrupt gzip).</summary>
public static class FuzzInputs
{
    private static readonly Lazy<IReadOnlyList<(string Path, byte[] Data)>> SeedList = new(LoadSeeds);

    /// <summary>The valid inputs mutations start from, each at the bundle path its reader expects.</summary>
    public static IReadOnlyList<(string Path, byte[] Data)> Seeds => SeedList.Value;

    /// <summary>Tokens that broke or could break a parser: escapes, structure, numbers out of range, zone offsets, YAML anchors, NUL, invalid UTF-8.</summary>
    private static readonly string[] Hostile =
    [
        "\\ud800", "\\udfff", "\\u12", "\\", "\"", "{", "}", "[", "]", ":", ",", "\n", "\r\n", "\0", "---\n", "&a ", "*a", "<<: *a\n", "!!binary ",
        "1e400", "-1e400", "NaN", "+Inf", "99999999999999999999999", "-0", "+99:99", "+15:00", "-14:01", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z",
        "1970-01-01T00:00:00+14:00", "Feb 30 25:61:61", "metadata: []\n", "\"metadata\":\"x\"", "\"items\":{}", "exitCode: 99999999999", "\t", " ",
        "level=error msg=", "\"ts\":", "stdout F ", "E1231 ", "<*>", "%s", "\u202e", "\ufeff",
    ];

    /// <summary>All shapes: mutated seeds most of the time, hostile constructions the rest.</summary>
    public static Gen<FuzzCase> Any => Gen.Frequency(
        (6, Mutated()),
        (1, DeepNesting()),
        (1, AliasBomb()),
        (1, LongLines()),
        (1, RandomBytes()),
        (1, Gzipped()));

    /// <summary>A seed with one to four byte-level mutations.</summary>
    public static Gen<FuzzCase> Mutated() =>
        Gen.Int[0, int.MaxValue].Select(Gen.Int[1, 4], Gen.Int[0, int.MaxValue], (pick, count, seed) =>
        {
            var (path, data) = Seeds[pick % Seeds.Count];
            var random = new Random(seed);
            var bytes = data;
            for (var i = 0; i < count; i++)
            {
                bytes = Mutate(bytes, random);
            }
            return new FuzzCase(path, bytes, "mutated");
        });

    /// <summary>JSON or YAML nested 100 to 60,000 levels, in a folder that parses it.</summary>
    public static Gen<FuzzCase> DeepNesting() =>
        Gen.Int[100, 60_000].Select(Gen.Int[0, 5], (depth, kind) => kind switch
        {
            0 => new FuzzCase("k8s/deep.json", Utf8(new string('[', depth) + new string(']', depth)), "deep-json"),
            1 => new FuzzCase("traces/deep.json", Utf8("{\"data\":" + new string('[', depth) + new string(']', depth) + "}"), "deep-json"),
            2 => new FuzzCase("alerts/deep.json", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)), "deep-json"),
            3 => new FuzzCase("k8s/deep.yaml", Utf8("a: " + new string('[', depth) + new string(']', depth)), "deep-yaml"),
            4 => new FuzzCase("changes/deep.yaml", Utf8(string.Concat(Enumerable.Range(0, Math.Min(depth, 3000)).Select(i => new string(' ', i) + "k:\n"))), "deep-yaml"),
            _ => new FuzzCase("incident.yaml", Utf8("title: " + new string('{', depth)), "deep-yaml"),
        });

    /// <summary>YAML whose aliases (or merge keys) expand exponentially.</summary>
    public static Gen<FuzzCase> AliasBomb() =>
        Gen.Int[2, 12].Select(Gen.Int[2, 10], Gen.Int[0, 2], (levels, fanout, where) =>
        {
            var merge = where == 2;
            var sb = new StringBuilder(merge ? "m0: &m0 {k: v}\n" : "a0: &a0 [lol]\n");
            for (var i = 1; i < levels; i++)
            {
                if (merge)
                {
                    sb.Append($"m{i}: &m{i}\n");
                    for (var j = 0; j < fanout; j++)
                    {
                        sb.Append($"  c{j}: {{<<: *m{i - 1}}}\n");
                    }
                }
                else
                {
                    sb.Append($"a{i}: &a{i} [").AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", fanout)).Append("]\n");
                }
            }
            var path = where switch { 0 => "k8s/bomb.yaml", 1 => "incident.yaml", _ => "changes/bomb.yaml" };
            return new FuzzCase(path, Utf8(sb.ToString()), "alias-bomb");
        });

    /// <summary>Log lines far past the line limit, or with hundreds of numeric tokens.</summary>
    public static Gen<FuzzCase> LongLines() =>
        Gen.Int[1, 300_000].Select(Gen.Int[0, 3], (length, kind) => kind switch
        {
            0 => new FuzzCase("logs/long.log", Utf8("2024-01-15T14:00:00Z ERROR " + new string('x', length) + "\nnext\n"), "long-line"),
            1 => new FuzzCase("logs/numbers.log", Utf8(string.Concat(Enumerable.Range(0, 200).Select(i => $"2024-01-15T14:00:{i % 60:00}Z INFO " + string.Join(' ', Enumerable.Range(i, 40 + (length % 160))) + "\n"))), "numeric-tokens"),
            2 => new FuzzCase("metrics/long.csv", Utf8("timestamp,value\n" + new string('1', length) + ",2\n1705327200,3\n"), "long-line"),
            _ => new FuzzCase("logs/json.log", Utf8("{\"ts\":\"2024-01-15T14:00:00Z\",\"msg\":\"" + new string('a', length) + "\"}\n"), "long-line"),
        });

    /// <summary>Random bytes in any folder.</summary>
    public static Gen<FuzzCase> RandomBytes() =>
        Gen.Byte.Array[0, 4096].Select(Gen.Int[0, Folders.Length - 1], (bytes, f) => new FuzzCase(Folders[f], bytes, "random"));

    /// <summary>A seed (or a mutated one) gzipped, sometimes cut short or with a lying trailer.</summary>
    public static Gen<FuzzCase> Gzipped() =>
        Mutated().Select(Gen.Int[0, 3], Gen.Int[0, int.MaxValue], (c, damage, seed) =>
        {
            var gz = Gzip(c.Data);
            if (damage == 1 && gz.Length > 20)
            {
                gz = gz[..(10 + (seed % (gz.Length - 10)))];
            }
            else if (damage == 2 && gz.Length > 20)
            {
                gz[^1] ^= 0x5a;
            }
            return new FuzzCase(c.Path.EndsWith(".gz", StringComparison.Ordinal) ? c.Path : c.Path + ".gz", gz, "gzip");
        });

    private static readonly string[] Folders =
    [
        "logs/r.log", "logs/r.log.gz", "k8s/r.json", "k8s/r.yaml", "k8s/describe.txt", "k8s/events.txt", "metrics/r.json", "metrics/r.prom", "metrics/r.csv",
        "traces/r.json", "alerts/r.json", "changes/r.json", "changes/r.yaml", "changes/git.log", "incident.yaml",
    ];

    private static byte[] Mutate(byte[] data, Random random)
    {
        if (data.Length == 0)
        {
            return Utf8(Hostile[random.Next(Hostile.Length)]);
        }
        var at = random.Next(data.Length);
        switch (random.Next(6))
        {
            case 0:
                var flipped = (byte[])data.Clone();
                flipped[at] ^= (byte)(1 << random.Next(8));
                return flipped;
            case 1:
                return [.. data.AsSpan(0, at), .. Utf8(Hostile[random.Next(Hostile.Length)]), .. data.AsSpan(at)];
            case 2:
                return data[..at];
            case 3:
                var len = random.Next(Math.Min(64, data.Length - at) + 1);
                return [.. data.AsSpan(0, at), .. data.AsSpan(at + len)];
            case 4:
                var slice = data.AsSpan(at, random.Next(Math.Min(256, data.Length - at) + 1)).ToArray();
                var copies = random.Next(1, 20);
                var grown = new List<byte>(data.Length + (slice.Length * copies));
                grown.AddRange(data.AsSpan(0, at));
                for (var i = 0; i < copies; i++)
                {
                    grown.AddRange(slice);
                }
                grown.AddRange(data.AsSpan(at));
                return [.. grown];
            default:
                var noise = new byte[random.Next(1, 16)];
                random.NextBytes(noise);
                return [.. data.AsSpan(0, at), .. noise, .. data.AsSpan(Math.Min(data.Length, at + noise.Length))];
        }
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(data);
        }
        return ms.ToArray();
    }

    private static List<(string, byte[])> LoadSeeds()
    {
        var seeds = new List<(string, byte[])>();
        // The samples shipped in the repository, at their own bundle paths.
        var samples = RepoPaths.InRepo("samples");
        if (Directory.Exists(samples))
        {
            foreach (var bundle in Directory.EnumerateDirectories(samples))
            {
                foreach (var file in Directory.EnumerateFiles(bundle, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    AddCapped(seeds, Path.GetRelativePath(bundle, file).Replace('\\', '/'), File.ReadAllBytes(file));
                }
            }
        }
        // The recorded real formats beside the repository (read at run time, never copied in).
        var formats = RepoPaths.InShared("formats");
        foreach (var (folder, target) in new[] { ("alertmanager", "alerts"), ("kubernetes", "k8s"), ("prometheus-api", "metrics"), ("jaeger", "traces"), ("otlp", "traces") })
        {
            var dir = Path.Combine(formats, folder);
            if (Directory.Exists(dir))
            {
                foreach (var file in Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal))
                {
                    AddCapped(seeds, target + "/" + Path.GetFileName(file), File.ReadAllBytes(file));
                }
            }
        }
        foreach (var (path, text) in WrittenAsToolsPrint)
        {
            seeds.Add((path, Utf8(text)));
        }
        return seeds;
    }

    private static void AddCapped(List<(string, byte[])> seeds, string path, byte[] data) =>
        seeds.Add((path, data.Length > 64 * 1024 ? data[..(64 * 1024)] : data));

    /// <summary>Line shapes as the tools print them, for the readers no recorded file covers.</summary>
    private static readonly (string Path, string Text)[] WrittenAsToolsPrint =
    [
        ("logs/prod_api-7f9c_api.log", "2024-01-15T14:22:45.123Z stdout F {\"level\":\"error\",\"ts\":\"2024-01-15T14:22:45.123Z\",\"msg\":\"dial tcp 10.0.0.5:5432: connect: connection refused\"}\n2024-01-15T14:22:46.001Z stderr P partial line\n2024-01-15T14:22:46.002Z stderr F  continued\n"),
        ("logs/docker.log", "{\"log\":\"GET /health 200 1.2ms\\n\",\"stream\":\"stdout\",\"time\":\"2024-01-15T14:22:45.123456789Z\"}\n"),
        ("logs/logfmt.log", "time=2024-01-15T14:22:45Z level=error msg=\"upstream timeout\" duration=5.001s service=checkout\n"),
        ("logs/syslog.log", "Jan 15 14:22:45 node-1 kubelet[1234]: E0115 14:22:45.123456    1234 pod_workers.go:1298] \"Error syncing pod\" pod=\"prod/api-7f9c\"\n"),
        ("logs/java.log", "2024-01-15 14:22:45,123 ERROR [main] c.e.App - boom\njava.lang.IllegalStateException: x\n\tat c.e.App.main(App.java:10)\n"),
        ("metrics/node.prom", "# HELP node_memory_MemAvailable_bytes Memory\n# TYPE node_memory_MemAvailable_bytes gauge\nnode_memory_MemAvailable_bytes{instance=\"n1\"} 1.2e+09 1705328565000\nhttp_requests_total{code=\"500\",method=\"GET\"} 42\n"),
        ("metrics/latency.csv", "timestamp,series,value\n2024-01-15T14:00:00Z,p99,0.12\n2024-01-15T14:01:00Z,p99,0.95\n"),
        ("changes/deploys.json", "[{\"time\":\"2024-01-15T14:20:00Z\",\"type\":\"deploy\",\"service\":\"api\",\"version\":\"v2.3.1\",\"author\":\"ci\"}]\n"),
        ("changes/git.log", "commit 3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a\nAuthor: Dev <dev@example.com>\nDate:   Mon Jan 15 14:10:00 2024 +0000\n\n    Raise pool size\n"),
        ("k8s/events.txt", "LAST SEEN   TYPE      REASON      OBJECT             MESSAGE\n2m          Warning   BackOff     pod/api-7f9c       Back-off restarting failed container\n"),
        ("k8s/describe-pod.txt", "Name:         api-7f9c\nNamespace:    prod\nContainers:\n  api:\n    State:          Waiting\n      Reason:       CrashLoopBackOff\n    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n    Restart Count:  5\n"),
    ];
}
