using Firefighter.Evidence;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Reads the text table printed by <c>kubectl get events</c> (with or without NAMESPACE, with or without <c>-o wide</c>) under k8s/.</summary>
public sealed class KubectlEventsTableReader : IEvidenceReader
{
    /// <inheritdoc />
    public string Kind => "events";

    /// <inheritdoc />
    public int Priority => 10; // sniffs the events table header

    /// <inheritdoc />
    public bool CanRead(BundleFile file) =>
        file.Folder == "k8s" && !StructuredFile.IsStructured(file) && !file.LooksBinary && KubectlTable.Columns(file.FirstLine) is not null;

    /// <inheritdoc />
    public int Read(BundleFile file, ReadContext context)
    {
        List<(string Name, int Start)>? columns = null;
        var count = 0;
        foreach (var (line, text) in TextLines.Read(file, context))
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (columns is null)
            {
                columns = KubectlTable.Columns(text);
                continue;
            }
            if (KubectlTable.Columns(text) is { } again)
            {
                // Concatenated outputs repeat the header, possibly with other columns.
                columns = again;
                continue;
            }
            if (text.StartsWith("No resources found", StringComparison.Ordinal))
            {
                continue;
            }
            var cells = KubectlTable.Cells(text, columns);
            var ev = KubectlTable.ToEvent(cells, null, context.Incident.Namespace, new EvidenceRef(file.Path, line), context, file.Path);
            if (ev is null)
            {
                context.Drop(file.Path, line, 1, "event row without an object or reason; skipped");
                continue;
            }
            context.Evidence.Events.Add(ev);
            count++;
        }
        return count;
    }
}
