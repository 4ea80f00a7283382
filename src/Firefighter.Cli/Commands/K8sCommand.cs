using System.CommandLine;
using System.Globalization;
using System.Runtime;
using System.Text;
using System.Text.Json;
using Firefighter.Evidence;
using Firefighter.Sources.Kubernetes;
using Firefighter.Analysis;
using Firefighter.Investigation;

namespace Firefighter.Cli.Commands;

/// <summary><c>ff k8s scan</c>: diagnoses a cluster snapshot (kubectl dumps) or a live cluster (read-only list calls) and prints the problems grouped by cause.</summary>
public sealed class K8sCommand : ICliCommand
{
    /// <inheritdoc />
    public Command Build(CliContext context)
    {
        var snapshot = new Option<string[]>("--snapshot") { Description = "kubectl get -o yaml|json, kubectl get events and kubectl describe output (files, directories or a bundle); repeatable", AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.OneOrMore };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "kubeconfig of a live cluster (default: KUBECONFIG, then ~/.kube/config)" };
        var kubeContext = new Option<string?>("--context") { Description = "kubeconfig context of a live cluster (default: its current-context)" };
        var inCluster = new Option<bool>("--in-cluster") { Description = "Use the pod's service account (when ff runs inside the cluster)" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds allowed for each API list call", DefaultValueFactory = _ => 30 };
        var ns = new Option<string?>("--namespace", "-n") { Description = "Only this namespace (cluster-scoped objects are kept)" };
        var all = new Option<bool>("--all-namespaces", "-A") { Description = "All namespaces (the default)" };
        var analyzer = new Option<string[]>("--analyzer") { Description = "Analyzer names or prefixes (k8s.pods, k8s.workloads...); repeatable", AllowMultipleArgumentsPerToken = true };
        var now = new Option<string?>("--now") { Description = "Analyze as of this RFC 3339 time (default: the latest event time in a snapshot, the clock for a live cluster)" };
        var json = Cli.JsonOption();
        var anonymize = new Option<bool>("--anonymize") { Description = "Mask namespaces, object, container, node and image names in the output" };
        var noColor = Cli.NoColorOption();

        var scan = new Command("scan", "Diagnose a Kubernetes snapshot or live cluster: crash loops, OOM kills, image pulls, scheduling, rollouts, nodes, services, storage, certificates, policies, quotas.")
        {
            snapshot, kubeconfig, kubeContext, inCluster, timeout, ns, all, analyzer, now, json, anonymize, noColor,
        };
        scan.SetAction((parse, ct) => Scan(context, new ScanOptions(
            parse.GetValue(snapshot) ?? [], parse.GetValue(kubeconfig), parse.GetValue(kubeContext), parse.GetValue(inCluster), parse.GetValue(timeout),
            parse.GetValue(all) ? null : parse.GetValue(ns), parse.GetValue(analyzer) ?? [], parse.GetValue(now), parse.GetValue(json), parse.GetValue(anonymize)), ct));
        return new Command("k8s", "Kubernetes diagnosis") { scan };
    }

    private sealed record ScanOptions(string[] Snapshots, string? Kubeconfig, string? Context, bool InCluster, int TimeoutSeconds, string? Namespace, string[] Analyzers, string? Now, bool Json, bool Anonymize);

