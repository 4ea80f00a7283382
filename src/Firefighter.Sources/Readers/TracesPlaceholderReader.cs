using Firefighter.Sources.Bundles;

namespace Firefighter.Sources.Readers;

/// <summary>Claims files under traces/ so they are listed (kind <c>traces-unread</c>) without a warning: traces are read in a later version.</summary>
public sealed class TracesPlaceholderReader : IEvidenceReader
{
    /// <inheritdoc />
    public string Kind => "traces-unread";

    /// <inheritdoc />
    public bool CanRead(BundleFile file) => file.Folder == "traces";

    /// <inheritdoc />
    public int Read(BundleFile file, ReadContext context) => 0;
}
