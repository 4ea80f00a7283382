using BenchmarkDotNet.Running;

namespace Firefighter.Bench;

/// <summary>Entry point: a named harness (<c>investigate</c>, <c>loghub</c>, <c>nab</c>...) or BenchmarkDotNet micro-benchmarks.</summary>
public static partial class Program
{
    public static int Main(string[] args)
    {
        var harnesses = Harnesses().ToDictionary(h => h.Name, StringComparer.OrdinalIgnoreCase);
        if (args.Length > 0 && harnesses.TryGetValue(args[0], out var harness))
        {
            return harness.Run(args[1..]);
        }
        if (args.Length > 0 && args[0] is "list" or "--help")
        {
            foreach (var h in harnesses.Values.OrderBy(h => h.Name, StringComparer.Ordinal))
            {
                Console.WriteLine($"{h.Name,-16} {h.Description}");
            }
            Console.WriteLine("(anything else goes to BenchmarkDotNet: --filter '*')");
            return 0;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    [Discover]
    private static partial IReadOnlyList<IHarness> Harnesses();
}

/// <summary>An accuracy or throughput harness that prints a table; found at build time, one file each.</summary>
public interface IHarness
{
    /// <summary>Name on the command line: <c>dotnet run -c Release --project bench/Firefighter.Bench -- NAME</c>.</summary>
    string Name { get; }

    /// <summary>One line on what it measures.</summary>
    string Description { get; }

    /// <summary>Runs and prints; returns the process exit code.</summary>
    int Run(string[] args);
}
