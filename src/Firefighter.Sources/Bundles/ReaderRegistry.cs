namespace Firefighter.Sources.Bundles;

/// <summary>The evidence readers; built-in ones are discovered from this assembly, so a new format is one new file under Readers/.</summary>
public sealed class ReaderRegistry
{
    /// <summary>Creates a registry that asks the readers in the given order.</summary>
    public ReaderRegistry(IEnumerable<IEvidenceReader> readers)
    {
        All = readers.ToList();
    }

    /// <summary>Every public non-abstract <see cref="IEvidenceReader"/> with a parameterless constructor in this assembly, ordered by full name.</summary>
    public static ReaderRegistry BuiltIn { get; } = new(
        typeof(IEvidenceReader).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false, IsPublic: true } && typeof(IEvidenceReader).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IEvidenceReader)Activator.CreateInstance(t)!));

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
