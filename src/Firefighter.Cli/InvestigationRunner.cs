using System.Diagnostics;
using Firefighter.Evidence;
using Firefighter.Investigation;
using Firefighter.Sources.Bundles;
using Firefighter.Analysis;
using Firefighter.Reports;
using Firefighter.Reports.Rendering;

namespace Firefighter.Cli;

/// <summary>The steps every command that investigates shares: load signatures, read the bundle, run the investigation.</summary>
public static class InvestigationRunner
{
    /// <summary>The outcome: the report, or a one-line error and the exit code to return.</summary>
    public sealed record Outcome(InvestigationReport? Report, EvidenceSet? Evidence, string? Error, int ExitCode);

    /// <summary>Where signatures come from: the built-ins beside the binary, then FF_SIGNATURES, then --signatures.</summary>
    public static IReadOnlyList<string> SignatureDirectories(CliContext context, IEnumerable<string> extra)
    {
        var dirs = new List<string> { Path.Combine(context.BaseDirectory, "signatures") };
        if (context.Env("FF_SIGNATURES") is { Length: > 0 } env)
        {
            dirs.AddRange(env.Split(':', StringSplitOptions.RemoveEmptyEntries));
        }
        dirs.AddRange(extra);
        return dirs;
    }

    /// <summary>How many warnings are printed in full on stderr before the rest are only counted (all with <c>--verbose</c>).</summary>
    public const int WarningsShown = 5;

    /// <summary>Reads the bundle and investigates it.</summary>
    /// <remarks>Unknown analyzers and signature files that cannot be used (from <c>--signatures</c> or FF_SIGNATURES) are usage errors (exit 1);
    /// a bundle that cannot be opened is exit 3, and so is one with too little evidence to judge (status <c>insufficient_evidence</c>).</remarks>
    public static Outcome Run(CliContext context, string bundle, IEnumerable<string> signatureDirs, InvestigationOptions options, BundleReadOptions? readOptions = null,
        bool verbose = false)
    {
        var watch = Stopwatch.StartNew();
        var unknown = options.Analyzers.Count == 0 ? [] : BuiltIn.Analyzers.Select(options.Analyzers).Unknown;
        if (unknown.Count > 0)
        {
            return new Outcome(null, null, $"unknown analyzer{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(u => $"'{u}'"))} (known: {string.Join(", ", BuiltIn.Analyzers.Names)})", ExitCodes.Usage);
        }
        var builtIn = Path.Combine(context.BaseDirectory, "signatures");
        var sigs = KnowledgeBase.Load(SignatureDirectories(context, signatureDirs));
        var userErrors = sigs.Warnings.Where(w => !IsUnder(w.Source, builtIn)).ToList();
        if (userErrors.Count > 0)
        {
            return new Outcome(null, null, "signatures: " + string.Join("; ", userErrors.Select(w => w.ToString())), ExitCodes.Usage);
        }
        var read = BundleReader.Read(bundle, context.Time, readOptions ?? BundleReadOptions.Default, ReaderRegistry.BuiltIn);
        if (read.Evidence is not { } evidence)
        {
            return new Outcome(null, null, read.Error, ExitCodes.CannotRun);
        }
        evidence.Warnings.AddRange(sigs.Warnings);
        var report = new Investigator(BuiltIn.Analyzers, sigs.Signatures, context.Time).Investigate(evidence, options);
        context.Error.WriteLine($"ff: read {evidence.Files.Count} files ({report.Warnings.Count} warnings), {report.Findings.Count} findings, " +
                                $"{report.Hypotheses.Count} hypotheses in {watch.Elapsed.TotalSeconds:0.00}s");
        WriteWarnings(context, report.Warnings, verbose);
        if (report.Status == ReportBuilder.InsufficientEvidence)
        {
            context.Fail("insufficient evidence: " + report.Coverage.Missing);
            return new Outcome(report, evidence, null, ExitCodes.CannotRun);
        }
        var exit = report.Status == "healthy" ? ExitCodes.Ok : ExitCodes.Problems;
        return new Outcome(report, evidence, null, exit);
    }

    /// <summary>Prints the first <see cref="WarningsShown"/> warnings in full and counts the rest (all of them when <paramref name="verbose"/>).</summary>
    public static void WriteWarnings(CliContext context, IReadOnlyList<Firefighter.Evidence.EvidenceWarning> warnings, bool verbose)
    {
        var shown = verbose ? warnings.Count : Math.Min(WarningsShown, warnings.Count);
        for (var i = 0; i < shown; i++)
        {
            context.Error.WriteLine("ff: warning: " + ReportView.OneLine(warnings[i].ToString()));
        }
        if (warnings.Count > shown)
        {
            context.Error.WriteLine($"ff: ... and {warnings.Count - shown} more warning{(warnings.Count - shown == 1 ? "" : "s")} (--verbose shows all; every one is in the report's Warnings)");
        }
    }

    private static bool IsUnder(string path, string dir)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(root, StringComparison.Ordinal) || full == root.TrimEnd(Path.DirectorySeparatorChar);
    }

    /// <summary>Reads a bundle (folder or .tar.gz) and investigates it; null with the error printed when the bundle cannot be read.</summary>
    public static (InvestigationReport Report, EvidenceSet Evidence)? Investigate(CliContext context, string path)
    {
        if (context.InvestigateBundle is { } injected)
        {
            return injected(path);
        }
        var outcome = InvestigationRunner.Run(context, path, [], new InvestigationOptions());
        if (outcome.Report is null)
        {
            context.Fail(outcome.Error!);
            return null;
        }
        return (outcome.Report, outcome.Evidence!);
    }

    /// <summary>The report of <paramref name="path"/>: a <c>report.json</c> written by <c>ff investigate --json</c> is read back, anything
    /// else is investigated as a bundle; null with the error printed when neither works.</summary>
    public static async Task<InvestigationReport?> ReportFromAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        if (File.Exists(path) && path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            if (!ReportJson.TryDeserialize(await File.ReadAllTextAsync(path, cancellationToken), out var read, out var error) || read is null)
            {
                context.Fail($"{path}: not an investigation report: {error}");
                return null;
            }
            return read;
        }
        return Investigate(context, path)?.Report;
    }
}
