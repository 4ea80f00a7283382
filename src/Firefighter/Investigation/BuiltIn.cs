using Firefighter.Analysis;

namespace Firefighter.Investigation;

/// <summary>The analyzers shipped in this assembly: every <see cref="IAnalyzer"/> with a parameterless constructor, found at build time.</summary>
public static partial class BuiltIn
{
    /// <summary>The built-in analyzers by name.</summary>
    public static AnalyzerRegistry Analyzers { get; } = new(Discovered());

    [Discover]
    private static partial IReadOnlyList<IAnalyzer> Discovered();
}
