using Firefighter.Evidence;
using Firefighter.Testing;

namespace Firefighter.Sources.Tests.Readers;

public class KubernetesReaderTests
{
    [Fact]
    public void PodJson_RealExample_IsKubeObject()
    {
        using var bundle = new TestBundle().Copy("k8s/pod.json", RepoPaths.InShared("formats", "kubernetes", "pod_oomkilled.json"));

        var pod = bundle.ReadOk().Objects.ShouldHaveSingleItem();

        pod.Entity.ShouldBe(new EntityRef("Pod", "mem-example", "memory-demo-2"));
        KubeObject.Str(pod.Json["status"]!["containerStatuses"]![0]!["lastState"]!["terminated"]!["reason"]).ShouldBe("OOMKilled");
        pod.Json["status"]!["containerStatuses"]![0]!["restartCount"]!.GetValue<long>().ShouldBe(1);
        pod.Ref.ShouldBe(new EvidenceRef("k8s/pod.json", 1));
    }

    [Fact]
    public void EventJson_RealExample_IsKubeEventNotObject()
    {
        using var bundle = new TestBundle().Copy("k8s/event.json", RepoPaths.InShared("formats", "kubernetes", "event_backoff.json"));

        var evidence = bundle.ReadOk();

        evidence.Objects.ShouldBeEmpty();
        var ev = evidence.Events.ShouldHaveSingleItem();
        ev.Reason.ShouldBe("BackOff");
        ev.Type.ShouldBe("Warning");
        ev.Count.ShouldBe(2);
        ev.Involved.ShouldBe(new EntityRef("Pod", "mem-example", "memory-demo-2"));
        ev.FirstSeen.ShouldBe(new DateTimeOffset(2017, 6, 20, 20, 52, 20, TimeSpan.Zero));
        ev.LastSeen.ShouldBe(new DateTimeOffset(2017, 6, 20, 20, 52, 40, TimeSpan.Zero));
        ev.Component.ShouldBe("kubelet");
        // The container the event is about survives reading, so probe and back-off findings can name it.
        ev.FieldPath.ShouldBe("spec.containers{memory-demo-2-ctr}");
        ev.Ref.Field!.ShouldStartWith("Event/mem-example/");
    }

    [Fact]
    public void EventsK8sIoV1_UsesRegardingNoteAndSeries()
    {
        using var bundle = new TestBundle().Text("k8s/events.yaml", """
            apiVersion: events.k8s.io/v1
            kind: Event
            metadata:
              name: db-0.17aa
              namespace: production
            regarding:
              kind: Pod
              name: db-0
              namespace: production
            reason: FailedMount
            note: 'MountVolume.SetUp failed for volume "data" : secret "db-credentials" not found'
            type: Warning
            eventTime: "2024-01-15T14:01:00.000000Z"
            series:
              count: 7
              lastObservedTime: "2024-01-15T14:25:00.000000Z"
            reportingController: kubelet
            """);

        var ev = bundle.ReadOk().Events.ShouldHaveSingleItem();

        ev.Message.ShouldContain("db-credentials");
        ev.Count.ShouldBe(7);
        ev.FirstSeen.ShouldBe(new DateTimeOffset(2024, 1, 15, 14, 1, 0, TimeSpan.Zero));
        ev.LastSeen.ShouldBe(new DateTimeOffset(2024, 1, 15, 14, 25, 0, TimeSpan.Zero));
        ev.Component.ShouldBe("kubelet");
    }

