using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Firefighter.Metrics;
using Firefighter.Bench.Metrics.Nab;
using Firefighter.Testing;

namespace Firefighter.Bench.Metrics;

/// <summary>Runs the streaming detector over the shared NAB subset and scores it with the NAB rules (ported), checking the port against Numenta's published results.</summary>
public sealed class NabHarness : IHarness
{
    public string Name => "nab";

    public string Description => "NAB subset: streaming anomaly detector scored with NAB rules (3 profiles, normalised), plus a port check";

    public int Run(string[] args)
    {
        var root = RepoPaths.InShared("datasets", "nab");
        if (!Directory.Exists(root))
        {
            Console.Error.WriteLine($"nab: dataset not found at {root}");
            return 3;
        }
        var perFile = args.Contains("--files");
        var options = AnomalyDetectorOptions.Default;
        foreach (var a in args.Where(a => a.Contains('=', StringComparison.Ordinal) && !a.Contains(',', StringComparison.Ordinal)))
        {
            options = options.With(a);
        }
        var windows = LoadWindows(Path.Combine(root, "labels", "combined_windows.json"));
        var files = Directory.GetDirectories(Path.Combine(root, "data")).OrderBy(d => d, StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d, "*.csv").OrderBy(f => f, StringComparer.Ordinal))
            .Select(f => Load(root, f, windows))
            .ToList();
        var rowCount = files.Sum(f => f.Values.Length);
        Console.WriteLine($"NAB subset: {files.Count} files, {rowCount:N0} rows, {files.Sum(f => f.Windows.Count)} windows ({root})");

        if (args.Contains("--features"))
        {
            DumpFeatures(files, options);
            return 0;
        }
        if (!args.Contains("--no-check"))
        {
            PortCheck(root, files);
        }
        var sweep = args.FirstOrDefault(a => a.Contains('=', StringComparison.Ordinal) && a.Contains(',', StringComparison.Ordinal));
        if (sweep is not null)
        {
            // Exploration: one summary line per value of the swept option (the others fixed).
            var name = sweep[..sweep.IndexOf('=', StringComparison.Ordinal)];
            foreach (var v in sweep[(name.Length + 1)..].Split(','))
            {
                var o = options.With(name + "=" + v);
                var sc = files.ToDictionary(f => f.Key, f => AnomalyDetector.ScoreAll(f.Times, f.Values, o));
                var parts = NabProfile.All.Select(p =>
                {
                    var best = NabScorer.Optimize(files.SelectMany(f => Tag(f, sc[f.Key], p)), p);
                    var nullRaw = -files.Sum(f => f.Windows.Count) * p.FnWeight;
                    return $"{p.Name} {NabScorer.Normalize(best.Score, nullRaw, files.Sum(f => f.Windows.Count) * p.TpWeight):F1} (t {best.Threshold:F3})";
                });
                Console.WriteLine($"{name}={v}: {string.Join("  ", parts)}");
            }
            return 0;
        }

        var sw = Stopwatch.StartNew();
        var scores = new Dictionary<string, double[]>();
        foreach (var f in files)
        {
            scores[f.Key] = AnomalyDetector.ScoreAll(f.Times, f.Values, options);
        }
        sw.Stop();
        Console.WriteLine($"detector: {rowCount / sw.Elapsed.TotalSeconds / 1e6:F2} M rows/s single-threaded ({sw.Elapsed.TotalMilliseconds:F0} ms, config {options})");

