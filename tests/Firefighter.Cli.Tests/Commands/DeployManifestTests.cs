using Firefighter.Testing;
using YamlDotNet.RepresentationModel;

namespace Firefighter.Cli.Tests.Commands;

/// <summary>The deploy/ manifests stay in step with the CLI: the Deployment's arguments parse as ff serve, the Alertmanager receiver
/// posts where the server listens, and the ServiceAccount may read what ff collect reads.</summary>
public sealed class DeployManifestTests
{
    private static List<YamlMappingNode> Documents(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(RepoPaths.InRepo("deploy", file)));
        stream.Load(reader);
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => int.TryParse(key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) ? ((YamlSequenceNode)n)[i] : ((YamlMappingNode)n)[key]);

    [Fact]
    public void The_deployment_arguments_are_a_valid_ff_serve_command_line()
    {
        var deployment = Documents("serve.yaml").Single(d => d["kind"].ToString() == "Deployment");
        var args = ((YamlSequenceNode)At(deployment, "spec", "template", "spec", "containers", "0", "args")).Select(a => a.ToString()).ToArray();

        var parse = Cli.BuildRoot(new CliContext { Out = TextWriter.Null, Error = TextWriter.Null }).Parse(args);

        args[0].ShouldBe("serve");
        parse.Errors.ShouldBeEmpty();
        At(deployment, "spec", "template", "spec", "containers", "0", "readinessProbe", "httpGet", "path").ToString().ShouldBe("/readyz");
        At(deployment, "spec", "template", "spec", "serviceAccountName").ToString().ShouldBe("firefighter");
    }

    [Fact]
    public void Alertmanager_posts_to_the_alerts_endpoint_and_the_service_account_may_read_logs()
    {
        var receiver = Documents("alertmanager-receiver.yaml").Single();
        var url = At(receiver, "receivers", "1", "webhook_configs", "0", "url").ToString();
        var logs = Documents("serve.yaml").Single(d => d["kind"].ToString() == "ClusterRole");
        var rbac = File.ReadAllText(RepoPaths.InRepo("deploy", "rbac.yaml"));

        new Uri(url).AbsolutePath.ShouldBe("/api/v1/alerts");
        At(logs, "rules", "0", "resources", "0").ToString().ShouldBe("pods/log");
        foreach (var r in Sources.Kubernetes.KubeApiResource.All)
        {
            rbac.ShouldContain(r.Plural);
        }
    }
}