    [Fact]
    public void YamlList_RealDataset_ItemsWithLines()
    {
        using var bundle = new TestBundle().Copy("k8s/deployments.yaml", RepoPaths.InShared("datasets", "k8s", "popeye", "deployment-list.yaml"));

        var objects = bundle.ReadOk().Objects;

        objects.Select(o => o.Name).ShouldBe(["dp1", "dp2", "dp3"]);
        objects.ShouldAllBe(o => o.Kind == "Deployment");
        objects[0].Ref.Line.ShouldBe(4);
        var text = File.ReadAllLines(RepoPaths.InShared("datasets", "k8s", "popeye", "deployment-list.yaml"));
        foreach (var o in objects)
        {
            text[o.Ref.Line!.Value - 1].ShouldContain("apiVersion");
        }
        // Quoted numbers stay strings; plain numbers become numbers.
        objects[0].Json["spec"]!["replicas"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public void YamlObjects_AllRealIsHealthyFiles_ReadWithoutWarnings()
    {
        var root = RepoPaths.InShared("datasets", "k8s", "is-healthy");
        using var bundle = new TestBundle();
        foreach (var file in Directory.EnumerateFiles(root, "*.yaml", SearchOption.AllDirectories))
        {
            bundle.Copy("k8s/" + Path.GetRelativePath(root, file).Replace('\\', '/'), file);
        }

        var evidence = bundle.ReadOk();

        evidence.Warnings.ShouldBeEmpty();
        evidence.Objects.Count.ShouldBeGreaterThanOrEqualTo(23);
        var oom = evidence.Objects.Single(o => o.Ref.Source == "k8s/Kubernetes/Pod/oomkilled-warning.yaml");
        oom.Name.ShouldBe("oomkilled-pod");
        oom.Created.ShouldBe(new DateTimeOffset(2024, 11, 20, 6, 57, 31, TimeSpan.Zero));
        KubeObject.Str(oom.Json["spec"]!["containers"]![0]!["args"]![1]).ShouldBe("1");
    }

    [Fact]
    public void MultiDocumentYaml_EachDocumentWithItsFirstLine()
    {
        using var bundle = new TestBundle().Text("k8s/objs.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: production\n---\n# comment\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: production\n---\n");

        var objects = bundle.ReadOk().Objects;

        objects.Select(o => (o.Kind, o.Ref.Line)).ShouldBe([("Service", (int?)1), ("Deployment", (int?)8)]);
    }

    [Fact]
    public void EventsTable_AgesRelativeToCapturedAt()
    {
        using var bundle = new TestBundle()
            .Copy("incident.yaml", TestBundle.Fixture("incident.yaml"))
            .Copy("k8s/events.txt", TestBundle.Fixture("kubectl-get-events.txt"));
        var captured = new DateTimeOffset(2024, 1, 15, 14, 30, 0, TimeSpan.Zero);

        var evidence = bundle.ReadOk();
        var events = evidence.Events;

        events.Count.ShouldBe(6);
        var oom = events.Single(e => e.Reason == "OOMKilling");
        oom.Involved.ShouldBe(new EntityRef("Node", null, "ip-10-0-1-23.ec2.internal"));
        oom.LastSeen.ShouldBe(captured - TimeSpan.FromSeconds(422));
        oom.Message.ShouldStartWith("Memory cgroup out of memory: Killed process 4242 (java)");
        var probe = events.Single(e => e.Reason == "Unhealthy");
        probe.Count.ShouldBe(8);
        probe.LastSeen.ShouldBe(captured.AddMinutes(-5));
        probe.FirstSeen.ShouldBe(captured.AddMinutes(-24));
        probe.Involved.ShouldBe(new EntityRef("Pod", "production", "api-7f9c8d6b5-x2x7k"));
        probe.Ref.ShouldBe(new EvidenceRef("k8s/events.txt", 6, null, probe.Ref.Excerpt));
        events.Single(e => e.Reason == "ScalingReplicaSet").Involved.Kind.ShouldBe("Deployment");
        evidence.Files.ShouldContain(new SourceFile("k8s/events.txt", "events", 6));
    }

    [Fact]
    public void EventsTable_AllNamespacesWithoutCapturedAt_TimesNullAndWarnedOnce()
    {
        using var bundle = new TestBundle().Copy("k8s/events-all.txt", TestBundle.Fixture("kubectl-get-events-all-namespaces.txt"));

        var evidence = bundle.ReadOk();

        evidence.Events.Count.ShouldBe(3);
        evidence.Events.ShouldAllBe(e => e.LastSeen == null && e.FirstSeen == null);
        evidence.Events[0].Involved.Namespace.ShouldBe("kube-system");
        evidence.Events[1].Count.ShouldBe(3);
        evidence.Events[1].Message.ShouldEndWith("No preemption victims found for incoming pod.");
        evidence.Warnings.Where(w => w.Message.Contains("captured_at")).ShouldHaveSingleItem().Source.ShouldBe("k8s/events-all.txt");
    }

    [Fact]
    public void DescribePod_ContainersStatesLimitsAndEvents()
    {
        using var bundle = new TestBundle()
            .Copy("incident.yaml", TestBundle.Fixture("incident.yaml"))
            .Copy("k8s/describe-api.txt", TestBundle.Fixture("kubectl-describe-pod.txt"));

        var evidence = bundle.ReadOk();

        var pod = evidence.Objects.ShouldHaveSingleItem();
        pod.Entity.ShouldBe(new EntityRef("Pod", "production", "api-7f9c8d6b5-x2x7k"));
        pod.Ref.ShouldBe(new EvidenceRef("k8s/describe-api.txt", 1));
        pod.Labels["pod-template-hash"].ShouldBe("7f9c8d6b5");
        pod.Owners.ShouldBe([("ReplicaSet", "api-7f9c8d6b5")]);
        KubeObject.Str(pod.Json["spec"]!["nodeName"]).ShouldBe("ip-10-0-1-23.ec2.internal");
        var api = pod.Json["status"]!["containerStatuses"]![0]!;
        KubeObject.Str(api["name"]).ShouldBe("api");
        api["restartCount"]!.GetValue<int>().ShouldBe(8);
        api["ready"]!.GetValue<bool>().ShouldBeFalse();
        KubeObject.Str(api["state"]!["waiting"]!["reason"]).ShouldBe("CrashLoopBackOff");
        KubeObject.Str(api["lastState"]!["terminated"]!["reason"]).ShouldBe("OOMKilled");
        api["lastState"]!["terminated"]!["exitCode"]!.GetValue<int>().ShouldBe(137);
        KubeObject.Str(api["lastState"]!["terminated"]!["finishedAt"]).ShouldBe("2024-01-15T14:22:45Z");
        var spec = pod.Json["spec"]!["containers"]![0]!;
        KubeObject.Str(spec["image"]).ShouldBe("registry.example.com/api:1.14.0");
        KubeObject.Str(spec["resources"]!["limits"]!["memory"]).ShouldBe("512Mi");
        KubeObject.Str(pod.Json["status"]!["containerStatuses"]![1]!["state"]!["running"]!["startedAt"]).ShouldBe("2024-01-15T14:05:14Z");
        evidence.Events.Count.ShouldBe(3);
        var backoff = evidence.Events.Single(e => e.Reason == "BackOff");
        backoff.Count.ShouldBe(80);
        backoff.Component.ShouldBe("kubelet");
        backoff.Involved.ShouldBe(pod.Entity);
        backoff.LastSeen.ShouldBe(new DateTimeOffset(2024, 1, 15, 14, 28, 0, TimeSpan.Zero));
        backoff.Ref.Line.ShouldBe(78);
    }
}
