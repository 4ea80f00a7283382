namespace Firefighter.Sources.Bundles;

/// <summary>The evidence readers; a new format is one new file under Readers/, found at build time.</summary>
public sealed partial class ReaderRegistry
{
    /// <summary>Creates a registry that asks the readers in the given order.</summary>
    public ReaderRegistry(IEnumerable<IEvidenceReader> readers)
    {
        All = readers.ToList();
    }

    /// <summary>Every <see cref="IEvidenceReader"/> of this assembly (found at build time), asked in <see cref="IEvidenceReader.Priority"/> order.</summary>
    public static ReaderRegistry BuiltIn { get; } = new(Discovered()
        .OrderBy(r => r.Priority).ThenBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.GetType().Name, StringComparer.Ordinal));

    [Discover]
    private static partial IReadOnlyList<IEvidenceReader> Discovered();

    /// <summary>The readers, in the order they are asked.</summary>
    public IReadOnlyList<IEvidenceReader> All { get; }

    /// <summary>The first reader that reads <paramref name="file"/>, or null when none does.</summary>
    public IEvidenceReader? Find(BundleFile file)
    {
        foreach (var reader in All)
        {
            if (reader.CanRead(file))
            {
                return reader;
            }
        }
        return null;
    }
}
