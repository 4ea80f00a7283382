using Firefighter.Analysis;
using Firefighter.Investigation;
using Firefighter.Prevention.Rules;
using Firefighter.Reports.Rendering;
using Firefighter.Sources.Bundles;

namespace Firefighter.Sources.Tests.Bundles;

/// <summary>The build-time [Discover] lists hold exactly the implementations a reflection scan finds (the scan lives only here, in a test).</summary>
public class DiscoveryTests
{
    private static List<string> Concrete<T>() =>
        typeof(T).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(T).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => t.FullName!).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Every_analyzer_class_is_a_built_in_analyzer() =>
        BuiltIn.Analyzers.All.Select(a => a.GetType().FullName!).Order(StringComparer.Ordinal).ShouldBe(Concrete<IAnalyzer>());

    [Fact]
    public void Every_reader_class_is_registered_and_asked_by_priority()
    {
        var all = ReaderRegistry.BuiltIn.All;
        all.Select(r => r.GetType().FullName!).Order(StringComparer.Ordinal).ShouldBe(Concrete<IEvidenceReader>());
        all.Select(r => r.Priority).ShouldBeInOrder();
        all[^1].ShouldBeOfType<Firefighter.Sources.Readers.LogFileReader>();
    }

    [Fact]
    public void Every_renderer_and_recipe_class_is_registered()
    {
        ReportRenderers.BuiltIn.Formats.Count.ShouldBe(Concrete<IReportRenderer>().Count);
        AlertRecipes.Ids.Count.ShouldBe(Concrete<IAlertRecipe>().Count);
    }
}
