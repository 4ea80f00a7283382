using Firefighter.Sources.Bundles;
using Firefighter.Sources.Parsing;
using Firefighter.Sources.Traces;

namespace Firefighter.Sources.Readers;

/// <summary>Reads Jaeger JSON and OTLP JSON trace files under traces/ into spans.</summary>
public sealed class TraceReader : IEvidenceReader
{
    /// <inheritdoc />
    public string Kind => "traces";

    /// <inheritdoc />
    public bool CanRead(BundleFile file) => file.Folder == "traces";

    /// <inheritdoc />
    public int Read(BundleFile file, ReadContext context)
    {
        IReadOnlyList<Firefighter.Evidence.Span> spans;
        IReadOnlyList<Firefighter.Evidence.EvidenceWarning> warnings;
        try
        {
            using var stream = file.OpenRead();
            (spans, warnings) = TraceFileReader.Read(stream, file.Path);
        }
        catch (InvalidOperationException)
        {
            // An unpaired surrogate escape ("\ud800") trips the streaming reader's name comparisons: read the file again with those
            // escapes replaced by U+FFFD, so one bad string costs its characters, not the file.
            if (TextLines.ReadAllBytes(file, context) is not { } bytes)
            {
                return 0;
            }
            var replaced = Firefighter.Parsing.JsonStrings.ReplaceLoneSurrogateEscapes(bytes);
            (spans, warnings) = TraceFileReader.Read(new MemoryStream(bytes, writable: false), file.Path);
            context.Warn(file.Path, null, $"{replaced} invalid \\u escape(s) (unpaired surrogates) replaced with U+FFFD");
        }
        context.Evidence.Spans.AddRange(spans);
        context.Evidence.Warnings.AddRange(warnings);
        return spans.Count;
    }
}
