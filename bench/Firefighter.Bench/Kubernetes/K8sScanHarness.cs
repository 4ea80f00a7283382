using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Firefighter.Testing;
using Firefighter.Analysis;
using Firefighter.Investigation;

namespace Firefighter.Bench.Kubernetes;

/// <summary>Runs <c>ff k8s scan --snapshot</c> as a separate process on a synthetic snapshot (default 5,000 pods in about 20,000 objects, about 45 MB of JSON)
/// and prints wall, CPU and peak RSS, then the read/analyze split measured in-process.</summary>
public sealed class K8sScanHarness : IHarness
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public string Name => "k8s-scan";

    /// <inheritdoc />
    public string Description => "ff k8s scan --snapshot on a synthetic N-pod snapshot (args: pods=5000 runs=3): wall, cpu, peak RSS of the CLI process";

    /// <inheritdoc />
    public int Run(string[] args)
    {
        if (args is ["--write", var target, ..])
        {
            // For profiling ff by hand on the same snapshot: k8s-scan --write FILE [pods].
            File.WriteAllText(target, Generate(args.Length > 2 && int.TryParse(args[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 5000));
            Console.WriteLine($"wrote {target}");
            return 0;
        }
        var pods = args.Length > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 5000;
        var runs = args.Length > 1 && int.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) ? Math.Max(1, r) : 3;
        var ff = RepoPaths.InRepo("artifacts", "ff", "ff.dll");
        if (!File.Exists(ff))
        {
            Console.Error.WriteLine($"{ff} not found: build the CLI first with ./ff --version");
            return 3;
        }
        var path = Path.Combine(Path.GetTempPath(), $"ff-k8s-bench-{Environment.ProcessId}.json");
        File.WriteAllText(path, Generate(pods));
        try
        {
            GC.Collect();
            Console.WriteLine($"{TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            Console.WriteLine($"snapshot: {pods} pods, {new FileInfo(path).Length / 1e6:F1} MB of JSON (kubectl get -o json shape, with managedFields, one item per line)");
            Console.WriteLine($"user path: dotnet artifacts/ff/ff.dll k8s scan --snapshot FILE --json > /dev/null ({runs} runs, separate processes)");
            var results = new List<(double Wall, double Cpu, double PeakMb)>();
            for (var i = 0; i < runs; i++)
            {
                var (wall, cpu, peak, exit, findings) = RunCli(ff, path);
                results.Add((wall, cpu, peak));
                Console.WriteLine($"  run {i + 1}: wall {wall:F2} s, cpu {cpu:F2} s, peak RSS {peak:F0} MB, exit {exit}, findings {findings}, load average {LoadAverage()}");
            }
            var best = results.OrderBy(x => x.Wall).First();
            var median = results.OrderBy(x => x.Wall).ElementAt(results.Count / 2);
            Console.WriteLine($"headline: median wall {median.Wall:F2} s (best {best.Wall:F2} s), cpu {median.Cpu:F2} s, peak RSS {results.Max(x => x.PeakMb):F0} MB (targets: < 2 s, < 500 MB)");
            InProcess(path);
        }
        finally
        {
            File.Delete(path);
        }
        return 0;
    }

    /// <summary>Runs the CLI as the user does, measuring wall, CPU (user + sys) and peak RSS with /usr/bin/time, or by polling VmHWM without it.</summary>
    private static (double Wall, double Cpu, double PeakMb, int Exit, int Findings) RunCli(string ff, string snapshot)
    {
        var timed = File.Exists("/usr/bin/time");
        var psi = new ProcessStartInfo(timed ? "/usr/bin/time" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (timed)
        {
            foreach (var a in new[] { "-f", "ffbench %e %U %S %M", "dotnet" })
            {
                psi.ArgumentList.Add(a);
            }
        }
        foreach (var a in new[] { ff, "k8s", "scan", "--snapshot", snapshot, "--json" })
        {
            psi.ArgumentList.Add(a);
        }
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        long hwmKb = 0;
        while (!p.WaitForExit(20))
        {
            hwmKb = Math.Max(hwmKb, VmHwmKb(p.Id));
        }
        p.WaitForExit();
        var err = stderr.GetAwaiter().GetResult();
        var output = stdout.GetAwaiter().GetResult();
        var wall = sw.Elapsed.TotalSeconds;
        var cpu = double.NaN;
        var timeLine = err.Split('\n').LastOrDefault(l => l.StartsWith("ffbench ", StringComparison.Ordinal));
        if (timeLine is not null)
        {
            var f = timeLine.Split(' ');
            wall = double.Parse(f[1], CultureInfo.InvariantCulture);
            cpu = double.Parse(f[2], CultureInfo.InvariantCulture) + double.Parse(f[3], CultureInfo.InvariantCulture);
            hwmKb = long.Parse(f[4], CultureInfo.InvariantCulture);
        }
        var findings = -1;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(output);
            findings = doc.RootElement.TryGetProperty("findings", out var fs) ? fs.GetArrayLength() : -1;
        }
        catch (System.Text.Json.JsonException)
        {
            Console.WriteLine("  (stdout was not one JSON document) " + err[..Math.Min(300, err.Length)]);
        }
        return (wall, cpu, hwmKb / 1024.0, p.ExitCode, findings);
    }

    private static long VmHwmKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // The process exited between polls.
        }
        return 0;
    }

    /// <summary>The same work in this process, split into reading (file → bundle k8s/ readers → objects) and analyzing, for diagnosis.</summary>
    /// <remarks>Unlike the CLI, this process does not hold the GC off, so the GC counts and pauses show what collections would cost.</remarks>
    private static void InProcess(string path)
    {
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var pauseBefore = GC.GetTotalPauseDuration();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var g0 = GC.CollectionCount(0);
        var g1 = GC.CollectionCount(1);
        var g2 = GC.CollectionCount(2);
        var read = Firefighter.Sources.Kubernetes.KubeSnapshot.Read([path], TimeProvider.System);
        var readGcs = $"{GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2}";
        var readTime = sw.Elapsed;
        var readPause = GC.GetTotalPauseDuration() - pauseBefore;
        var cpuRead = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var evidence = read.Evidence!;
        foreach (var w in evidence.Warnings.Take(3))
        {
            Console.WriteLine($"warning: {w}");
        }
        var (analyzers, _) = BuiltIn.Analyzers.Select(["k8s"]);
        var context = new AnalysisContext(evidence, Now);
        var timings = new ConcurrentBag<(string Name, double Ms)>();
        var findings = analyzers.AsParallel().SelectMany(a =>
        {
            var t = Stopwatch.StartNew();
            var found = a.Analyze(context).Findings;
            timings.Add((a.Name, t.Elapsed.TotalMilliseconds));
            return found;
        }).ToList();
        var total = sw.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var held = GC.GetTotalMemory(forceFullCollection: false) - before;
        Console.WriteLine($"in-process: objects {evidence.Objects.Count}, events {evidence.Events.Count}, findings {findings.Count} ({string.Join(", ", findings.GroupBy(f => f.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))})");
        Console.WriteLine($"  read (KubeSnapshot.Read, line numbers kept): {readTime.TotalMilliseconds:F0} ms ({cpuRead.TotalMilliseconds:F0} ms cpu); analyze (parallel): {(total - readTime).TotalMilliseconds:F0} ms; total cpu {cpu.TotalMilliseconds:F0} ms; GCs (gen0/1/2) {readGcs} in read, {GC.CollectionCount(0) - g0}/{GC.CollectionCount(1) - g1}/{GC.CollectionCount(2) - g2} in all; GC pauses {readPause.TotalMilliseconds:F0} ms in read, {(GC.GetTotalPauseDuration() - pauseBefore - readPause).TotalMilliseconds:F0} ms in analyze; managed heap held {held / 1e6:F0} MB");
        Console.WriteLine($"  slowest analyzers (parallel, first run): {string.Join(", ", timings.OrderByDescending(x => x.Ms).Take(4).Select(x => $"{x.Name} {x.Ms:F0} ms"))}");
        var again = new List<(string Name, double Ms)>();
        foreach (var a in analyzers)
        {
            var t = Stopwatch.StartNew();
            a.Analyze(context);
            again.Add((a.Name, t.Elapsed.TotalMilliseconds));
        }
        Console.WriteLine($"  analyzers again (one thread, warm): total {again.Sum(x => x.Ms):F0} ms; {string.Join(", ", again.OrderByDescending(x => x.Ms).Take(5).Select(x => $"{x.Name} {x.Ms:F0} ms"))}");
        GC.KeepAlive(evidence);
    }

    /// <summary>Per deployment of five pods: the Deployment, its current and previous ReplicaSet, a Service, Endpoints, a ConfigMap, a Secret,
    /// the pods (2% crash-looping, 1% failing image pulls) and their events; per namespace a quota, a PDB and a NetworkPolicy; 100 nodes.</summary>
    private static string Generate(int pods)
    {
        var sb = new StringBuilder(capacity: pods * 10_500);
        sb.Append("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"\"},\"items\":[");
        var first = true;
        void Item(string s)
        {
            if (!first)
            {
                // One item per line, so the line numbers cited for each object are exercised.
                sb.Append(",\n");
            }
            first = false;
            sb.Append(s);
        }
        const int perDeploy = 5;
        var deploys = Math.Max(1, pods / perDeploy);
        for (var d = 0; d < deploys; d++)
        {
            var ns = $"team-{d % 40}";
            var name = $"svc-{d}";
            var hash = $"{d:D6}bc9";
            var oldHash = $"{d:D6}xk4";
            var template = Template(name, ns, "2");
            Item(Fill("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%0%","namespace":"%1%","uid":"%2%","generation":2,"creationTimestamp":"2025-05-01T10:00:00Z","labels":{"app":"%3%","team":"%4%"},"annotations":{"deployment.kubernetes.io/revision":"2"},"managedFields":%5%},"spec":{"replicas":%6%,"revisionHistoryLimit":10,"progressDeadlineSeconds":600,"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},"selector":{"matchLabels":{"app":"%7%"}},"template":%8%},"status":{"observedGeneration":2,"replicas":%9%,"availableReplicas":%10%,"readyReplicas":%11%,"updatedReplicas":%12%,"conditions":[{"type":"Available","status":"True","reason":"MinimumReplicasAvailable","lastTransitionTime":"2025-05-30T10:02:00Z"},{"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable","lastTransitionTime":"2025-05-30T10:02:00Z"}]}}""", name, ns, Uid(d, 1), name, ns, ManagedFields("kubectl-client-side-apply"), perDeploy, name, template, perDeploy, perDeploy, perDeploy, perDeploy));
            Item(Fill("""{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"%0%-%1%","namespace":"%2%","uid":"%3%","creationTimestamp":"2025-05-30T10:00:00Z","annotations":{"deployment.kubernetes.io/revision":"2"},"labels":{"app":"%4%","pod-template-hash":"%5%"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"%6%","uid":"%7%","controller":true}]},"spec":{"replicas":%8%,"selector":{"matchLabels":{"app":"%9%","pod-template-hash":"%10%"}},"template":%11%},"status":{"replicas":%12%,"readyReplicas":%13%,"availableReplicas":%14%}}""", name, hash, ns, Uid(d, 2), name, hash, name, Uid(d, 1), perDeploy, name, hash, template, perDeploy, perDeploy, perDeploy));
            Item(Fill("""{"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"%0%-%1%","namespace":"%2%","uid":"%3%","creationTimestamp":"2025-05-01T10:00:00Z","annotations":{"deployment.kubernetes.io/revision":"1"},"labels":{"app":"%4%","pod-template-hash":"%5%"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"%6%","uid":"%7%","controller":true}]},"spec":{"replicas":0,"selector":{"matchLabels":{"app":"%8%","pod-template-hash":"%9%"}},"template":%10%},"status":{"replicas":0}}""", name, oldHash, ns, Uid(d, 3), name, oldHash, name, Uid(d, 1), name, oldHash, Template(name, ns, "1")));
            Item(Fill("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"%0%","namespace":"%1%","uid":"%2%","labels":{"app":"%3%"}},"spec":{"type":"ClusterIP","clusterIP":"10.96.%4%.%5%","selector":{"app":"%6%"},"ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":8080}]}}""", name, ns, Uid(d, 4), name, d / 250, d % 250, name));
            var addresses = string.Join(",", Enumerable.Range(0, perDeploy).Select(p => Fill("""{"ip":"10.1.%0%.%1%","nodeName":"node-%2%","targetRef":{"kind":"Pod","namespace":"%3%","name":"%4%-%5%-x%6%"}}""", d / 250, (d % 250) + p, ((d * perDeploy) + p) % 100, ns, name, hash, p.ToString("D4", CultureInfo.InvariantCulture))));
            Item(Fill("""{"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"%0%","namespace":"%1%"},"subsets":[{"addresses":[%2%],"ports":[{"name":"http","port":8080,"protocol":"TCP"}]}]}""", name, ns, addresses));
            Item(Fill("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"%0%-config","namespace":"%1%"},"data":{"LOG_LEVEL":"","FEATURE_FLAGS":"","UPSTREAM_URL":""}}""", name, ns));
            Item(Fill("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"%0%-db","namespace":"%1%"},"type":"Opaque","data":{"url":"","password":""}}""", name, ns));
            for (var p = 0; p < perDeploy; p++)
            {
                var i = (d * perDeploy) + p;
                var pod = $"{name}-{hash}-x{p:D4}";
                var state = (i % 50) switch
                {
                    0 => """{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 5m0s restarting failed container"}},"lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled","startedAt":"2025-06-01T11:50:00Z","finishedAt":"2025-06-01T11:55:00Z"}}""",
                    1 => """{"waiting":{"reason":"ImagePullBackOff","message":"Back-off pulling image"}},"lastState":{}""",
                    _ => """{"running":{"startedAt":"2025-05-30T10:00:00Z"}},"lastState":{}""",
                };
                var ready = i % 50 > 1 ? "true" : "false";
                var readyCond = i % 50 > 1 ? "True" : "False";
                var restarts = i % 50 == 0 ? 12 : 0;
                var node = i % 100;
                Item(Fill("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"%0%","namespace":"%1%","uid":"%2%","generateName":"%3%-%4%-","creationTimestamp":"2025-05-30T10:00:00Z","labels":{"app":"%5%","team":"%6%","pod-template-hash":"%7%"},"ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"%8%-%9%","uid":"%10%","controller":true,"blockOwnerDeletion":true}],"managedFields":%11%},"spec":%12%,"status":{"phase":"Running","hostIP":"10.0.0.%13%","podIP":"10.1.%14%.%15%","qosClass":"Burstable","startTime":"2025-05-30T10:00:00Z","conditions":[{"type":"PodReadyToStartContainers","status":"True","lastTransitionTime":"2025-05-30T10:00:05Z"},{"type":"Initialized","status":"True","lastTransitionTime":"2025-05-30T10:00:01Z"},{"type":"Ready","status":"%16%","lastTransitionTime":"2025-05-30T10:00:30Z"},{"type":"ContainersReady","status":"%17%","lastTransitionTime":"2025-05-30T10:00:30Z"},{"type":"PodScheduled","status":"True","lastTransitionTime":"2025-05-30T10:00:00Z"}],"containerStatuses":[{"name":"app","image":"registry.example.com/%18%:2","imageID":"registry.example.com/%19%@sha256:%20%%21%","containerID":"containerd://%22%","ready":%23%,"started":%24%,"restartCount":%25%,"state":%26%},{"name":"proxy","image":"envoyproxy/envoy:v1.30.1","imageID":"docker.io/envoyproxy/envoy@sha256:%27%","containerID":"containerd://%28%","ready":true,"started":true,"restartCount":0,"state":{"running":{"startedAt":"2025-05-30T10:00:02Z"}},"lastState":{}}]}}""", pod, ns, Uid(i, 9), name, hash, name, ns, hash, name, hash, Uid(d, 2), ManagedFields("kube-controller-manager"), PodSpec(name, "2", $"\"nodeName\":\"node-{node}\","), node, d / 250, (d % 250) + p, readyCond, readyCond, name, name, Uid(d, 7), Uid(d, 8), Uid(i, 5), ready, ready, restarts, state, Uid(1, 7), Uid(i, 6)));
                var (reason, type, msg) = (i % 50) switch
                {
                    0 => ("BackOff", "Warning", $"Back-off restarting failed container app in pod {pod}_{ns}"),
                    1 => ("Failed", "Warning", $"Failed to pull image \\\"registry.example.com/{name}:2\\\": rpc error: code = NotFound desc = manifest unknown"),
                    _ => ("Scheduled", "Normal", $"Successfully assigned {ns}/{pod} to node-{node}"),
                };
                Item(Fill("""{"apiVersion":"v1","kind":"Event","metadata":{"name":"%0%.17d%1%","namespace":"%2%","uid":"%3%"},"involvedObject":{"apiVersion":"v1","kind":"Pod","name":"%4%","namespace":"%5%","uid":"%6%","fieldPath":"spec.containers{app}"},"reason":"%7%","type":"%8%","message":"%9%","source":{"component":"kubelet","host":"node-%10%"},"count":%11%,"firstTimestamp":"2025-06-01T11:20:00Z","lastTimestamp":"2025-06-01T11:59:00Z","reportingComponent":"kubelet","reportingInstance":"node-%12%"}""", pod, i.ToString("x5", CultureInfo.InvariantCulture), ns, Uid(i, 4), pod, ns, Uid(i, 9), reason, type, msg, node, (i % 50 == 0 ? 40 : 1), node));
            }
            foreach (var (reason, obj, msg) in new[] { ("ScalingReplicaSet", $"Deployment\",\"name\":\"{name}", $"Scaled up replica set {name}-{hash} to {perDeploy}"), ("ScalingReplicaSet", $"Deployment\",\"name\":\"{name}", $"Scaled down replica set {name}-{oldHash} to 0 from {perDeploy}"), ("SuccessfulCreate", $"ReplicaSet\",\"name\":\"{name}-{hash}", $"Created pod: {name}-{hash}-x0000") })
            {
                Item(Fill("""{"apiVersion":"v1","kind":"Event","metadata":{"name":"%0%.%1%.%2%","namespace":"%3%"},"involvedObject":{"apiVersion":"apps/v1","kind":"%4%","namespace":"%5%"},"reason":"%6%","type":"Normal","message":"%7%","source":{"component":"deployment-controller"},"count":1,"firstTimestamp":"2025-05-30T10:00:00Z","lastTimestamp":"2025-05-30T10:00:00Z"}""", name, reason, msg.Length, ns, obj, ns, reason, msg));
            }
        }
        for (var t = 0; t < 40; t++)
        {
            var ns = $"team-{t}";
            Item(Fill("""{"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"compute","namespace":"%0%"},"spec":{"hard":{"pods":"500","requests.cpu":"200","requests.memory":"400Gi"}},"status":{"hard":{"pods":"500","requests.cpu":"200","requests.memory":"400Gi"},"used":{"pods":"125","requests.cpu":"31250m","requests.memory":"32000Mi"}}}""", ns));
            Item(Fill("""{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"default-pdb","namespace":"%0%"},"spec":{"maxUnavailable":1,"selector":{"matchLabels":{"team":"%1%"}}},"status":{"disruptionsAllowed":1,"currentHealthy":122,"desiredHealthy":121,"expectedPods":125}}""", ns, ns));
            Item(Fill("""{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"egress","namespace":"%0%"},"spec":{"podSelector":{"matchExpressions":[{"key":"team","operator":"Exists"}]},"policyTypes":["Egress"],"egress":[{"ports":[{"protocol":"UDP","port":53},{"protocol":"TCP","port":53}]},{"to":[{"namespaceSelector":{"matchLabels":{"team":"%1%"}}}]}]}}""", ns, ns));
        }
        for (var i = 0; i < 100; i++)
        {
            Item(Fill("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-%0%","labels":{"kubernetes.io/hostname":"node-%1%","node.kubernetes.io/instance-type":"m6i.2xlarge","topology.kubernetes.io/zone":"eu-west-1%2%"}},"spec":{"podCIDR":"10.1.%3%.0/24"},"status":{"capacity":{"cpu":"8","memory":"32Gi","pods":"110"},"allocatable":{"cpu":"7910m","memory":"31Gi","pods":"110"},"conditions":[{"type":"MemoryPressure","status":"False","reason":"KubeletHasSufficientMemory"},{"type":"DiskPressure","status":"False","reason":"KubeletHasNoDiskPressure"},{"type":"PIDPressure","status":"False","reason":"KubeletHasSufficientPID"},{"type":"Ready","status":"True","reason":"KubeletReady","message":"kubelet is posting ready status"}],"nodeInfo":{"kubeletVersion":"v1.30.2","containerRuntimeVersion":"containerd://1.7.13","osImage":"Ubuntu 22.04.4 LTS"}}}""", i, i, (char)('a' + (i % 3)), i));
        }
        sb.Append("]}");
        return sb.ToString();
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>Replaces %0%, %1%... with the values (JSON is full of braces, so no interpolated strings).</summary>
    private static string Fill(string template, params object[] values)
    {
        var sb = new StringBuilder(template);
        for (var i = values.Length - 1; i >= 0; i--)
        {
            sb.Replace($"%{i}%", Convert.ToString(values[i], CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string Uid(int i, int salt) => $"{salt:x8}-{i >> 16:x4}-4{i & 0xfff:x3}-8{salt:x3}-{i:x12}";

    private static string Template(string name, string ns, string version) =>
        Fill("""{"metadata":{"labels":{"app":"%0%","team":"%1%"},"annotations":{"prometheus.io/scrape":"true","prometheus.io/port":"9090"}},"spec":%2%}""", name, ns, PodSpec(name, version, ""));

    private static string PodSpec(string name, string version, string extra)
    {
        var env = string.Join(",", Enumerable.Range(0, 12).Select(e => Fill("""{"name":"SETTING_%0%","value":"value-%1%-for-%2%"}""", e, e, name)));
        return Fill("""{%0%"serviceAccountName":"default","restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","schedulerName":"default-scheduler","securityContext":{"runAsNonRoot":true,"fsGroup":2000},"containers":[{"name":"app","image":"registry.example.com/%1%:%2%","imagePullPolicy":"IfNotPresent","ports":[{"containerPort":8080,"name":"http","protocol":"TCP"},{"containerPort":9090,"name":"metrics","protocol":"TCP"}],"env":[%3%,{"name":"DB_URL","valueFrom":{"secretKeyRef":{"name":"%4%-db","key":"url"}}}],"envFrom":[{"configMapRef":{"name":"%5%-config"}}],"resources":{"requests":{"cpu":"250m","memory":"256Mi"},"limits":{"memory":"512Mi"}},"readinessProbe":{"httpGet":{"path":"/ready","port":8080,"scheme":"HTTP"},"periodSeconds":10,"timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},"livenessProbe":{"httpGet":{"path":"/healthz","port":"http","scheme":"HTTP"},"initialDelaySeconds":15,"periodSeconds":20,"timeoutSeconds":1,"successThreshold":1,"failureThreshold":3},"volumeMounts":[{"name":"config","mountPath":"/etc/app"},{"name":"kube-api-access","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount","readOnly":true}],"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"},{"name":"proxy","image":"envoyproxy/envoy:v1.30.1","ports":[{"containerPort":15001,"name":"proxy"}],"resources":{"requests":{"cpu":"50m","memory":"64Mi"},"limits":{"memory":"128Mi"}}}],"volumes":[{"name":"config","configMap":{"name":"%6%-config","defaultMode":420}},{"name":"kube-api-access","projected":{"defaultMode":420,"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}],"optional":true}}]}}],"tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]}""", extra, name, version, env, name, name, name);
    }

    private static string ManagedFields(string manager) =>
        Fill("""[{"manager":"%0%","operation":"Update","apiVersion":"v1","time":"2025-05-30T10:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:generateName":{},"f:labels":{".":{},"f:app":{},"f:pod-template-hash":{},"f:team":{}},"f:ownerReferences":{".":{},"k:{\"uid\":\"x\"}":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:env":{},"f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:ports":{},"f:readinessProbe":{},"f:resources":{}}},"f:dnsPolicy":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},"f:terminationGracePeriodSeconds":{},"f:volumes":{}}}},{"manager":"kubelet","operation":"Update","apiVersion":"v1","time":"2025-05-30T10:00:30Z","fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:conditions":{"k:{\"type\":\"ContainersReady\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},"f:status":{},"f:type":{}},"k:{\"type\":\"Ready\"}":{".":{},"f:lastProbeTime":{},"f:lastTransitionTime":{},"f:status":{},"f:type":{}}},"f:containerStatuses":{},"f:hostIP":{},"f:phase":{},"f:podIP":{},"f:startTime":{}}},"subresource":"status"}]""", manager);
}
