using System.Diagnostics;
using System.Globalization;
using System.Text;
using Firefighter.Evidence;
using Firefighter.Investigation;
using Firefighter.Kubernetes;

namespace Firefighter.Bench.Kubernetes;

/// <summary>Scans a synthetic snapshot (default 5,000 pods in 20,000 objects) and prints parse and analysis time and peak memory.</summary>
public sealed class K8sScanHarness : IHarness
{
    /// <inheritdoc />
    public string Name => "k8s-scan";

    /// <inheritdoc />
    public string Description => "k8s scan of a synthetic N-pod snapshot (default 5000 pods / 20000 objects): time and peak memory";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        var pods = args.Length > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 5000;
        var json = Generate(pods);
        Console.WriteLine($"snapshot: {pods} pods, {json.Length / 1e6:F1} MB of JSON");
        var sw = Stopwatch.StartNew();
        var evidence = new EvidenceSet();
        KubeYaml.ReadInto(evidence, json, "bench.json");
        var parse = sw.Elapsed;
        foreach (var w in evidence.Warnings.Take(3))
        {
            Console.WriteLine($"warning: {w}");
        }
        var (analyzers, _) = AnalyzerRegistry.BuiltIn.Select(["k8s"]);
        var context = new AnalysisContext(evidence, new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var findings = analyzers.AsParallel().SelectMany(a => a.Analyze(context).Findings).Count();
        var total = sw.Elapsed;
        using var proc = Process.GetCurrentProcess();
        Console.WriteLine($"objects: {evidence.Objects.Count}, events: {evidence.Events.Count}, findings: {findings}");
        Console.WriteLine($"parse: {parse.TotalMilliseconds:F0} ms, analyze: {(total - parse).TotalMilliseconds:F0} ms, total: {total.TotalMilliseconds:F0} ms, peak working set: {proc.PeakWorkingSet64 / 1e6:F0} MB");
        return 0;
    }

    /// <summary>Deployments with ReplicaSets, pods (2% crash-looping, 1% image pull failures), services and events, like <c>kubectl get all -A -o json</c>.</summary>
    private static string Generate(int pods)
    {
        var sb = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[");
        var perDeploy = 5;
        var deploys = pods / perDeploy;
        var first = true;
        void Item(string s)
        {
            if (!first)
            {
                sb.Append(',');
            }
            first = false;
            sb.Append(s);
        }
        for (var d = 0; d < deploys; d++)
        {
            var ns = $"team-{d % 40}";
            var name = $"svc-{d}";
            var hash = $"{d:D6}bc9";
            Item(string.Concat("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"", (name).ToString(), "\",\"namespace\":\"", (ns).ToString(), "\",\"annotations\":{\"deployment.kubernetes.io/revision\":\"2\"}},\"spec\":{\"replicas\":", (perDeploy).ToString(), ",\"selector\":{\"matchLabels\":{\"app\":\"", (name).ToString(), "\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"", (name).ToString(), "\"}},\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"registry/", (name).ToString(), ":2\",\"resources\":{\"limits\":{\"memory\":\"512Mi\",\"cpu\":\"500m\"}}}]}}},\"status\":{\"replicas\":", (perDeploy).ToString(), ",\"availableReplicas\":", (perDeploy).ToString(), ",\"readyReplicas\":", (perDeploy).ToString(), ",\"updatedReplicas\":", (perDeploy).ToString(), "}}"));
            Item(string.Concat("{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"metadata\":{\"name\":\"", (name).ToString(), "-", (hash).ToString(), "\",\"namespace\":\"", (ns).ToString(), "\",\"annotations\":{\"deployment.kubernetes.io/revision\":\"2\"},\"labels\":{\"pod-template-hash\":\"", (hash).ToString(), "\"},\"ownerReferences\":[{\"kind\":\"Deployment\",\"name\":\"", (name).ToString(), "\"}]},\"spec\":{\"replicas\":", (perDeploy).ToString(), ",\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"registry/", (name).ToString(), ":2\"}]}}},\"status\":{\"replicas\":", (perDeploy).ToString(), ",\"readyReplicas\":", (perDeploy).ToString(), "}}"));
            Item(string.Concat("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"", (name).ToString(), "\",\"namespace\":\"", (ns).ToString(), "\"},\"spec\":{\"selector\":{\"app\":\"", (name).ToString(), "\"},\"ports\":[{\"port\":80,\"targetPort\":8080}]}}"));
            for (var p = 0; p < perDeploy; p++)
            {
                var i = (d * perDeploy) + p;
                var pod = $"{name}-{hash}-x{p:D4}";
                var state = (i % 50) switch
                {
                    0 => """{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 5m0s"}},"lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled","finishedAt":"2025-06-01T11:55:00Z"}}""",
                    1 => """{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image"}}""",
                    _ => """{"running":{"startedAt":"2025-05-30T10:00:00Z"}},"lastState":{}""",
                };
                var ready = i % 50 > 1 ? "true" : "false";
                var readyCond = i % 50 > 1 ? "True" : "False";
                var restarts = i % 50 == 0 ? 12 : 0;
                var reason = i % 50 == 1 ? "Failed" : "Scheduled";
                var type = i % 50 == 1 ? "Warning" : "Normal";
                var msg = i % 50 == 1 ? "Failed to pull image: manifest unknown" : "Successfully assigned";
                var node = i % 100;
                Item(string.Concat("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"", (pod).ToString(), "\",\"namespace\":\"", (ns).ToString(), "\",\"labels\":{\"app\":\"", (name).ToString(), "\",\"pod-template-hash\":\"", (hash).ToString(), "\"},\"ownerReferences\":[{\"kind\":\"ReplicaSet\",\"name\":\"", (name).ToString(), "-", (hash).ToString(), "\"}],\"creationTimestamp\":\"2025-05-30T10:00:00Z\"},\"spec\":{\"nodeName\":\"node-", (node).ToString(), "\",\"containers\":[{\"name\":\"app\",\"image\":\"registry/", (name).ToString(), ":2\",\"ports\":[{\"containerPort\":8080,\"name\":\"http\"}],\"resources\":{\"limits\":{\"memory\":\"512Mi\"}},\"readinessProbe\":{\"httpGet\":{\"path\":\"/ready\",\"port\":8080}}}]},\"status\":{\"phase\":\"Running\",\"startTime\":\"2025-05-30T10:00:00Z\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"", (readyCond).ToString(), "\"}],\"containerStatuses\":[{\"name\":\"app\",\"image\":\"registry/", (name).ToString(), ":2\",\"ready\":", (ready).ToString(), ",\"restartCount\":", (restarts).ToString(), ",\"state\":", (state).ToString(), "}]}}"));
                Item(string.Concat("{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{\"name\":\"", (pod).ToString(), ".1\",\"namespace\":\"", (ns).ToString(), "\"},\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"", (pod).ToString(), "\",\"namespace\":\"", (ns).ToString(), "\"},\"reason\":\"", (reason).ToString(), "\",\"type\":\"", (type).ToString(), "\",\"message\":\"", (msg).ToString(), "\",\"count\":1,\"lastTimestamp\":\"2025-06-01T11:59:00Z\"}"));
            }
        }
        for (var i = 0; i < 100; i++)
        {
            Item(string.Concat("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"node-", (i).ToString(), "\"},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"},{\"type\":\"MemoryPressure\",\"status\":\"False\"}]}}"));
        }
        sb.Append("]}");
        return sb.ToString();
    }
}
