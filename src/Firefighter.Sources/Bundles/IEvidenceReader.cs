namespace Firefighter.Sources.Bundles;

/// <summary>Reads one kind of bundle file into evidence; one class per format under Readers/, found at build time.</summary>
/// <remarks>Implementations never throw on bad data: they append warnings naming the file and line. An exception that escapes
/// anyway is turned into a warning by <see cref="BundleReader"/>.</remarks>
public interface IEvidenceReader
{
    /// <summary>What the file is recorded as in <see cref="Evidence.EvidenceSet.Files"/> (logs, metrics, k8s, events, changes, alerts...).</summary>
    string Kind { get; }

    /// <summary>When several readers could read a file, the lowest priority is asked first (content sniffers 10, the default 50, catch-alls 100);
    /// ties are broken by <see cref="Kind"/> then type name, never by discovery order.</summary>
    int Priority => 50;

    /// <summary>Whether this reader reads the file, decided from its path and first bytes.</summary>
    bool CanRead(BundleFile file);

    /// <summary>Reads the file, appending evidence and warnings to <paramref name="context"/>; returns the number of evidence items added.</summary>
    int Read(BundleFile file, ReadContext context);
}
