using System.Text;
using System.Text.Json.Nodes;

namespace Firefighter.SampleGen.Common;

/// <summary>kubectl's human-readable outputs: <c>get events</c> table and <c>describe pod</c>, reproduced from kubectl's printers.</summary>
public static class KubectlText
{
    /// <summary><c>kubectl get events -n NS</c> (tabwriter minwidth 6, padding 3), rows in last-seen order.</summary>
    public static string EventsTable(IEnumerable<KEvent> events, DateTimeOffset now)
    {
        var sb = new StringBuilder("LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n");
        foreach (var e in events.OrderBy(e => e.Last).ThenBy(e => e.Name, StringComparer.Ordinal))
        {
            sb.Append(Fmt.Human(now - e.Last)).Append('\t').Append(e.Type).Append('\t').Append(e.Reason).Append('\t')
              .Append(e.Kind.ToLowerInvariant()).Append('/').Append(e.Name).Append('\t').Append(e.Message.Trim()).Append('\n');
        }
        return GoTabWriter.Format(sb.ToString(), 6, 3);
    }

    /// <summary><c>kubectl describe pod</c> of a pod object, with its events (tabwriter minwidth 0, padding 2; flushed before Events).</summary>
    public static string DescribePod(JsonObject pod, IEnumerable<KEvent> events, DateTimeOffset now)
    {
        var w = new StringBuilder();
        var meta = pod["metadata"]!.AsObject();
        var spec = pod["spec"]!.AsObject();
        var status = pod["status"]!.AsObject();
        Line(w, 0, $"Name:\t{S(meta["name"])}");
        Line(w, 0, $"Namespace:\t{S(meta["namespace"])}");
        Line(w, 0, $"Priority:\t{spec["priority"]}");
        Line(w, 0, $"Service Account:\t{S(spec["serviceAccountName"])}");
        Line(w, 0, $"Node:\t{S(spec["nodeName"])}/{S(status["hostIP"])}");
        Line(w, 0, $"Start Time:\t{Fmt.Rfc1123Z(Fmt.T(S(status["startTime"])))}");
        Multiline(w, "Labels", meta["labels"]?.AsObject(), "=");
        Multiline(w, "Annotations", meta["annotations"]?.AsObject(), ": ");
        Line(w, 0, $"Status:\t{S(status["phase"])}");
        Line(w, 0, $"IP:\t{S(status["podIP"])}");
        Line(w, 0, "IPs:");
        Line(w, 1, $"IP:\t{S(status["podIP"])}");
        var owner = meta["ownerReferences"]![0]!;
        Line(w, 0, $"Controlled By:\t{S(owner["kind"])}/{S(owner["name"])}");
        Line(w, 0, "Containers:");
        var statuses = status["containerStatuses"]!.AsArray().ToDictionary(s => S(s!["name"]), s => s!.AsObject());
        foreach (var cNode in spec["containers"]!.AsArray())
        {
            var c = cNode!.AsObject();
            var cs = statuses[S(c["name"])];
            Line(w, 1, $"{S(c["name"])}:");
            Line(w, 2, $"Container ID:\t{S(cs["containerID"])}");
            Line(w, 2, $"Image:\t{S(c["image"])}");
            Line(w, 2, $"Image ID:\t{S(cs["imageID"])}");
            var port = c["ports"]?[0];
            Line(w, 2, port is null ? "Port:\t<none>" : $"Port:\t{port["containerPort"]}/TCP");
            Line(w, 2, port is null ? "Host Port:\t<none>" : "Host Port:\t0/TCP");
            if (c["args"] is JsonArray args)
            {
                Line(w, 2, "Args:");
                foreach (var a in args)
                {
                    Line(w, 3, S(a));
                }
            }
            State(w, "State", cs["state"]!.AsObject());
            if (cs["lastState"] is JsonObject last && last.ContainsKey("terminated"))
            {
                State(w, "Last State", last);
            }
            Line(w, 2, $"Ready:\t{((bool)cs["ready"]! ? "True" : "False")}");
            Line(w, 2, $"Restart Count:\t{cs["restartCount"]}");
            var res = c["resources"]!.AsObject();
            Resources(w, "Limits", res["limits"]?.AsObject());
            Resources(w, "Requests", res["requests"]?.AsObject());
            if (c["livenessProbe"] is JsonObject lp)
            {
                Line(w, 2, $"Liveness:\t{Probe(lp)}");
            }
            if (c["readinessProbe"] is JsonObject rp)
            {
                Line(w, 2, $"Readiness:\t{Probe(rp)}");
            }
            if (c["envFrom"] is JsonArray envFrom)
            {
                Line(w, 2, "Environment Variables from:");
                foreach (var ef in envFrom)
                {
                    Line(w, 3, $"{S(ef!["configMapRef"]!["name"])}\tConfigMap\tOptional: false");
                }
            }
            if (c["env"] is JsonArray env)
            {
                Line(w, 2, "Environment:");
                foreach (var e in env)
                {
                    var name = S(e!["name"]);
                    if (e["value"] is { } v)
                    {
                        Line(w, 3, $"{name}:\t{S(v)}");
                    }
                    else if (e["valueFrom"]!["secretKeyRef"] is { } sk)
                    {
                        Line(w, 3, $"{name}:\t<set to the key '{S(sk["key"])}' in secret '{S(sk["name"])}'>\tOptional: false");
                    }
                    else
                    {
                        var ck = e["valueFrom"]!["configMapKeyRef"]!;
                        Line(w, 3, $"{name}:\t<set to the key '{S(ck["key"])}' of config map '{S(ck["name"])}'>\tOptional: false");
                    }
                }
            }
            else
            {
                Line(w, 2, "Environment:\t<none>");
            }
            Line(w, 2, "Mounts:");
            foreach (var m in c["volumeMounts"]!.AsArray().OrderBy(m => S(m!["mountPath"]), StringComparer.Ordinal))
            {
                var ro = m!["readOnly"] is { } r && (bool)r;
                Line(w, 3, $"{S(m["mountPath"])} from {S(m["name"])} ({(ro ? "ro" : "rw")})");
            }
        }
        Line(w, 0, "Conditions:");
        Line(w, 1, "Type\tStatus");
        foreach (var cond in status["conditions"]!.AsArray())
        {
            Line(w, 1, $"{S(cond!["type"])} \t{S(cond["status"])} ");
        }
        Line(w, 0, "Volumes:");
        foreach (var v in spec["volumes"]!.AsArray())
        {
            Line(w, 1, $"{S(v!["name"])}:");
            if (v["persistentVolumeClaim"] is { } pvc)
            {
                Line(w, 2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)");
                Line(w, 2, $"ClaimName:\t{S(pvc["claimName"])}");
                Line(w, 2, "ReadOnly:\tfalse");
            }
            else
            {
                Line(w, 2, "Type:\tProjected (a volume that contains injected data from multiple sources)");
                Line(w, 2, "TokenExpirationSeconds:\t3607");
                Line(w, 2, "ConfigMapName:\tkube-root-ca.crt");
                Line(w, 2, "Optional:\tfalse");
                Line(w, 2, "DownwardAPI:\ttrue");
            }
        }
        Line(w, 0, $"QoS Class:\t{S(status["qosClass"])}");
        Line(w, 0, "Node-Selectors:\t<none>");
        Line(w, 0, "Tolerations:\tnode.kubernetes.io/not-ready:NoExecute op=Exists for 300s");
        Line(w, 0, "\tnode.kubernetes.io/unreachable:NoExecute op=Exists for 300s");
        var head = GoTabWriter.Format(w.ToString(), 0, 2);

        var ev = new StringBuilder("Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n");
        foreach (var e in events.OrderBy(e => e.Last))
        {
            var first = Fmt.Human(now - e.First);
            var interval = e.Count > 1 ? $"{Fmt.Human(now - e.Last)} (x{e.Count} over {first})" : first;
            ev.Append("  ").Append(e.Type).Append('\t').Append(e.Reason).Append('\t').Append(interval).Append('\t')
              .Append(e.Component).Append('\t').Append(e.Message.Trim()).Append('\n');
        }
        return head + GoTabWriter.Format(ev.ToString(), 0, 2);
    }

