using Firefighter.Evidence;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Readers;
using Firefighter.Testing.Fuzz;

namespace Firefighter.Sources.Tests.Fuzz;

/// <summary>Files the long fuzz run found (kept under TestData/fuzz-found, named by the folder they were read from), read by their reader directly so an exception shows.</summary>
public class FoundFileTests
{
    public static TheoryData<string> Files() => [.. Directory.EnumerateFiles(TestBundle.Fixture("fuzz-found"), "*.log").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Files))]
    public void FoundInput_IsReadWithoutException(string name)
    {
        var data = File.ReadAllBytes(TestBundle.Fixture(Path.Combine("fuzz-found", name)));
        var path = "logs/" + name;
        var file = new BundleFile(path, data.Length, () => new MemoryStream(data, writable: false));
        var context = new ReadContext(new EvidenceSet(), TestBundle.Clock, BundleReadOptions.Default);

        var records = new LogFileReader().Read(file, context);

        records.ShouldBeGreaterThan(0);
        FuzzRunner.Run(new FuzzCase(path, data, "found")).Violation.ShouldBeNull();
    }
}
