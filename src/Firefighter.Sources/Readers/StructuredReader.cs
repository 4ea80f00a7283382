using System.Text.Json.Nodes;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;
using Firefighter.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Base of the readers of JSON/YAML files: loads the document once (parse errors become warnings) and hands each top-level item, with its line, to <see cref="ReadItem"/>.</summary>
public abstract class StructuredReader : IEvidenceReader
{
    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <inheritdoc />
    public abstract bool CanRead(BundleFile file);

    /// <inheritdoc />
    public int Read(BundleFile file, ReadContext context)
    {
        var doc = StructuredFile.Load(file, context);
        if (doc is null)
        {
            return 0;
        }
        var count = 0;
        foreach (var (node, line) in doc.Items())
        {
            try
            {
                count += ReadItem(node, line, file, doc, context);
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or OverflowException or KeyNotFoundException or IndexOutOfRangeException or InvalidCastException)
            {
                // A value of an unexpected shape costs its item, not the file.
                context.Warn(file.Path, line, $"item skipped: {e.GetType().Name}: {e.Message}");
            }
        }
        return count;
    }

    /// <summary>Reads one top-level item (a document, an array element or a JSON line); returns how many evidence items it gave.</summary>
    private protected abstract int ReadItem(JsonNode? node, int line, BundleFile file, StructuredDocument doc, ReadContext context);
}