    private static void State(StringBuilder w, string label, JsonObject state)
    {
        if (state["running"] is { } run)
        {
            Line(w, 2, $"{label}:\tRunning");
            Line(w, 3, $"Started:\t{Fmt.Rfc1123Z(Fmt.T(S(run["startedAt"])))}");
        }
        else if (state["waiting"] is { } wait)
        {
            Line(w, 2, $"{label}:\tWaiting");
            Line(w, 3, $"Reason:\t{S(wait["reason"])}");
        }
        else if (state["terminated"] is { } t)
        {
            Line(w, 2, $"{label}:\tTerminated");
            Line(w, 3, $"Reason:\t{S(t["reason"])}");
            Line(w, 3, $"Exit Code:\t{t["exitCode"]}");
            Line(w, 3, $"Started:\t{Fmt.Rfc1123Z(Fmt.T(S(t["startedAt"])))}");
            Line(w, 3, $"Finished:\t{Fmt.Rfc1123Z(Fmt.T(S(t["finishedAt"])))}");
        }
    }

    private static void Resources(StringBuilder w, string label, JsonObject? list)
    {
        if (list is null || list.Count == 0)
        {
            return;
        }
        Line(w, 2, $"{label}:");
        foreach (var kv in list.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Line(w, 3, $"{kv.Key}:\t{S(kv.Value)}");
        }
    }

    private static string Probe(JsonObject p)
    {
        var attrs = $"delay={p["initialDelaySeconds"]}s timeout={p["timeoutSeconds"]}s period={p["periodSeconds"]}s #success={p["successThreshold"]} #failure={p["failureThreshold"]}";
        if (p["httpGet"] is { } h)
        {
            return $"http-get http://:{h["port"]}{S(h["path"])} {attrs}";
        }
        if (p["tcpSocket"] is { } t)
        {
            return $"tcp-socket :{t["port"]} {attrs}";
        }
        var cmd = string.Join(' ', p["exec"]!["command"]!.AsArray().Select(S));
        return $"exec [{cmd}] {attrs}";
    }

    private static void Multiline(StringBuilder w, string title, JsonObject? map, string sep)
    {
        if (map is null || map.Count == 0)
        {
            Line(w, 0, title + ":\t<none>");
            return;
        }
        var first = true;
        foreach (var kv in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            Line(w, 0, (first ? title + ":\t" : "\t") + kv.Key + sep + S(kv.Value));
            first = false;
        }
    }

    private static void Line(StringBuilder w, int level, string text) => w.Append(' ', level * 2).Append(text).Append('\n');

    private static string S(JsonNode? n) => n?.GetValue<string>() ?? "";
}
