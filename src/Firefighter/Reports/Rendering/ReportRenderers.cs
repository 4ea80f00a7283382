namespace Firefighter.Reports.Rendering;

/// <summary>All report renderers by format name, discovered from this assembly.</summary>
public sealed class ReportRenderers
{
    private readonly Dictionary<string, IReportRenderer> _byFormat;

    /// <summary>Creates a registry from the given renderers.</summary>
    public ReportRenderers(IEnumerable<IReportRenderer> renderers)
    {
        _byFormat = renderers.ToDictionary(r => r.Format, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The built-in renderers (every public non-abstract <see cref="IReportRenderer"/> with a parameterless constructor in this assembly).</summary>
    public static ReportRenderers BuiltIn { get; } = new(
        typeof(IReportRenderer).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IReportRenderer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (IReportRenderer)Activator.CreateInstance(t)!));

    /// <summary>All format names, sorted.</summary>
    public IReadOnlyList<string> Formats => _byFormat.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The renderer for a format name or file extension (<c>md</c>, <c>html</c>, <c>json</c>), or null.</summary>
    public IReportRenderer? Find(string formatOrExtension)
    {
        var key = formatOrExtension.TrimStart('.');
        return _byFormat.TryGetValue(key, out var r)
            ? r
            : _byFormat.Values.FirstOrDefault(v => v.Extension.Equals(key, StringComparison.OrdinalIgnoreCase));
    }
}
