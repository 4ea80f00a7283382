using Firefighter.Reports;

namespace Firefighter.Cli.Rendering;

/// <summary>The human view of a <see cref="KubeScanReport"/>: one block per cause, most severe first.</summary>
public static class KubeScanText
{
    /// <summary>Writes the report.</summary>
    public static void Write(TextWriter w, KubeScanReport report)
    {
        var crit = report.Causes.Count(c => c.Severity == "critical");
        var warn = report.Causes.Count(c => c.Severity == "warning");
        var info = report.Causes.Count - crit - warn;
        w.WriteLine($"{crit + warn} problem(s) ({crit} critical, {warn} warning), {info} note(s) in {report.Objects} objects and {report.Events} events, as of {report.AsOf:yyyy-MM-dd HH:mm} UTC");
        foreach (var c in report.Causes)
        {
            w.WriteLine();
            w.WriteLine($"{c.Severity.ToUpperInvariant(),-8} {c.Kind}  {c.Message}");
            if (c.Names.Count > 1)
            {
                w.WriteLine($"  affects {c.Names.Count} {c.EntityKind.ToLowerInvariant()}(s){(c.Deployment is { } d ? $" of deployment {d}" : "")}: {string.Join(", ", c.Names.Take(5))}{(c.Names.Count > 5 ? $" (+{c.Names.Count - 5} more)" : "")}");
            }
            foreach (var e in c.Evidence.Take(3))
            {
                w.WriteLine($"  evidence: {e}");
            }
            foreach (var cmd in c.Commands.Take(4))
            {
                w.WriteLine($"  run: {cmd}");
            }
        }
    }
}