    private static async Task<int> Scan(CliContext ctx, ScanOptions o, CancellationToken ct)
    {
        var held = o.Snapshots.Length > 0 && HoldGc(SnapshotBytes(o.Snapshots));
        try
        {
            return await ScanCore(ctx, o, ct).ConfigureAwait(false);
        }
        finally
        {
            if (held && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
    }

    /// <summary>Holds the garbage collector off for a snapshot scan, when the runtime grants a budget of about twelve times the input.</summary>
    /// <remarks>A scan builds one tree that lives until the process exits (~9x the JSON; 400 MB for a 45 MB dump), and the analyzers add
    /// little garbage. Collections can only re-mark that tree: on the 45 MB benchmark snapshot they cost ~0.5 s of a 2 s run, and peak
    /// memory is the same without them. Past the budget the runtime collects as usual.</remarks>
    private static bool HoldGc(long inputBytes)
    {
        try
        {
            return GC.TryStartNoGCRegion(Math.Clamp(inputBytes * 12, 32L << 20, 1536L << 20));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            // More than this runtime allows at once, or a region is already open (tests running commands in parallel).
            return false;
        }
    }

    private static long SnapshotBytes(IEnumerable<string> paths)
    {
        long total = 0;
        foreach (var p in paths)
        {
            try
            {
                total += File.Exists(p) ? new FileInfo(p).Length
                    : Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The read itself reports unreadable paths.
            }
        }
        return total;
    }

    private static async Task<int> ScanCore(CliContext ctx, ScanOptions o, CancellationToken ct)
    {
        var (selected, unknown) = BuiltIn.Analyzers.Select(o.Analyzers.Length > 0 ? o.Analyzers : ["k8s"]);
        if (unknown.Count > 0)
        {
            ctx.Fail($"unknown analyzer(s): {string.Join(", ", unknown)}; known: {string.Join(", ", BuiltIn.Analyzers.Names.Where(n => n.StartsWith("k8s", StringComparison.Ordinal)))}");
            return ExitCodes.Usage;
        }
        DateTimeOffset? fixedNow = null;
        if (o.Now is { } nowText)
        {
            if (!DateTimeOffset.TryParse(nowText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                ctx.Fail($"--now: '{nowText}' is not an RFC 3339 time");
                return ExitCodes.Usage;
            }
            fixedNow = parsed;
        }
        var live = o.Snapshots.Length == 0;
        if (live && o.Kubeconfig is null && o.Context is null && !o.InCluster && DefaultKubeconfig(ctx) is null)
        {
            ctx.Fail("give --snapshot PATH (kubectl dumps), or a live cluster with --kubeconfig/--context (or KUBECONFIG, ~/.kube/config) or --in-cluster");
            return ExitCodes.Usage;
        }
        if (o.TimeoutSeconds <= 0)
        {
            ctx.Fail("--timeout must be a positive number of seconds");
            return ExitCodes.Usage;
        }
        EvidenceSet evidence;
        if (live)
        {
            var read = await KubeApiSource.ReadAsync(new KubeApiOptions
            {
                Kubeconfig = o.Kubeconfig ?? (o.InCluster ? null : DefaultKubeconfig(ctx)),
                Context = o.Context,
                InCluster = o.InCluster,
                Namespace = o.Namespace,
                Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds),
            }, ct).ConfigureAwait(false);
            if (read.Evidence is null)
            {
                ctx.Fail(read.Error!);
                return ExitCodes.CannotRun;
            }
            evidence = read.Evidence;
        }
        else
        {
            var read = KubeSnapshot.Read(o.Snapshots, ctx.Time);
            if (read.Evidence is null)
            {
                ctx.Fail(read.Error!);
                return ExitCodes.CannotRun;
            }
            evidence = read.Evidence;
        }
        foreach (var w in evidence.Warnings)
        {
            ctx.Error.WriteLine($"warning: {w}");
        }
        if (evidence.Objects.Count == 0 && evidence.Events.Count == 0)
        {
            ctx.Fail("no Kubernetes objects or events could be read from " + evidence.Origin);
            return ExitCodes.CannotRun;
        }
        if (o.Namespace is { } only)
        {
            evidence.Objects.RemoveAll(x => x.Namespace is not null && x.Namespace != only);
            evidence.Events.RemoveAll(x => x.Involved.Namespace is not null && x.Involved.Namespace != only);
        }
        // A dump is analyzed as of its capture (its latest event); a live cluster as of now.
        var asOf = fixedNow ?? (live ? ctx.Time.GetUtcNow() : evidence.LatestTime() ?? ctx.Time.GetUtcNow());
        var analysis = new AnalysisContext(evidence, asOf);
        // Analyzers are independent and the tree is read-only: run them on all cores, then merge in registry order (deterministic output).
        var results = new AnalyzerResult[selected.Count];
        Parallel.For(0, selected.Count, i => results[i] = selected[i].Analyze(analysis));
        var findings = new List<Finding>();
        foreach (var r in results)
        {
            findings.AddRange(r.Findings);
            foreach (var w in r.Warnings)
            {
                ctx.Error.WriteLine($"warning: {w}");
            }
        }
        var ordered = findings.OrderByDescending(f => Rank(f.Severity)).ThenByDescending(f => f.Strength).ThenBy(f => f.Entity.ToString(), StringComparer.Ordinal).ToList();
        var causes = K8sCauses.Group(ordered);
        var mask = o.Anonymize ? new Masker(evidence, ordered) : null;
        var problems = ordered.Any(f => f.Severity != FindingSeverity.Info);
        if (o.Json)
        {
            WriteJson(ctx.Out, problems, asOf, ordered, causes, evidence, mask);
        }
        else
        {
            WriteText(ctx.Out, asOf, causes, evidence, mask);
        }
        return problems ? ExitCodes.Problems : ExitCodes.Ok;
    }

    private static string? DefaultKubeconfig(CliContext ctx)
    {
        if (ctx.Env("KUBECONFIG") is { Length: > 0 } env)
        {
            // kubectl merges a path list; the first existing file is the one that names the contexts we can use.
            return env.Split(Path.PathSeparator).FirstOrDefault(File.Exists) ?? env.Split(Path.PathSeparator)[0];
        }
        var home = ctx.Env("HOME") ?? ctx.Env("USERPROFILE");
        var path = home is null ? null : Path.Combine(home, ".kube", "config");
        return path is not null && File.Exists(path) ? path : null;
    }

    private static int Rank(FindingSeverity severity) => (int)severity;

    private static void WriteText(TextWriter w, DateTimeOffset asOf, IReadOnlyList<K8sCauses.Cause> causes, EvidenceSet evidence, Masker? mask)
    {
        string M(string s) => mask?.Apply(s) ?? s;
        var crit = causes.Count(c => c.Severity == FindingSeverity.Critical);
        var warn = causes.Count(c => c.Severity == FindingSeverity.Warning);
        var info = causes.Count - crit - warn;
        w.WriteLine($"{crit + warn} problem(s) ({crit} critical, {warn} warning), {info} note(s) in {evidence.Objects.Count} objects and {evidence.Events.Count} events, as of {asOf:yyyy-MM-dd HH:mm} UTC");
        foreach (var c in causes)
        {
            var f = c.Findings[0];
            w.WriteLine();
            w.WriteLine($"{c.Severity.ToString().ToUpperInvariant(),-8} {f.Kind}  {M(f.Title)}");
            var names = c.Findings.Select(x => x.Entity.Name).Distinct().ToList();
            if (names.Count > 1)
            {
                w.WriteLine($"  affects {names.Count} {f.Entity.Kind.ToLowerInvariant()}(s){(c.Deployment is { } d ? $" of deployment {M(d)}" : "")}: {M(string.Join(", ", names.Take(5)))}{(names.Count > 5 ? $" (+{names.Count - 5} more)" : "")}");
            }
            foreach (var e in f.Evidence.Take(3))
            {
                w.WriteLine($"  evidence: {M(e.ToString())}{(e.Excerpt is { Length: > 0 } x ? $" = {M(Short(x))}" : "")}");
            }
            foreach (var cmd in f.Commands.Take(4))
            {
                w.WriteLine($"  run: {M(cmd)}");
            }
        }
    }

    private static string Short(string s) => s.Length <= 120 ? s : s[..120] + "…";

    private static void WriteJson(TextWriter w, bool problems, DateTimeOffset asOf, List<Finding> findings, IReadOnlyList<K8sCauses.Cause> causes, EvidenceSet evidence, Masker? mask)
    {
        string M(string s) => mask?.Apply(s) ?? s;
        using var buffer = new MemoryStream();
        using (var j = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            j.WriteStartObject();
            j.WriteString("status", problems ? "problems" : "healthy");
            j.WriteString("asOf", asOf.ToString("O", CultureInfo.InvariantCulture));
            j.WriteStartArray("findings");
            foreach (var f in findings)
            {
                j.WriteStartObject();
                j.WriteString("kind", f.Kind);
                j.WriteString("severity", f.Severity.ToString().ToLowerInvariant());
                j.WriteStartObject("entity");
                j.WriteString("kind", f.Entity.Kind);
                if (f.Entity.Namespace is { } ns)
                {
                    j.WriteString("namespace", M(ns));
                }
                else
                {
                    j.WriteNull("namespace");
                }
                j.WriteString("name", M(f.Entity.Name));
                j.WriteEndObject();
                j.WriteString("message", M(f.Title));
                j.WriteNumber("strength", Math.Round(f.Strength, 3));
                if (f.Start is { } s)
                {
                    j.WriteString("start", s.ToString("O", CultureInfo.InvariantCulture));
                }
                j.WriteString("analyzer", f.Analyzer);
                j.WriteStartArray("evidence");
                foreach (var e in f.Evidence)
                {
                    j.WriteStringValue(M(e.ToString() + (e.Excerpt is { Length: > 0 } x ? " = " + x : "")));
                }
                j.WriteEndArray();
                j.WriteStartArray("commands");
                foreach (var c in f.Commands)
                {
                    j.WriteStringValue(M(c));
                }
                j.WriteEndArray();
                j.WriteStartObject("attributes");
                foreach (var (k, v) in f.Attributes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    j.WriteString(k, M(v));
                }
                j.WriteEndObject();
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteStartArray("causes");
            foreach (var c in causes)
            {
                j.WriteStartObject();
                j.WriteString("kind", c.Findings[0].Kind);
                j.WriteString("severity", c.Severity.ToString().ToLowerInvariant());
                j.WriteString("message", M(c.Findings[0].Title));
                j.WriteNumber("count", c.Findings.Count);
                j.WriteStartArray("entities");
                foreach (var e in c.Findings.Select(x => x.Entity.ToString()).Distinct())
                {
                    j.WriteStringValue(M(e));
                }
                j.WriteEndArray();
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteStartArray("warnings");
            foreach (var wr in evidence.Warnings)
            {
                j.WriteStringValue(wr.ToString());
            }
            j.WriteEndArray();
            j.WriteEndObject();
        }
        w.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Replaces names (namespaces, objects, containers, nodes, images, referenced secrets) with stable placeholders.</summary>
    private sealed class Masker
    {
        private static readonly string[] SensitiveAttributes = ["container", "deployment", "node", "image", "missingName", "service", "secret", "pvc", "pv", "statefulset", "daemonset", "job", "cronjob", "oldImage", "newImage", "subject", "hpa", "ingress", "oldReplicaSet", "newReplicaSet", "networkpolicy", "podNames", "pdb", "quota", "refused", "missingKey", "storageClass"];
        private readonly List<(string Real, string Fake)> _pairs = [];

        public Masker(EvidenceSet evidence, List<Finding> findings)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            var counters = new Dictionary<string, int>(StringComparer.Ordinal);
            void See(string? real, string prefix)
            {
                if (string.IsNullOrEmpty(real) || real.Length < 3 || map.ContainsKey(real))
                {
                    return;
                }
                var n = counters[prefix] = counters.GetValueOrDefault(prefix) + 1;
                map[real] = $"{prefix}-{n}";
            }
            foreach (var o in evidence.Objects)
            {
                See(o.Namespace, "ns");
            }
            foreach (var f in findings)
            {
                See(f.Entity.Namespace, "ns");
                See(f.Entity.Name, f.Entity.Kind.ToLowerInvariant());
                foreach (var a in SensitiveAttributes)
                {
                    foreach (var part in (f.Attr(a) ?? "").Split(','))
                    {
                        See(part, a.ToLowerInvariant());
                    }
                }
            }
            foreach (var o in evidence.Objects)
            {
                See(o.Name, o.Kind.ToLowerInvariant());
            }
            // Longest first so "checkout-5d8f" is masked before "checkout".
            _pairs = map.OrderByDescending(kv => kv.Key.Length).Select(kv => (kv.Key, kv.Value)).ToList();
        }

        public string Apply(string text)
        {
            foreach (var (real, fake) in _pairs)
            {
                if (text.Contains(real, StringComparison.Ordinal))
                {
                    text = text.Replace(real, fake, StringComparison.Ordinal);
                }
            }
            return text;
        }
    }
}
