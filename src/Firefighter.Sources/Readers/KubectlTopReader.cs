using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Firefighter.Evidence;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Reads <c>kubectl top pods</c> (with or without NAMESPACE, with <c>--containers</c>) and <c>kubectl top nodes</c> under k8s/ as the
/// metrics API objects they print: <c>PodMetrics</c> (containers[].usage.cpu/memory; a pod total is one container named empty) and
/// <c>NodeMetrics</c> (usage, with the CPU% and MEMORY% columns as annotations), each citing its row.</summary>
public sealed partial class KubectlTopReader : IEvidenceReader
{
    /// <inheritdoc />
    public string Kind => "k8s";

    /// <inheritdoc />
    public int Priority => 10; // sniffs its header

    /// <inheritdoc />
    public bool CanRead(BundleFile file) =>
        file.Folder == "k8s" && !StructuredFile.IsStructured(file) && !file.LooksBinary && Header().IsMatch(file.FirstLine);

    /// <inheritdoc />
    public int Read(BundleFile file, ReadContext context)
    {
        List<string>? columns = null;
        var pods = new Dictionary<(string?, string), (JsonObject Json, int Line)>();
        var count = 0;
        foreach (var (line, text) in TextLines.Read(file, context))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (Header().IsMatch(text))
            {
                columns = [.. Cells().Split(text.Trim())];
                continue;
            }
            if (columns is null)
            {
                continue;
            }
            // A trailing "# comment" (pasted annotations) is not a cell.
            var hash = text.IndexOf(" #", StringComparison.Ordinal);
            var cells = Cells().Split((hash > 0 ? text[..hash] : text).Trim());
            if (cells.Length < columns.Count)
            {
                continue;
            }
            string Cell(string name)
            {
                var i = columns.IndexOf(name);
                return i >= 0 && i < cells.Length ? cells[i] : "";
            }
            var cpu = Cell("CPU(cores)");
            var memory = Cell("MEMORY(bytes)");
            var usage = new JsonObject { ["cpu"] = cpu, ["memory"] = memory };
            var reference = new EvidenceRef(file.Path, line);
            if (columns.Contains("CPU%"))
            {
                var name = Cell("NAME");
                var json = new JsonObject
                {
                    ["apiVersion"] = "metrics.k8s.io/v1beta1",
                    ["kind"] = "NodeMetrics",
                    ["metadata"] = new JsonObject { ["name"] = name, ["annotations"] = new JsonObject { ["firefighter.dev/cpu-percent"] = Cell("CPU%"), ["firefighter.dev/memory-percent"] = Cell("MEMORY%") } },
                    ["usage"] = usage,
                };
                context.Evidence.Objects.Add(new KubeObject("NodeMetrics", null, name, json, reference));
                count++;
                continue;
            }
            var ns = columns.Contains("NAMESPACE") ? Cell("NAMESPACE") : context.Incident.Namespace;
            var pod = columns.Contains("POD") ? Cell("POD") : Cell("NAME");
            var container = columns.Contains("POD") ? Cell("NAME") : "";
            if (!pods.TryGetValue((ns, pod), out var entry))
            {
                var json = new JsonObject
                {
                    ["apiVersion"] = "metrics.k8s.io/v1beta1",
                    ["kind"] = "PodMetrics",
                    ["metadata"] = new JsonObject { ["name"] = pod, ["namespace"] = ns },
                    ["containers"] = new JsonArray(),
                };
                pods[(ns, pod)] = entry = (json, line);
                context.Evidence.Objects.Add(new KubeObject("PodMetrics", ns, pod, json, reference));
                count++;
            }
            ((JsonArray)entry.Json["containers"]!).Add(new JsonObject { ["name"] = container, ["usage"] = usage, ["line"] = line });
        }
        return count;
    }

    [GeneratedRegex(@"^(?:NAMESPACE\s+)?(?:POD\s+)?NAME\s+CPU\(cores\)\s+(?:CPU%\s+)?MEMORY\(bytes\)")]
    private static partial Regex Header();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Cells();
}
