using Firefighter.Sources.Bundles;
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
        using var stream = file.OpenRead();
        var (spans, warnings) = TraceFileReader.Read(stream, file.Path);
        context.Evidence.Spans.AddRange(spans);
        context.Evidence.Warnings.AddRange(warnings);
        return spans.Count;
    }
}