        Console.WriteLine();
        Console.WriteLine("| profile | null raw | perfect raw | detector raw | threshold | TP windows | FP rows | normalised score |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var profile in NabProfile.All)
        {
            var nullRaw = NabScorer.Optimize(files.SelectMany(f => Tag(f, [.. Enumerable.Repeat(0.5, f.Values.Length)], profile)), profile).Score;
            var perfectRaw = NabScorer.Optimize(files.SelectMany(f => Tag(f, Perfect(f), profile)), profile).Score;
            var rows = files.Select(f => Tag(f, scores[f.Key], profile)).ToList();
            var best = NabScorer.Optimize(rows.SelectMany(r => r), profile);
            var detected = 0;
            var fpRows = 0;
            var lines = new List<string>();
            var byCategory = new SortedDictionary<string, (double Score, int Hit, int Windows, int Fp)>(StringComparer.Ordinal);
            for (var i = 0; i < files.Count; i++)
            {
                var at = NabScorer.ScoreAt(rows[i], profile, best.Threshold);
                var hit = CountDetectedWindows(rows[i], best.Threshold);
                detected += hit;
                fpRows += at.Fp;
                lines.Add($"  {files[i].Key,-62} score {at.Score,8:F3}  windows {hit}/{files[i].Windows.Count}  fp {at.Fp}");
                var cat = files[i].Key[..files[i].Key.IndexOf('/', StringComparison.Ordinal)];
                var c = byCategory.GetValueOrDefault(cat);
                byCategory[cat] = (c.Score + at.Score, c.Hit + hit, c.Windows + files[i].Windows.Count, c.Fp + at.Fp);
            }
            Console.WriteLine($"| {profile.Name} | {nullRaw:F3} | {perfectRaw:F3} | {best.Score:F3} | {best.Threshold:F4} | {detected}/{files.Sum(f => f.Windows.Count)} | {fpRows} | **{NabScorer.Normalize(best.Score, nullRaw, perfectRaw):F1}** |");
            if (perFile)
            {
                lines.ForEach(Console.WriteLine);
            }
            if (args.Contains("--categories"))
            {
                foreach (var (cat, c) in byCategory)
                {
                    Console.WriteLine($"|   {cat} | | | {c.Score:F3} | | {c.Hit}/{c.Windows} | {c.Fp} | |");
                }
            }
            if (args.Contains("--trace") && profile == NabProfile.All[0])
            {
                // Diagnostics: where each file's reports fall relative to its windows (row indexes).
                foreach (var f in files)
                {
                    var wins = string.Join(" ", f.Windows.Select(w => $"[{f.Timestamps.IndexOf(w.Start)}..{f.Timestamps.IndexOf(w.End)}]"));
                    var hits = string.Join(" ", scores[f.Key].Select((x, i) => (x, i)).Where(p => p.x >= best.Threshold).Select(p => $"{p.i}:{p.x:F2}"));
                    Console.WriteLine($"  {f.Key} n={f.Values.Length} prob={NabScorer.ProbationLength(f.Values.Length)} windows {wins}\n     reports {hits}");
                }
            }
        }
        return 0;
    }

    private static void DumpFeatures(List<NabFile> files, AnomalyDetectorOptions options)
    {
        Console.WriteLine("file,i,n,score,kind,win,beyond,z,quiet,sincerep");
        foreach (var f in files)
        {
            var d = new AnomalyDetector(options);
            var wins = f.Windows.Select(w => (f.Timestamps.IndexOf(w.Start), f.Timestamps.IndexOf(w.End))).ToList();
            var novelty = new double[f.Values.Length];
            var scored = new double[f.Values.Length];
            var lastHigh = -1;
            var lastRep = -1;
            for (var i = 0; i < f.Values.Length; i++)
            {
                var s = d.Update(f.Times[i], f.Values[i]);
                novelty[i] = d.LastNovelty;
                scored[i] = s;
                if (s >= 0.75)
                {
                    var from = Math.Max(0, i - 2048);
                    var hist = f.Values[from..i].Order().ToArray();
                    var p1 = hist[(int)(0.01 * (hist.Length - 1))];
                    var p99 = hist[(int)(0.99 * (hist.Length - 1))];
                    var med = hist[hist.Length / 2];
                    var range = Math.Max(p99 - p1, 1e-9);
                    var mx = hist[^1];
                    var mn = hist[0];
                    var beyond = Math.Max(0, Math.Max(f.Values[i] - mx, mn - f.Values[i])) / range;
                    var z = Math.Abs(f.Values[i] - med) / range;
                    var w = wins.FindIndex(x => i >= x.Item1 && i <= x.Item2);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{f.Key},{i},{f.Values.Length},{s:F3},{d.LastReport?.Kind},{w},{beyond:F3},{z:F3},{i - lastHigh},{i - lastRep}"));
                    lastRep = i;
                }
                if (d.LastNovelty >= 0.5 && s < 0.75)
                {
                    lastHigh = i;
                }
            }
            foreach (var (l, r) in wins)
            {
                var best = l;
                for (var i = l; i <= r; i++)
                {
                    best = novelty[i] > novelty[best] ? i : best;
                }
                var firstScore = Array.FindIndex(scored, l, r - l + 1, x => x >= 0.8);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#window {f.Key} [{l}..{r}] max novelty {novelty[best]:F2} at {best} (score {scored[best]:F2}) first report {firstScore}"));
            }
        }
    }

    private static int CountDetectedWindows(NabRow[] rows, double threshold)
    {
        var seen = new HashSet<int>();
        foreach (var r in rows)
        {
            if (r.Window >= 0 && r.Score >= threshold)
            {
                seen.Add(r.Window);
            }
        }
        return seen.Count;
    }

    private static double[] Perfect(NabFile f)
    {
        var s = new double[f.Values.Length];
        foreach (var w in f.Windows)
        {
            var i = f.Timestamps.IndexOf(w.Start);
            if (i >= 0)
            {
                s[i] = 1.0;
            }
        }
        return s;
    }

