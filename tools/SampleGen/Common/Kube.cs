using System.Text.Json.Nodes;

namespace Firefighter.SampleGen.Common;

/// <summary>Builds complete Kubernetes objects (as the API server returns them) for one namespace at one capture time.</summary>
public sealed class Kube(string ns, DateTimeOffset asOf)
{
    private int _rvCounter;

    /// <summary>The namespace.</summary>
    public string Namespace { get; } = ns;

    /// <summary>The capture time all status is computed at.</summary>
    public DateTimeOffset AsOf { get; } = asOf;

    /// <summary>A uid that depends only on kind, namespace and name, so the same object has the same uid in every bundle.</summary>
    public string Uid(string kind, string name) => new Det(Det.Fnv(kind + "/" + Namespace + "/" + name)).Uuid();

    private string Rv(DateTimeOffset t) => Fmt.I(((t.ToUnixTimeSeconds() - 1_600_000_000) / 4) + (_rvCounter++ % 4));

    private JsonObject Meta(string kind, string name, DateTimeOffset created, Dictionary<string, string> labels,
        IReadOnlyDictionary<string, string>? annotations = null, (string Kind, string Name, string ApiVersion)? owner = null,
        string? generateName = null, long? generation = null, bool namespaced = true)
    {
        var m = new JsonObject
        {
            ["name"] = name,
            ["uid"] = Uid(kind, name),
            ["resourceVersion"] = Rv(created),
            ["creationTimestamp"] = Fmt.K8s(created),
        };
        if (namespaced)
        {
            m["namespace"] = Namespace;
        }
        if (generateName is not null)
        {
            m["generateName"] = generateName;
        }
        if (generation is not null)
        {
            m["generation"] = generation.Value;
        }
        if (labels.Count > 0)
        {
            m["labels"] = Map(labels);
        }
        if (annotations is { Count: > 0 })
        {
            m["annotations"] = Map(annotations);
        }
        if (owner is { } o)
        {
            m["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = o.ApiVersion,
                ["kind"] = o.Kind,
                ["name"] = o.Name,
                ["uid"] = Uid(o.Kind, o.Name),
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            });
        }
        return m;
    }

    /// <summary>A JSON object of string values.</summary>
    public static JsonObject Map(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var o = new JsonObject();
        foreach (var kv in pairs)
        {
            o[kv.Key] = kv.Value;
        }
        return o;
    }

    /// <summary>The kube-api-access volume name of a pod (5-letter suffix derived from the pod name).</summary>
    public static string TokenVolume(string podName) => "kube-api-access-" + new Det(Det.Fnv("tok/" + podName)).KubeSuffix(5);

    private static JsonObject ProbeJson(Probe p)
    {
        var o = new JsonObject
        {
            ["initialDelaySeconds"] = p.Delay,
            ["timeoutSeconds"] = p.Timeout,
            ["periodSeconds"] = p.Period,
            ["successThreshold"] = 1,
            ["failureThreshold"] = p.Failure,
        };
        switch (p.Type)
        {
            case "http":
                o["httpGet"] = new JsonObject { ["path"] = p.Target, ["port"] = p.Port, ["scheme"] = "HTTP" };
                break;
            case "tcp":
                o["tcpSocket"] = new JsonObject { ["port"] = p.Port };
                break;
            default:
                var cmd = new JsonArray();
                foreach (var part in p.Target.Split(' '))
                {
                    cmd.Add(part);
                }
                o["exec"] = new JsonObject { ["command"] = cmd };
                break;
        }
        return o;
    }

    private static JsonObject ContainerJson(ContainerSpec c, string tokenVolume)
    {
        var limits = new JsonObject { ["memory"] = c.MemoryLimit };
        if (c.CpuLimit is not null)
        {
            limits["cpu"] = c.CpuLimit;
        }
        var o = new JsonObject
        {
            ["name"] = c.Name,
            ["image"] = c.Image,
            ["imagePullPolicy"] = "IfNotPresent",
            ["resources"] = new JsonObject
            {
                ["limits"] = limits,
                ["requests"] = new JsonObject { ["cpu"] = c.CpuRequest, ["memory"] = c.MemoryRequest },
            },
            ["terminationMessagePath"] = "/dev/termination-log",
            ["terminationMessagePolicy"] = "File",
        };
        if (c.Port > 0)
        {
            o["ports"] = new JsonArray(new JsonObject { ["name"] = c.PortName, ["containerPort"] = c.Port, ["protocol"] = "TCP" });
        }
        if (c.Args.Count > 0)
        {
            o["args"] = new JsonArray(c.Args.Select(a => (JsonNode)JsonValue.Create(a)).ToArray());
        }
        if (c.Env.Count > 0)
        {
            var env = new JsonArray();
            foreach (var e in c.Env)
            {
                if (e.Value is not null)
                {
                    env.Add(new JsonObject { ["name"] = e.Name, ["value"] = e.Value });
                }
                else if (e.Secret is not null)
                {
                    env.Add(new JsonObject { ["name"] = e.Name, ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = e.Secret, ["key"] = e.Key } } });
                }
                else
                {
                    env.Add(new JsonObject { ["name"] = e.Name, ["valueFrom"] = new JsonObject { ["configMapKeyRef"] = new JsonObject { ["name"] = e.ConfigMap, ["key"] = e.Key } } });
                }
            }
            o["env"] = env;
        }
        if (c.EnvFromConfigMaps.Count > 0)
        {
            o["envFrom"] = new JsonArray(c.EnvFromConfigMaps.Select(n => (JsonNode)new JsonObject { ["configMapRef"] = new JsonObject { ["name"] = n } }).ToArray());
        }
        if (c.Liveness is not null)
        {
            o["livenessProbe"] = ProbeJson(c.Liveness);
        }
        if (c.Readiness is not null)
        {
            o["readinessProbe"] = ProbeJson(c.Readiness);
        }
        var mounts = new JsonArray();
        foreach (var m in c.Mounts)
        {
            var mo = new JsonObject { ["name"] = m.Volume, ["mountPath"] = m.Path };
            if (m.ReadOnly)
            {
                mo["readOnly"] = true;
            }
            mounts.Add(mo);
        }
        if (tokenVolume.Length > 0)
        {
            mounts.Add(new JsonObject { ["name"] = tokenVolume, ["readOnly"] = true, ["mountPath"] = "/var/run/secrets/kubernetes.io/serviceaccount" });
        }
        if (mounts.Count > 0)
        {
            o["volumeMounts"] = mounts;
        }
        return o;
    }

    private static JsonObject TemplateSpec(PodTemplate t, string tokenVolume)
    {
        var volumes = new JsonArray();
        foreach (var (volume, claim) in t.Claims)
        {
            volumes.Add(new JsonObject { ["name"] = volume, ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim } });
        }
        if (tokenVolume.Length > 0)
        {
            volumes.Add(new JsonObject
            {
                ["name"] = tokenVolume,
                ["projected"] = new JsonObject
                {
                    ["defaultMode"] = 420,
                    ["sources"] = new JsonArray(
                        new JsonObject { ["serviceAccountToken"] = new JsonObject { ["expirationSeconds"] = 3607, ["path"] = "token" } },
                        new JsonObject { ["configMap"] = new JsonObject { ["name"] = "kube-root-ca.crt", ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }) } },
                        new JsonObject { ["downwardAPI"] = new JsonObject { ["items"] = new JsonArray(new JsonObject { ["path"] = "namespace", ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" } }) } }),
                },
            });
        }
        var spec = new JsonObject
        {
            ["containers"] = new JsonArray(t.Containers.Select(c => (JsonNode)ContainerJson(c, tokenVolume)).ToArray()),
            ["restartPolicy"] = "Always",
            ["terminationGracePeriodSeconds"] = t.Grace,
            ["dnsPolicy"] = "ClusterFirst",
            ["serviceAccountName"] = t.ServiceAccount,
            ["serviceAccount"] = t.ServiceAccount,
            ["securityContext"] = new JsonObject { ["runAsNonRoot"] = true, ["fsGroup"] = 1000 },
            ["schedulerName"] = "default-scheduler",
        };
        if (volumes.Count > 0)
        {
            spec["volumes"] = volumes;
        }
        return spec;
    }

    /// <summary>The spec.template of a workload.</summary>
    public static JsonObject Template(PodTemplate t, IReadOnlyDictionary<string, string> extraLabels)
    {
        var meta = new JsonObject { ["creationTimestamp"] = null, ["labels"] = Map(t.Labels.Concat(extraLabels)) };
        if (t.Annotations.Count > 0)
        {
            meta["annotations"] = Map(t.Annotations);
        }
        return new JsonObject { ["metadata"] = meta, ["spec"] = TemplateSpec(t, "") };
    }

    /// <summary>A Pod with status computed at <see cref="AsOf"/>.</summary>
    public JsonObject Pod(PodTemplate t, PodState p, string hostIp)
    {
        var token = TokenVolume(p.Name);
        var spec = TemplateSpec(t, token);
        spec["nodeName"] = p.Node;
        spec["priority"] = 0;
        spec["enableServiceLinks"] = true;
        spec["preemptionPolicy"] = "PreemptLowerPriority";
        spec["tolerations"] = new JsonArray(
            new JsonObject { ["key"] = "node.kubernetes.io/not-ready", ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = 300 },
            new JsonObject { ["key"] = "node.kubernetes.io/unreachable", ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = 300 });
        if (p.OwnerKind == "StatefulSet")
        {
            spec["hostname"] = p.Name;
            spec["subdomain"] = p.OwnerName + "-headless";
        }

        var statuses = new JsonArray();
        var unready = new List<string>();
        var allReady = true;
        var notReadySince = p.Created;
        var scheduled = p.Created.AddSeconds(1);
        var firstStart = DateTimeOffset.MaxValue;
        foreach (var c in t.Containers)
        {
            var runs = p.RunsOf(c.Name);
            firstStart = runs[0].Started < firstStart ? runs[0].Started : firstStart;
            var last = runs[^1];
            var ready = last.Finished is null && (c.Readiness is null || AsOf >= last.Started.AddSeconds(c.Readiness.Delay + c.Readiness.Period));
            if (!ready)
            {
                allReady = false;
                unready.Add(c.Name);
                var since = last.Finished ?? last.Started;
                notReadySince = since > notReadySince ? since : notReadySince;
            }
            var status = new JsonObject
            {
                ["name"] = c.Name,
                ["image"] = c.Image,
                ["imageID"] = c.Image[..c.Image.LastIndexOf(':')] + "@sha256:" + c.Digest,
                ["containerID"] = ContainerId(p.Name, c.Name, runs.Count - 1),
                ["ready"] = ready,
                ["restartCount"] = runs.Count - 1,
                ["started"] = last.Finished is null,
            };
            if (last.Finished is null)
            {
                status["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = Fmt.K8s(last.Started) } };
                status["lastState"] = runs.Count > 1 ? Terminated(runs[^2], p.Name, c.Name, runs.Count - 2) : new JsonObject();
            }
            else
            {
                var backoff = Math.Min(300, 10 * (1 << Math.Min(5, runs.Count - 1)));
                status["state"] = new JsonObject
                {
                    ["waiting"] = new JsonObject
                    {
                        ["reason"] = "CrashLoopBackOff",
                        ["message"] = $"back-off {BackoffText(backoff)} restarting failed container={c.Name} pod={p.Name}_{Namespace}({Uid("Pod", p.Name)})",
                    },
                };
                status["lastState"] = Terminated(last, p.Name, c.Name, runs.Count - 1);
            }
            statuses.Add(status);
        }

        var readyTime = allReady ? Max(p.RunsOf(t.Containers[0].Name)[^1].Started.AddSeconds(t.Containers[0].Readiness?.Delay ?? 0).AddSeconds(3), p.Created) : notReadySince;
        var conditions = new JsonArray(
            Condition("PodReadyToStartContainers", "True", firstStart.AddSeconds(-2)),
            Condition("Initialized", "True", scheduled),
            ReadyCondition("Ready", allReady, readyTime, t),
            ReadyCondition("ContainersReady", allReady, readyTime, t),
            Condition("PodScheduled", "True", scheduled));

        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = Meta("Pod", p.Name, p.Created, Merge(t.Labels, p.ExtraLabels), t.Annotations,
                (p.OwnerKind, p.OwnerName, "apps/v1"), p.OwnerName + "-"),
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["conditions"] = conditions,
                ["hostIP"] = hostIp,
                ["hostIPs"] = new JsonArray(new JsonObject { ["ip"] = hostIp }),
                ["podIP"] = p.Ip,
                ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = p.Ip }),
                ["startTime"] = Fmt.K8s(scheduled),
                ["containerStatuses"] = statuses,
                ["qosClass"] = "Burstable",
            },
        };

        JsonObject ReadyCondition(string type, bool ok, DateTimeOffset since, PodTemplate tpl)
        {
            var cond = Condition(type, ok ? "True" : "False", since);
            if (!ok)
            {
                var names = string.Join(' ', unready);
                cond["reason"] = "ContainersNotReady";
                cond["message"] = $"containers with unready status: [{names}]";
            }
            return cond;
        }
    }

    private static string BackoffText(int seconds) => seconds >= 60 ? $"{seconds / 60}m{seconds % 60}s" : $"{seconds}s";

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static JsonObject Condition(string type, string status, DateTimeOffset since) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastProbeTime"] = null,
        ["lastTransitionTime"] = Fmt.K8s(since),
    };

    private static JsonObject Terminated(Run r, string pod, string container, int index) => new()
    {
        ["terminated"] = new JsonObject
        {
            ["containerID"] = ContainerId(pod, container, index),
            ["exitCode"] = r.ExitCode,
            ["reason"] = r.Reason,
            ["startedAt"] = Fmt.K8s(r.Started),
            ["finishedAt"] = Fmt.K8s(r.Finished!.Value),
        },
    };

    /// <summary>The containerd id of the n-th run of a container.</summary>
    public static string ContainerId(string pod, string container, int run) => "containerd://" + new Det(Det.Fnv($"cid/{pod}/{container}/{run}")).Hex(64);

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        var d = new Dictionary<string, string>(a);
        foreach (var kv in b)
        {
            d[kv.Key] = kv.Value;
        }
        return d;
    }

    /// <summary>A ReplicaSet owned by a Deployment.</summary>
    public JsonObject ReplicaSet(string deployment, string hash, PodTemplate t, int revision, DateTimeOffset created, int replicas, int ready, int maxReplicas)
    {
        var name = deployment + "-" + hash;
        var hashLabel = new Dictionary<string, string> { ["pod-template-hash"] = hash };
        var annotations = new Dictionary<string, string>
        {
            ["deployment.kubernetes.io/desired-replicas"] = Fmt.I(maxReplicas - 1),
            ["deployment.kubernetes.io/max-replicas"] = Fmt.I(maxReplicas),
            ["deployment.kubernetes.io/revision"] = Fmt.I(revision),
        };
        var status = new JsonObject { ["replicas"] = replicas, ["observedGeneration"] = replicas == 0 ? 3 : 2 };
        if (replicas > 0)
        {
            status["fullyLabeledReplicas"] = replicas;
            status["readyReplicas"] = ready;
            status["availableReplicas"] = ready;
        }
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = Meta("ReplicaSet", name, created, Merge(Selector(t), hashLabel), annotations, ("Deployment", deployment, "apps/v1"), generation: replicas == 0 ? 3 : 2),
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = Map(Merge(Selector(t), hashLabel)) },
                ["template"] = Template(t, hashLabel),
            },
            ["status"] = status,
        };
    }

    private static Dictionary<string, string> Selector(PodTemplate t) => new() { ["app"] = t.Labels["app"] };

    /// <summary>A Deployment with rollout conditions.</summary>
    public JsonObject Deployment(string name, PodTemplate t, int revision, DateTimeOffset created, int replicas, int updated, int ready,
        DateTimeOffset lastRolloutStart, DateTimeOffset lastProgress, bool paused, string newRs, DateTimeOffset availableSince, long generation)
    {
        var available = ready >= replicas ? "True" : "False";
        var availableCond = new JsonObject
        {
            ["type"] = "Available",
            ["status"] = available,
            ["lastUpdateTime"] = Fmt.K8s(availableSince),
            ["lastTransitionTime"] = Fmt.K8s(availableSince),
            ["reason"] = available == "True" ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            ["message"] = available == "True" ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
        };
        var progressing = paused
            ? new JsonObject
            {
                ["type"] = "Progressing",
                ["status"] = "Unknown",
                ["lastUpdateTime"] = Fmt.K8s(lastProgress),
                ["lastTransitionTime"] = Fmt.K8s(lastProgress),
                ["reason"] = "DeploymentPaused",
                ["message"] = "Deployment is paused",
            }
            : new JsonObject
            {
                ["type"] = "Progressing",
                ["status"] = "True",
                ["lastUpdateTime"] = Fmt.K8s(lastProgress),
                ["lastTransitionTime"] = Fmt.K8s(lastRolloutStart),
                ["reason"] = "NewReplicaSetAvailable",
                ["message"] = $"ReplicaSet \"{newRs}\" has successfully progressed.",
            };
        var spec = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = Map(Selector(t)) },
            ["template"] = Template(t, new Dictionary<string, string>()),
            ["strategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["maxSurge"] = 1, ["maxUnavailable"] = 0 } },
            ["revisionHistoryLimit"] = 10,
            ["progressDeadlineSeconds"] = 600,
        };
        if (paused)
        {
            spec["paused"] = true;
        }
        var status = new JsonObject
        {
            ["observedGeneration"] = generation,
            ["replicas"] = replicas + (paused ? 0 : 0),
            ["updatedReplicas"] = updated,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["conditions"] = new JsonArray(availableCond, progressing),
        };
        if (ready < replicas)
        {
            status["unavailableReplicas"] = replicas - ready;
        }
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = Meta("Deployment", name, created, new Dictionary<string, string> { ["app"] = t.Labels["app"], ["app.kubernetes.io/part-of"] = t.Labels.GetValueOrDefault("app.kubernetes.io/part-of", "shop") },
                new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = Fmt.I(revision) }, generation: generation),
            ["spec"] = spec,
            ["status"] = status,
        };
    }

    /// <summary>A StatefulSet with one volume claim template.</summary>
    public JsonObject StatefulSet(string name, PodTemplate t, DateTimeOffset created, int replicas, int ready, string revisionHash, string claimTemplate, string storage, string storageClass)
    {
        var spec = new JsonObject
        {
            ["replicas"] = replicas,
            ["selector"] = new JsonObject { ["matchLabels"] = Map(Selector(t)) },
            ["serviceName"] = name + "-headless",
            ["template"] = Template(t, new Dictionary<string, string>()),
            ["podManagementPolicy"] = "OrderedReady",
            ["updateStrategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = new JsonObject { ["partition"] = 0 } },
            ["revisionHistoryLimit"] = 10,
            ["persistentVolumeClaimRetentionPolicy"] = new JsonObject { ["whenDeleted"] = "Retain", ["whenScaled"] = "Retain" },
            ["volumeClaimTemplates"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "PersistentVolumeClaim",
                ["metadata"] = new JsonObject { ["name"] = claimTemplate, ["creationTimestamp"] = null },
                ["spec"] = new JsonObject
                {
                    ["accessModes"] = new JsonArray("ReadWriteOnce"),
                    ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = storage } },
                    ["storageClassName"] = storageClass,
                    ["volumeMode"] = "Filesystem",
                },
                ["status"] = new JsonObject { ["phase"] = "Pending" },
            }),
        };
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "StatefulSet",
            ["metadata"] = Meta("StatefulSet", name, created, new Dictionary<string, string> { ["app"] = t.Labels["app"] }, generation: 4),
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["observedGeneration"] = 4,
                ["replicas"] = replicas,
                ["readyReplicas"] = ready,
                ["availableReplicas"] = ready,
                ["currentReplicas"] = replicas,
                ["updatedReplicas"] = replicas,
                ["currentRevision"] = name + "-" + revisionHash,
                ["updateRevision"] = name + "-" + revisionHash,
                ["collisionCount"] = 0,
            },
        };
    }

    /// <summary>A ClusterIP Service (headless when <paramref name="clusterIp"/> is "None").</summary>
    public JsonObject Service(string name, string app, string clusterIp, int port, string targetPort, DateTimeOffset created, string portName = "http")
    {
        var spec = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["clusterIP"] = clusterIp,
            ["clusterIPs"] = new JsonArray(clusterIp),
            ["ipFamilies"] = new JsonArray("IPv4"),
            ["ipFamilyPolicy"] = "SingleStack",
            ["internalTrafficPolicy"] = "Cluster",
            ["ports"] = new JsonArray(new JsonObject { ["name"] = portName, ["port"] = port, ["protocol"] = "TCP", ["targetPort"] = targetPort }),
            ["selector"] = new JsonObject { ["app"] = app },
            ["sessionAffinity"] = "None",
        };
        if (clusterIp == "None")
        {
            spec["publishNotReadyAddresses"] = true;
        }
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = Meta("Service", name, created, new Dictionary<string, string> { ["app"] = app }),
            ["spec"] = spec,
            ["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() },
        };
    }

    /// <summary>A bound PersistentVolumeClaim.</summary>
    public JsonObject Pvc(string name, string app, string storage, string storageClass, DateTimeOffset created)
    {
        var volume = "pvc-" + Uid("PersistentVolumeClaim", name);
        var m = Meta("PersistentVolumeClaim", name, created, new Dictionary<string, string> { ["app"] = app },
            new Dictionary<string, string>
            {
                ["pv.kubernetes.io/bind-completed"] = "yes",
                ["pv.kubernetes.io/bound-by-controller"] = "yes",
                ["volume.beta.kubernetes.io/storage-provisioner"] = "ebs.csi.aws.com",
                ["volume.kubernetes.io/storage-provisioner"] = "ebs.csi.aws.com",
            });
        m["finalizers"] = new JsonArray("kubernetes.io/pvc-protection");
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "PersistentVolumeClaim",
            ["metadata"] = m,
            ["spec"] = new JsonObject
            {
                ["accessModes"] = new JsonArray("ReadWriteOnce"),
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = storage } },
                ["storageClassName"] = storageClass,
                ["volumeMode"] = "Filesystem",
                ["volumeName"] = volume,
            },
            ["status"] = new JsonObject
            {
                ["phase"] = "Bound",
                ["accessModes"] = new JsonArray("ReadWriteOnce"),
                ["capacity"] = new JsonObject { ["storage"] = storage },
            },
        };
    }

    /// <summary>A Node with capacity, conditions and node info.</summary>
    public JsonObject Node(NodeSpec n)
    {
        var labels = new Dictionary<string, string>
        {
            ["beta.kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["kubernetes.io/hostname"] = n.Name,
            ["kubernetes.io/os"] = "linux",
            ["node.kubernetes.io/instance-type"] = n.InstanceType,
            ["topology.kubernetes.io/region"] = "eu-west-1",
            ["topology.kubernetes.io/zone"] = n.Zone,
            ["eks.amazonaws.com/nodegroup"] = "general-" + n.InstanceType.Replace('.', '-'),
        };
        var heartbeat = AsOf.AddSeconds(-(double)(Det.Fnv(n.Name) % 50));
        var conditions = new JsonArray();
        foreach (var x in n.Extra)
        {
            conditions.Add(NodeCondition(x.Type, x.Status, x.Reason, x.Message, heartbeat, x.Since));
        }
        conditions.Add(NodeCondition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", heartbeat, n.Created.AddSeconds(40)));
        conditions.Add(NodeCondition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", heartbeat, n.DiskPressureRecoveredAt ?? n.Created.AddSeconds(40)));
        conditions.Add(NodeCondition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", heartbeat, n.Created.AddSeconds(40)));
        conditions.Add(NodeCondition("Ready", "True", "KubeletReady", "kubelet is posting ready status", heartbeat, n.Created.AddSeconds(71)));
        var allocatableMem = (n.MemoryGi * 1024L * 1024) - 1_475_544;
        var idRng = new Det(Det.Fnv("node/" + n.Name));
        var instance = "i-0" + idRng.Hex(16);
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = Meta("Node", n.Name, n.Created, labels, new Dictionary<string, string>
            {
                ["alpha.kubernetes.io/provided-node-ip"] = n.Ip,
                ["node.alpha.kubernetes.io/ttl"] = "0",
                ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
            }, namespaced: false),
            ["spec"] = new JsonObject
            {
                ["podCIDR"] = n.PodCidr,
                ["podCIDRs"] = new JsonArray(n.PodCidr),
                ["providerID"] = $"aws:///{n.Zone}/{instance}",
            },
            ["status"] = new JsonObject
            {
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = n.Ip },
                    new JsonObject { ["type"] = "InternalDNS", ["address"] = $"ip-{n.Ip.Replace('.', '-')}.eu-west-1.compute.internal" },
                    new JsonObject { ["type"] = "Hostname", ["address"] = n.Name }),
                ["allocatable"] = new JsonObject
                {
                    ["cpu"] = Fmt.I((n.Cpu * 1000) - 90) + "m",
                    ["ephemeral-storage"] = "95491281146",
                    ["hugepages-1Gi"] = "0",
                    ["hugepages-2Mi"] = "0",
                    ["memory"] = Fmt.I(allocatableMem) + "Ki",
                    ["pods"] = "58",
                },
                ["capacity"] = new JsonObject
                {
                    ["cpu"] = Fmt.I(n.Cpu),
                    ["ephemeral-storage"] = "104845292Ki",
                    ["hugepages-1Gi"] = "0",
                    ["hugepages-2Mi"] = "0",
                    ["memory"] = Fmt.I(n.MemoryGi * 1024L * 1024 - 300_000) + "Ki",
                    ["pods"] = "58",
                },
                ["conditions"] = conditions,
                ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = 10250 } },
                ["nodeInfo"] = new JsonObject
                {
                    ["architecture"] = "amd64",
                    ["bootID"] = idRng.Uuid(),
                    ["containerRuntimeVersion"] = "containerd://1.7.11",
                    ["kernelVersion"] = "5.10.205-195.804.amzn2.x86_64",
                    ["kubeProxyVersion"] = "v1.28.5-eks-5e0fdde",
                    ["kubeletVersion"] = "v1.28.5-eks-5e0fdde",
                    ["machineID"] = idRng.Hex(32),
                    ["operatingSystem"] = "linux",
                    ["osImage"] = "Amazon Linux 2",
                    ["systemUUID"] = "ec2" + idRng.Hex(5) + "-" + idRng.Hex(4) + "-" + idRng.Hex(4) + "-" + idRng.Hex(4) + "-" + idRng.Hex(12),
                },
            },
        };
    }

    private static JsonObject NodeCondition(string type, string status, string reason, string message, DateTimeOffset heartbeat, DateTimeOffset since) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["reason"] = reason,
        ["message"] = message,
        ["lastHeartbeatTime"] = Fmt.K8s(heartbeat),
        ["lastTransitionTime"] = Fmt.K8s(since),
    };

    /// <summary>A core/v1 Event.</summary>
    public JsonObject Event(KEvent e)
    {
        var apiVersion = e.Kind is "Pod" or "Node" or "Service" or "PersistentVolumeClaim" ? "v1" : "apps/v1";
        var involved = new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = e.Kind,
            ["name"] = e.Name,
            ["uid"] = Uid(e.Kind, e.Name),
            ["resourceVersion"] = Rv(e.First),
        };
        if (e.Kind != "Node")
        {
            involved["namespace"] = Namespace;
        }
        if (e.FieldPath is not null)
        {
            involved["fieldPath"] = e.FieldPath;
        }
        var source = new JsonObject { ["component"] = e.Component };
        if (e.Host is not null)
        {
            source["host"] = e.Host;
        }
        var eventName = e.Name + "." + new Det(Det.Fnv($"ev/{e.Name}/{e.Reason}/{e.Message}/{Fmt.K8s(e.First)}")).Hex(16);
        var meta = new JsonObject
        {
            ["name"] = eventName,
            ["namespace"] = e.Kind == "Node" ? "default" : Namespace,
            ["uid"] = new Det(Det.Fnv("evuid/" + eventName)).Uuid(),
            ["resourceVersion"] = Rv(e.Last),
            ["creationTimestamp"] = Fmt.K8s(e.First),
        };
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = meta,
            ["involvedObject"] = involved,
            ["reason"] = e.Reason,
            ["message"] = e.Message,
            ["source"] = source,
            ["firstTimestamp"] = Fmt.K8s(e.First),
            ["lastTimestamp"] = Fmt.K8s(e.Last),
            ["count"] = e.Count,
            ["type"] = e.Type,
            ["eventTime"] = null,
            ["reportingComponent"] = e.Component,
            ["reportingInstance"] = e.Host ?? "",
        };
    }

    /// <summary>A List as kubectl get -o json prints it.</summary>
    public static JsonObject List(IEnumerable<JsonObject> items, string kind = "List") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = kind,
        ["items"] = new JsonArray(items.Select(i => (JsonNode)i).ToArray()),
        ["metadata"] = new JsonObject { ["resourceVersion"] = "" },
    };
}
