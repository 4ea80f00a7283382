namespace Firefighter.Reports.Rendering;

/// <summary>All report renderers by format name; a renderer is one file implementing <see cref="IReportRenderer"/>.</summary>
public sealed partial class ReportRenderers
{
    private readonly Dictionary<string, IReportRenderer> _byFormat;

    /// <summary>Creates a registry from the given renderers.</summary>
    public ReportRenderers(IEnumerable<IReportRenderer> renderers)
    {
        _byFormat = renderers.ToDictionary(r => r.Format, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The built-in renderers: every <see cref="IReportRenderer"/> of this assembly, found at build time.</summary>
    public static ReportRenderers BuiltIn { get; } = new(Discovered());

    [Discover]
    private static partial IReadOnlyList<IReportRenderer> Discovered();

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
