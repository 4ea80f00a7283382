using Firefighter.Correlation;
using Firefighter.Evidence;
using Firefighter.Testing;

namespace Firefighter.Tests.Correlation;

public sealed class EntityGraphTests
{
    // As `kubectl get svc,pods -o yaml` prints them: one Service selecting two pods of a Deployment, one pod outside any Service.
    private const string Objects = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Service
          metadata: { name: api, namespace: shop }
          spec: { clusterIP: 10.96.12.7, selector: { app: api }, ports: [ { port: 8080 } ] }
        - apiVersion: v1
          kind: Pod
          metadata:
            name: api-6b7ddd89c6-4x9kl
            namespace: shop
            labels: { app: api }
            ownerReferences: [ { apiVersion: apps/v1, kind: ReplicaSet, name: api-6b7ddd89c6 } ]
          spec: { containers: [ { name: api, image: "shop/api:2.3.1" } ] }
          status: { phase: Running, podIP: 10.1.3.45, podIPs: [ { ip: 10.1.3.45 }, { ip: "fd00::3:45" } ] }
        - apiVersion: v1
          kind: Pod
          metadata: { name: batch-1, namespace: shop, labels: { app: batch } }
          spec: { containers: [ { name: batch, image: "shop/batch:1" } ] }
          status: { phase: Running, podIP: 10.1.9.9 }
        """;

    [Theory]
    [InlineData("api")]
    [InlineData("api.shop.svc.cluster.local:8080")]
    [InlineData("10.96.12.7:8080")]
    [InlineData("10.1.3.45:8080")]
    [InlineData("10.1.3.45")]
    public void A_service_name_its_cluster_IP_or_the_IP_of_a_pod_behind_it_resolve_to_the_service(string host)
    {
        var graph = new EntityGraph(KubeTestKit.Load(Objects));

        graph.ServiceByHost(host).ShouldBe(new EntityRef("Service", "shop", "api"));
    }

    [Theory]
    [InlineData("10.1.9.9:8080")]
    [InlineData("10.1.3.46:8080")]
    [InlineData("db.internal:5432")]
    public void A_pod_behind_no_service_or_an_address_nobody_has_does_not_resolve(string host)
    {
        var graph = new EntityGraph(KubeTestKit.Load(Objects));

        graph.ServiceByHost(host).ShouldBeNull();
    }
}
