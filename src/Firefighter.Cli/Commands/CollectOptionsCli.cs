using System.CommandLine;
using Firefighter.Sources.Collect;
using Firefighter.Sources.Kubernetes;
using Firefighter.Sources.Prometheus;

namespace Firefighter.Cli.Commands;

/// <summary>The live-source options <c>ff collect</c>, <c>ff investigate --live</c> and <c>ff serve</c> share.</summary>
public sealed class CollectOptionsCli
{
    private readonly Option<string?> _alert = new("--alert") { Description = "Alertmanager webhook payload (JSON file, version 4) whose labels and startsAt scope the collection" };
    private readonly Option<string?> _kubeconfig = new("--kubeconfig") { Description = "kubeconfig of the cluster to read (default: KUBECONFIG, then ~/.kube/config)" };
    private readonly Option<string?> _context = new("--context") { Description = "kubeconfig context (default: its current-context)" };
    private readonly Option<bool> _inCluster = new("--in-cluster") { Description = "Use the pod's service account (when ff runs inside the cluster)" };
    private readonly Option<bool> _noKube = new("--no-kube") { Description = "Do not read the Kubernetes API" };
    private readonly Option<string?> _namespace = new("--namespace", "-n") { Description = "Namespace to collect when the alert names none" };
    private readonly Option<string?> _prometheus = new("--prometheus") { Description = "Prometheus (or Thanos/Mimir) base URL" };
    private readonly Option<string?> _loki = new("--loki") { Description = "Loki base URL" };
    private readonly Option<string[]> _query = new("--query") { Description = "Extra PromQL to fetch over the window (bare counters are pushed down as rate()); repeatable", AllowMultipleArgumentsPerToken = true };
    private readonly Option<TimeSpan?> _lookback = TimeOptions.Duration("--lookback", "How far before the alert's startsAt the window opens (default 3h)");
    private readonly Option<int> _maxPods = new("--max-pods") { Description = "Most pods whose container logs are read", DefaultValueFactory = _ => 30 };
    private readonly Option<int> _maxLogKib = new("--max-log-kib") { Description = "Most KiB kept of one container log", DefaultValueFactory = _ => 4096 };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _alert, _kubeconfig, _context, _inCluster, _noKube, _namespace, _prometheus, _loki, _query, _lookback, _maxPods, _maxLogKib })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>Whether an alert file was given.</summary>
    public string? AlertPath(ParseResult parse) => parse.GetValue(_alert);

    /// <summary>Builds the collect options, or a usage error.</summary>
    public (CollectOptions? Options, string? Error) Read(CliContext context, ParseResult parse)
    {
        string? alertJson = null;
        if (parse.GetValue(_alert) is { } alertPath)
        {
            try
            {
                alertJson = File.ReadAllText(alertPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (null, $"{alertPath}: cannot read the alert: {e.Message}");
            }
        }
        Uri? prometheus = null, loki = null;
        if (parse.GetValue(_prometheus) is { } p && !Uri.TryCreate(p, UriKind.Absolute, out prometheus))
        {
            return (null, $"--prometheus: '{p}' is not an absolute URL");
        }
        if (parse.GetValue(_loki) is { } l && !Uri.TryCreate(l, UriKind.Absolute, out loki))
        {
            return (null, $"--loki: '{l}' is not an absolute URL");
        }
        KubeApiOptions? kube = null;
        if (!parse.GetValue(_noKube))
        {
            var inCluster = parse.GetValue(_inCluster);
            var kubeconfig = parse.GetValue(_kubeconfig) ?? (inCluster ? null : DefaultKubeconfig(context));
            if (inCluster || kubeconfig is not null || parse.GetValue(_context) is not null)
            {
                kube = new KubeApiOptions { Kubeconfig = kubeconfig, Context = parse.GetValue(_context), InCluster = inCluster };
            }
        }
        if (parse.GetValue(_maxPods) < 0 || parse.GetValue(_maxLogKib) <= 0)
        {
            return (null, "--max-pods must be 0 or more and --max-log-kib positive");
        }
        var token = context.Env("FF_PROMETHEUS_TOKEN");
        return (new CollectOptions
        {
            AlertJson = alertJson,
            Namespace = parse.GetValue(_namespace),
            Lookback = parse.GetValue(_lookback) ?? TimeSpan.FromHours(3),
            Kube = kube,
            Prometheus = prometheus,
            PrometheusOptions = new PrometheusClientOptions { BearerToken = token },
            Loki = loki,
            LokiToken = context.Env("FF_LOKI_TOKEN"),
            Queries = parse.GetValue(_query) ?? [],
            MaxPods = parse.GetValue(_maxPods),
            MaxLogBytes = (long)parse.GetValue(_maxLogKib) << 10,
        }, null);
    }

    /// <summary>The kubeconfig kubectl would use: the first existing file of KUBECONFIG, else ~/.kube/config when it exists.</summary>
    internal static string? DefaultKubeconfig(CliContext ctx)
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
}
