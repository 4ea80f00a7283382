using System.Diagnostics;
using System.Text.RegularExpressions;
using Firefighter.Sources.Bundles;

namespace Firefighter.Testing.Fuzz;

/// <summary>What one fuzz case did: the property it broke (null when none), and what it cost.</summary>
public sealed record FuzzResult(string? Violation, int Warnings, int Items, TimeSpan Elapsed);

/// <summary>Runs a generated file through the bundle reader as a one-file bundle and checks the properties: no exception (not even one the
/// reader's safety net turned into a warning), every warning names the file (or the bundle), and the reading ends.</summary>
public static partial class FuzzRunner
{
    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2024, 1, 16, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The limits used: the defaults, with the per-file read cap lowered so a generated bomb stops early.</summary>
    public static BundleReadOptions Options { get; } = BundleReadOptions.Default with { MaxReadBytesPerFile = 64L * 1024 * 1024, MaxBundleBytes = 64L * 1024 * 1024 };

    /// <summary>Reads <paramref name="c"/> and returns the first property it breaks, if any.</summary>
    public static FuzzResult Run(FuzzCase c)
    {
        var watch = Stopwatch.StartNew();
        BundleReadResult result;
        try
        {
            var data = c.Data;
            var file = new BundleFile(c.Path, data.Length, () => new MemoryStream(data, writable: false));
            result = BundleReader.ReadFiles("fuzz", [file], [], Clock, Options, ReaderRegistry.BuiltIn);
        }
        catch (Exception e)
        {
            return new FuzzResult($"exception escaped: {e.GetType().Name}: {e.Message}", 0, 0, watch.Elapsed);
        }
        watch.Stop();
        if (result.Evidence is not { } evidence)
        {
            return new FuzzResult($"bundle failed: {result.Error}", 0, 0, watch.Elapsed);
        }
        foreach (var w in evidence.Warnings)
        {
            if (w.Source != c.Path && w.Source != "fuzz")
            {
                return new FuzzResult($"warning does not name the file: {w}", evidence.Warnings.Count, 0, watch.Elapsed);
            }
            if (SafetyNet().IsMatch(w.Message))
            {
                return new FuzzResult($"exception caught by the safety net: {w}", evidence.Warnings.Count, 0, watch.Elapsed);
            }
        }
        var items = evidence.Logs.Count + evidence.Metrics.Count + evidence.Objects.Count + evidence.Events.Count + evidence.Changes.Count + evidence.Alerts.Count + evidence.Spans.Count;
        return new FuzzResult(null, evidence.Warnings.Count, items, watch.Elapsed);
    }

    /// <summary>The generic catch of <see cref="BundleReader"/> and of the structured readers: an exception a reader did not expect.</summary>
    [GeneratedRegex(@"(could not be read|item skipped|could not tell its format): (?!IOException|InvalidDataException|ReadLimitException)\w+Exception")]
    private static partial Regex SafetyNet();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
