using CsCheck;
using Firefighter.Testing.Fuzz;

namespace Firefighter.Sources.Tests.Fuzz;

/// <summary>The fast fuzz batch (issue 16): generated and mutated inputs for every reader; no exception, every warning names the file.
/// The long run (1 M cases) is <c>dotnet run -c Release --project bench/Firefighter.Bench -- fuzz</c>.</summary>
public class ReaderFuzzTests
{
    private static void Check(Gen<FuzzCase> gen, long iterations) =>
        gen.Sample(c => FuzzRunner.Run(c).Violation.ShouldBeNull(c.ToString()), iter: iterations, print: c => c.ToString());

    [Fact]
    public void MutatedSeeds_NeverThrow() => Check(FuzzInputs.Mutated(), 7_000);

    [Fact]
    public void Gzipped_NeverThrow() => Check(FuzzInputs.Gzipped(), 1_500);

    [Fact]
    public void RandomBytes_NeverThrow() => Check(FuzzInputs.RandomBytes(), 1_500);

    [Fact]
    public void LongLines_NeverThrow() => Check(FuzzInputs.LongLines(), 100);

    [Fact]
    public void DeepNesting_NeverThrow() => Check(FuzzInputs.DeepNesting(), 100);

    [Fact]
    public void AliasBombs_NeverThrow() => Check(FuzzInputs.AliasBomb(), 100);

    [Fact]
    public void SeedsAreLoaded() => FuzzInputs.Seeds.Count.ShouldBeGreaterThan(20);
}
