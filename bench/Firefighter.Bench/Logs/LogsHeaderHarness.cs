using Firefighter.Parsing;

namespace Firefighter.Bench.Logs;

/// <summary>Shows the header learned from each given file and where it strips differently from the built-in detection.</summary>
public sealed class LogsHeaderHarness : IHarness
{
    public string Name => "logs-header";

    public string Description => "Learned header shape of each FILE vs the built-in per-line detection (diagnostic)";

    public int Run(string[] args)
    {
        foreach (var path in args)
        {
            var lines = File.ReadLines(path).Take(5000).ToList();
            var shape = HeaderShape.Learn(lines);
            var builtIn = new LogLineParser(null);
            var learned = new LogLineParser(null, shape: shape);
            var differ = 0;
            foreach (var l in lines)
            {
                var a = builtIn.Parse(l).Content.ToString();
                var b = learned.Parse(l).Content.ToString();
                if (a == b) { continue; }
                if (differ++ < 3) { Console.WriteLine($"  built-in [{a}]\n  learned  [{b}]"); }
            }
            Console.WriteLine($"{Path.GetFileName(path)}: learned {shape?.Columns ?? 0} columns; {differ} of {lines.Count} messages differ from the built-in detection");
        }
        return 0;
    }
}
