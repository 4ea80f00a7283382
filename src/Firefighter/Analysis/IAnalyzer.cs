namespace Firefighter.Analysis;

/// <summary>An analyzer turns evidence into findings. Add one by writing one class; the registry finds it.</summary>
/// <remarks>Implementations never throw on bad data (they report it as warnings), never mutate the evidence, and are thread-safe: analyzers run in parallel.</remarks>
public interface IAnalyzer
{
    /// <summary>Registry name, selectable with <c>--analyzer</c> (<c>k8s.pods</c>, <c>logs.errors</c>...).</summary>
    string Name { get; }

    /// <summary>The finding kinds it can emit (entries of the catalogue); a test holds every emitted finding to it.</summary>
    IReadOnlyList<FindingKind> Emits { get; }

    /// <summary>Analyzes the evidence.</summary>
    AnalyzerResult Analyze(AnalysisContext context);
}
