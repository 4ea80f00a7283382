using System.Text.RegularExpressions;
using Firefighter.Parsing;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Reads Kubernetes YAML saved under a text name in k8s/ (<c>kubectl get -o yaml &gt; x.txt</c>, <c>argocd app manifests</c>, a
/// pasted manifest): multi-document YAML whose head has top-level <c>apiVersion:</c> and <c>kind:</c> keys, read like any manifest.</summary>
public sealed partial class KubeYamlTextReader : IEvidenceReader
{
    /// <inheritdoc />
    public string Kind => "k8s";

    /// <inheritdoc />
    public int Priority => 10; // sniffs its header

    /// <inheritdoc />
    public bool CanRead(BundleFile file)
    {
        if (file.Folder != "k8s" || StructuredFile.IsStructured(file) || file.LooksBinary)
        {
            return false;
        }
        var head = file.HeadText;
        return ApiVersion().IsMatch(head) && KindLine().IsMatch(head) && (file.FirstLine.StartsWith("---", StringComparison.Ordinal) || file.FirstLine.StartsWith("apiVersion:", StringComparison.Ordinal) || file.FirstLine.StartsWith("kind:", StringComparison.Ordinal));
    }

    /// <inheritdoc />
    public int Read(BundleFile file, ReadContext context)
    {
        var text = TextLines.ReadAll(file, context);
        if (text is null)
        {
            return 0;
        }
        var doc = YamlTree.Parse(text);
        foreach (var error in doc.Errors)
        {
            context.Warn(file.Path, error.Line, error.Message);
        }
        var count = 0;
        foreach (var (node, line) in doc.Items())
        {
            count += KubeManifestReader.ReadValue(node, line, file, doc, context);
        }
        return count;
    }

    [GeneratedRegex(@"(?m)^apiVersion:\s*\S")]
    private static partial Regex ApiVersion();

    [GeneratedRegex(@"(?m)^kind:\s*[A-Z]")]
    private static partial Regex KindLine();
}
