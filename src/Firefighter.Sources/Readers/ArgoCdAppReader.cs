using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Firefighter.Evidence;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Reads what the Argo CD CLI prints under k8s/: <c>argocd app get</c> (the header fields, the last operation and the resource table
/// with its per-object messages) and <c>argocd app list</c> (one row per application), as <c>Application</c> objects (argoproj.io/v1alpha1)
/// shaped like the custom resource: <c>status.sync</c>, <c>status.health</c>, <c>status.operationState</c> with
/// <c>syncResult.resources[].message</c>, <c>status.resources</c>.</summary>
/// <remarks>So an Application read from the CLI and one read with <c>kubectl get application -o yaml</c> are judged alike. Every object cites the
/// file and the line of the application's name; messages cite their row.</remarks>
public sealed partial class ArgoCdAppReader : IEvidenceReader
{
    /// <inheritdoc />
    public string Kind => "k8s";

    /// <inheritdoc />
    public int Priority => 5; // sniffs "Sync Status:" under "Name:", before the describe reader takes the "Name:" line

    /// <inheritdoc />
    public bool CanRead(BundleFile file)
    {
        if (file.Folder != "k8s" || StructuredFile.IsStructured(file) || file.LooksBinary)
        {
            return false;
        }
        var first = file.FirstLine;
        return (first.StartsWith("Name:", StringComparison.Ordinal) && file.HeadText.Contains("Sync Status:", StringComparison.Ordinal))
            || ListHeader().IsMatch(first);
    }

    /// <inheritdoc />
    public int Read(BundleFile file, ReadContext context)
    {
        var lines = TextLines.Read(file, context).ToList();
        return ListHeader().IsMatch(file.FirstLine) ? ReadList(lines, file, context) : ReadGet(lines, file, context);
    }

    private static int ReadGet(List<(int Line, string Text)> lines, BundleFile file, ReadContext context)
    {
        var fields = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        var i = 0;
        for (; i < lines.Count; i++)
        {
            var text = lines[i].Text;
            if (text.StartsWith("GROUP ", StringComparison.Ordinal) || (text.Contains(" KIND ", StringComparison.Ordinal) && text.Contains("NAME", StringComparison.Ordinal) && text.Contains("STATUS", StringComparison.Ordinal)))
            {
                break;
            }
            if (Field().Match(text) is { Success: true } m)
            {
                fields.TryAdd(m.Groups["k"].Value.Trim(), (m.Groups["v"].Value.Trim(), lines[i].Line));
            }
        }
        if (!fields.TryGetValue("Name", out var nameField))
        {
            context.Warn(file.Path, 1, "Argo CD output without an application name; skipped");
            return 0;
        }
        var (appNs, appName) = SplitName(nameField.Value);
        var syncStatus = fields.GetValueOrDefault("Sync Status").Value?.Split(' ', 2)[0];
        var status = new JsonObject
        {
            ["sync"] = new JsonObject { ["status"] = syncStatus },
            ["health"] = new JsonObject { ["status"] = fields.GetValueOrDefault("Health Status").Value },
        };
        var syncResults = new JsonArray();
        var resources = new JsonArray();
        if (i < lines.Count)
        {
            var header = lines[i].Text;
            var columns = Columns(header);
            for (var j = i + 1; j < lines.Count; j++)
            {
                var row = lines[j].Text;
                if (string.IsNullOrWhiteSpace(row))
                {
                    continue;
                }
                var cells = Cells(row, columns);
                var resource = new JsonObject
                {
                    ["group"] = cells.GetValueOrDefault("GROUP", ""),
                    ["kind"] = cells.GetValueOrDefault("KIND", ""),
                    ["namespace"] = cells.GetValueOrDefault("NAMESPACE", ""),
                    ["name"] = cells.GetValueOrDefault("NAME", ""),
                    ["status"] = cells.GetValueOrDefault("STATUS", ""),
                    ["health"] = new JsonObject { ["status"] = cells.GetValueOrDefault("HEALTH", "") },
                    ["line"] = lines[j].Line,
                };
                resources.Add(resource);
                if (cells.GetValueOrDefault("MESSAGE", "") is { Length: > 0 } message)
                {
                    syncResults.Add(new JsonObject
                    {
                        ["group"] = cells.GetValueOrDefault("GROUP", ""),
                        ["kind"] = cells.GetValueOrDefault("KIND", ""),
                        ["namespace"] = cells.GetValueOrDefault("NAMESPACE", ""),
                        ["name"] = cells.GetValueOrDefault("NAME", ""),
                        ["status"] = cells.GetValueOrDefault("STATUS", ""),
                        ["message"] = message,
                        ["line"] = lines[j].Line,
                    });
                }
            }
        }
        status["resources"] = resources;
        if (fields.TryGetValue("Phase", out var phase))
        {
            status["operationState"] = new JsonObject
            {
                ["phase"] = phase.Value,
                ["message"] = fields.GetValueOrDefault("Message").Value,
                ["startedAt"] = fields.GetValueOrDefault("Start").Value,
                ["finishedAt"] = fields.GetValueOrDefault("Finished").Value,
                ["messageLine"] = fields.TryGetValue("Message", out var ml) ? ml.Line : phase.Line,
                ["syncResult"] = new JsonObject { ["revision"] = fields.GetValueOrDefault("Sync Revision").Value, ["resources"] = syncResults },
            };
        }
        var spec = new JsonObject
        {
            ["project"] = fields.GetValueOrDefault("Project").Value,
            ["source"] = new JsonObject { ["repoURL"] = Repo(lines), ["targetRevision"] = fields.GetValueOrDefault("Target").Value, ["path"] = fields.GetValueOrDefault("Path").Value },
            ["destination"] = new JsonObject { ["server"] = fields.GetValueOrDefault("Server").Value, ["namespace"] = fields.GetValueOrDefault("Namespace").Value },
        };
        Add(context, appNs, appName, spec, status, new EvidenceRef(file.Path, nameField.Line));
        return 1;
    }

    private static int ReadList(List<(int Line, string Text)> lines, BundleFile file, ReadContext context)
    {
        var columns = Columns(lines[0].Text);
        var count = 0;
        foreach (var (line, text) in lines.Skip(1))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            var cells = Cells(text, columns);
            var (ns, name) = SplitName(cells.GetValueOrDefault("NAME", ""));
            if (name.Length == 0)
            {
                continue;
            }
            var status = new JsonObject
            {
                ["sync"] = new JsonObject { ["status"] = cells.GetValueOrDefault("STATUS", "") },
                ["health"] = new JsonObject { ["status"] = cells.GetValueOrDefault("HEALTH", "") },
            };
            if (cells.GetValueOrDefault("CONDITIONS", "") is { Length: > 0 } cond && cond != "<none>")
            {
                status["conditions"] = new JsonArray(new JsonObject { ["type"] = cond, ["message"] = cond });
            }
            var spec = new JsonObject
            {
                ["project"] = cells.GetValueOrDefault("PROJECT", ""),
                ["source"] = new JsonObject { ["repoURL"] = cells.GetValueOrDefault("REPO", ""), ["path"] = cells.GetValueOrDefault("PATH", ""), ["targetRevision"] = cells.GetValueOrDefault("TARGET", "") },
                ["destination"] = new JsonObject { ["server"] = cells.GetValueOrDefault("CLUSTER", ""), ["namespace"] = cells.GetValueOrDefault("NAMESPACE", "") },
            };
            Add(context, ns, name, spec, status, new EvidenceRef(file.Path, line));
            count++;
        }
        return count;
    }

    private static void Add(ReadContext context, string ns, string name, JsonObject spec, JsonObject status, EvidenceRef reference)
    {
        var json = new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "Application",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
            ["status"] = status,
        };
        context.Evidence.Objects.Add(new KubeObject("Application", ns, name, json, reference));
    }

    /// <summary>"argocd/demo-app" → ("argocd", "demo-app"); a bare name is in the argocd namespace.</summary>
    private static (string Ns, string Name) SplitName(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("argocd", value) : (value[..slash], value[(slash + 1)..]);
    }

    private static string? Repo(List<(int Line, string Text)> lines)
    {
        foreach (var (_, text) in lines)
        {
            if (RepoLine().Match(text) is { Success: true } m)
            {
                return m.Groups[1].Value.Trim();
            }
        }
        return null;
    }

    /// <summary>Column starts of a header line (words separated by two or more spaces, or single words).</summary>
    private static List<(string Name, int Start)> Columns(string header)
    {
        var columns = new List<(string, int)>();
        foreach (Match m in HeaderWord().Matches(header))
        {
            columns.Add((m.Value, m.Index));
        }
        return columns;
    }

    private static Dictionary<string, string> Cells(string row, List<(string Name, int Start)> columns)
    {
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var c = 0; c < columns.Count; c++)
        {
            var start = columns[c].Start;
            if (start >= row.Length)
            {
                cells[columns[c].Name] = "";
                continue;
            }
            var end = c + 1 < columns.Count ? Math.Min(columns[c + 1].Start, row.Length) : row.Length;
            cells[columns[c].Name] = row[start..end].Trim();
        }
        return cells;
    }

    [GeneratedRegex(@"^(?<k>[A-Z][A-Za-z ]*?):\s*(?<v>.*)$")]
    private static partial Regex Field();

    [GeneratedRegex(@"^-?\s*Repo:\s*(\S+)")]
    private static partial Regex RepoLine();

    [GeneratedRegex(@"^NAME\s+CLUSTER\s+NAMESPACE\s+PROJECT\s+STATUS\s+HEALTH")]
    private static partial Regex ListHeader();

    [GeneratedRegex(@"[A-Z][A-Z_-]*")]
    private static partial Regex HeaderWord();
}
