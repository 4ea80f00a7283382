using Firefighter.Analysis;
using Firefighter.Investigation;
using Firefighter.Sources.Bundles;
using Firefighter.Testing;

namespace Firefighter.Sources.Tests.Investigation;

/// <summary>Every finding emitted on real and sample evidence keeps the catalogue's contract: a known kind its analyzer declares, a severity no higher than the kind's, only declared attributes.</summary>
public class FindingContractTests
{
    public static TheoryData<string> Bundles()
    {
        var data = new TheoryData<string>();
        foreach (var s in new[] { "oom-after-deploy", "db-connection-refused", "healthy" })
        {
            data.Add(RepoPaths.InRepo("samples", s));
        }
        foreach (var dir in Directory.GetDirectories(RepoPaths.InShared("datasets", "incidents")).Order(StringComparer.Ordinal))
        {
            data.Add(dir);
        }
        foreach (var f in Directory.GetFiles(RepoPaths.InShared("datasets", "k8s"), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(f);
        }
        data.Add(Directory.GetFiles(RepoPaths.InShared("datasets", "rca", "nezha"), "tt-*.tar.gz").Order(StringComparer.Ordinal).First());
        data.Add(Directory.GetFiles(RepoPaths.InShared("datasets", "rca", "nezha"), "ob-*.tar.gz").Order(StringComparer.Ordinal).First());
        return data;
    }

    [Theory]
    [MemberData(nameof(Bundles))]
    public void Findings_keep_the_catalogue_contract(string path)
    {
        // A loose manifest is read as the one file of a bundle's k8s/ folder.
        var temp = File.Exists(path) && !path.EndsWith(".tar.gz", StringComparison.Ordinal) ? Directory.CreateTempSubdirectory("ff-contract") : null;
        if (temp is not null)
        {
            Directory.CreateDirectory(Path.Combine(temp.FullName, "k8s"));
            File.Copy(path, Path.Combine(temp.FullName, "k8s", Path.GetFileName(path)));
        }
        var read = BundleReader.Read(temp?.FullName ?? path, TimeProvider.System);
        temp?.Delete(true);
        var evidence = read.Evidence.ShouldNotBeNull();
        var signatures = KnowledgeBase.Load([RepoPaths.InRepo("signatures")]).Signatures;
        var report = new Investigator(BuiltIn.Analyzers, signatures, TimeProvider.System).Investigate(evidence);
        var byName = BuiltIn.Analyzers.All.ToDictionary(a => a.Name);

        foreach (var f in report.Findings)
        {
            var kind = FindingCatalogue.Find(f.Kind).ShouldNotBeNull($"{f.Kind} is not in the catalogue");
            if (byName.TryGetValue(f.Analyzer, out var analyzer))
            {
                analyzer.Emits.ShouldContain(kind, $"{f.Analyzer} emitted {f.Kind} without declaring it");
            }
            ((int)f.Severity).ShouldBeLessThanOrEqualTo((int)kind.MaxSeverity, $"{f.Kind}: {f.Title}");
            if (!kind.Attributes.Contains(FindingKind.AnyAttribute))
            {
                f.Attributes.Keys.Where(a => a != "namespace" && !kind.Attributes.Contains(a)).ShouldBeEmpty($"{f.Kind} carries undeclared attributes");
            }
        }
    }
}
