using System.CommandLine;
using System.Text.Json;
using Firefighter.Cli.Rendering;
using Firefighter.Evidence;
using Firefighter.Investigation;
using Firefighter.Reports;
using Firefighter.Sources.Kubernetes;

namespace Firefighter.Cli.Commands;

/// <summary><c>ff k8s scan</c>: diagnoses a cluster snapshot (kubectl dumps) or a live cluster (read-only list calls) and prints the problems grouped by cause.</summary>
public sealed class K8sCommand : ICliCommand
{
    private sealed record ScanOptions(string[] Snapshots, string? Kubeconfig, string? Context, bool InCluster, int TimeoutSeconds, string? Namespace, string[] Analyzers, DateTimeOffset? Now, bool Json, bool Anonymize);

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
        var now = TimeOptions.Time("--now", "Judge as of this time (default: the latest event time in a snapshot, the clock for a live cluster)");
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

    private static async Task<int> Scan(CliContext ctx, ScanOptions o, CancellationToken ct)
    {
        if (KubeScan.Select(o.Analyzers).Unknown is { Count: > 0 } unknown)
        {
            ctx.Fail($"unknown analyzer(s): {string.Join(", ", unknown)}; known: {string.Join(", ", BuiltIn.Analyzers.Names.Where(n => n.StartsWith("k8s", StringComparison.Ordinal)))}");
            return ExitCodes.Usage;
        }
        var live = o.Snapshots.Length == 0;
        var kubeconfig = o.Kubeconfig ?? (o.InCluster ? null : CollectOptionsCli.DefaultKubeconfig(ctx));
        if (live && kubeconfig is null && o.Context is null && !o.InCluster)
        {
            ctx.Fail("give --snapshot PATH (kubectl dumps), or a live cluster with --kubeconfig/--context (or KUBECONFIG, ~/.kube/config) or --in-cluster");
            return ExitCodes.Usage;
        }
        if (o.TimeoutSeconds <= 0)
        {
            ctx.Fail("--timeout must be a positive number of seconds");
            return ExitCodes.Usage;
        }
        using var gc = live ? null : GcHold.For(GcHold.SizeOf(o.Snapshots));
        var (evidence, error) = live
            ? await ReadLive(o, kubeconfig, ct).ConfigureAwait(false)
            : KubeSnapshot.Read(o.Snapshots, ctx.Time) is var read ? (read.Evidence, read.Error) : default;
        if (evidence is null)
        {
            ctx.Fail(error!);
            return ExitCodes.CannotRun;
        }
        if (evidence.Objects.Count == 0 && evidence.Events.Count == 0)
        {
            foreach (var w in evidence.Warnings)
            {
                ctx.Error.WriteLine($"warning: {w}");
            }
            ctx.Fail("no Kubernetes objects or events could be read from " + evidence.Origin);
            return ExitCodes.CannotRun;
        }
        var report = KubeScan.Run(evidence, new KubeScan.Options(o.Analyzers, o.Now, o.Namespace, o.Anonymize, live, ctx.Time.GetUtcNow()));
        foreach (var w in report.Warnings)
        {
            ctx.Error.WriteLine($"warning: {w}");
        }
        if (o.Json)
        {
            ctx.Out.WriteLine(JsonSerializer.Serialize(report, CommandJsonContext.Default.KubeScanReport));
        }
        else
        {
            KubeScanText.Write(ctx.Out, report);
        }
        return report.Status == "problems" ? ExitCodes.Problems : ExitCodes.Ok;
    }

    private static async Task<(EvidenceSet?, string?)> ReadLive(ScanOptions o, string? kubeconfig, CancellationToken ct)
    {
        var read = await KubeApiSource.ReadAsync(new KubeApiOptions
        {
            Kubeconfig = kubeconfig,
            Context = o.Context,
            InCluster = o.InCluster,
            Namespace = o.Namespace,
            Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds),
        }, ct).ConfigureAwait(false);
        return (read.Evidence, read.Error);
    }
}