    private static NabRow[] Tag(NabFile f, double[] scores, NabProfile profile) => NabScorer.Tag(f.Key, f.Timestamps, scores, f.Windows, profile);

    /// <summary>Replays Numenta HTM's published per-row scores and compares each file's Score/TP/FP/FN with NAB's own output.</summary>
    private static void PortCheck(string root, List<NabFile> files)
    {
        var refDir = Path.Combine(root, "reference-results", "numenta");
        if (!Directory.Exists(refDir))
        {
            Console.WriteLine("port check: skipped (no reference-results)");
            return;
        }
        var byKey = files.ToDictionary(f => f.Key, StringComparer.Ordinal);
        var refScores = new Dictionary<string, double[]>();
        foreach (var f in files)
        {
            var parts = f.Key.Split('/');
            var path = Path.Combine(refDir, parts[0], "numenta_" + parts[1]);
            refScores[f.Key] = [.. File.ReadLines(path).Skip(1).Select(l => double.Parse(l.Split(',')[2], CultureInfo.InvariantCulture))];
        }
        foreach (var profile in NabProfile.All)
        {
            var checkedFiles = 0;
            var matched = 0;
            var mismatches = new List<string>();
            double threshold = 0;
            foreach (var line in File.ReadLines(Path.Combine(refDir, $"numenta_{profile.Name}_scores.csv")).Skip(1))
            {
                var c = line.Split(',');
                if (!byKey.TryGetValue(c[2], out var f))
                {
                    continue;
                }
                threshold = double.Parse(c[3], CultureInfo.InvariantCulture);
                var expScore = double.Parse(c[4], CultureInfo.InvariantCulture);
                var at = NabScorer.ScoreAt(Tag(f, refScores[f.Key], profile), profile, threshold);
                checkedFiles++;
                var ok = Math.Abs(at.Score - expScore) < 1e-6 && at.Tp == int.Parse(c[5], CultureInfo.InvariantCulture)
                    && at.Tn == int.Parse(c[6], CultureInfo.InvariantCulture) && at.Fp == int.Parse(c[7], CultureInfo.InvariantCulture)
                    && at.Fn == int.Parse(c[8], CultureInfo.InvariantCulture);
                if (ok)
                {
                    matched++;
                }
                else
                {
                    mismatches.Add($"{f.Key}: ours {at.Score:F4} tp{at.Tp} tn{at.Tn} fp{at.Fp} fn{at.Fn} vs NAB {expScore:F4} tp{c[5]} tn{c[6]} fp{c[7]} fn{c[8]}");
                }
            }
            var nullRaw = NabScorer.Optimize(files.SelectMany(f => Tag(f, [.. Enumerable.Repeat(0.5, f.Values.Length)], profile)), profile).Score;
            var subsetTotal = NabScorer.Optimize(files.SelectMany(f => Tag(f, refScores[f.Key], profile)), profile);
            Console.WriteLine($"port check [{profile.Name}]: {matched}/{checkedFiles} files reproduce NAB's Score/TP/TN/FP/FN for Numenta HTM at threshold {threshold}; null raw on subset {nullRaw:F3} (= -windows x fnWeight); HTM re-optimised on subset: raw {subsetTotal.Score:F3} normalised {NabScorer.Normalize(subsetTotal.Score, nullRaw, files.Sum(x => x.Windows.Count)):F1}");
            mismatches.Take(5).ToList().ForEach(m => Console.WriteLine("  mismatch " + m));
        }
    }

    private static Dictionary<string, List<(string Start, string End)>> LoadWindows(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var result = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            result[p.Name] = [.. p.Value.EnumerateArray().Select(w => (Trim(w[0].GetString()!), Trim(w[1].GetString()!)))];
        }
        return result;

        static string Trim(string s) => s.Length > 19 ? s[..19] : s;
    }

    private static NabFile Load(string root, string path, Dictionary<string, List<(string, string)>> windows)
    {
        var key = Path.GetRelativePath(Path.Combine(root, "data"), path).Replace('\\', '/');
        var stamps = new List<string>();
        var values = new List<double>();
        var times = new List<double>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0)
            {
                continue;
            }
            var ts = line[..comma];
            stamps.Add(ts);
            times.Add(DateTime.ParseExact(ts, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal).Subtract(DateTime.UnixEpoch).TotalSeconds);
            values.Add(double.Parse(line.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture));
        }
        return new NabFile(key, stamps, [.. times], [.. values], windows.TryGetValue(key, out var w) ? w : []);
    }

    private sealed record NabFile(string Key, List<string> Timestamps, double[] Times, double[] Values, List<(string Start, string End)> Windows);
}
