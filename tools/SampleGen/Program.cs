using Firefighter.SampleGen;

// Usage: dotnet run --project tools/SampleGen [-- <samples-dir>]; default is <repo>/samples.
var target = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(SampleBundles.FindRepoRoot(AppContext.BaseDirectory), "samples");
foreach (var written in SampleBundles.GenerateAll(target))
{
    Console.WriteLine(written);
}
