using System.Diagnostics;
using Firefighter.Evidence;
using Firefighter.Investigation;
using Firefighter.Sources.Bundles;
using Firefighter.Analysis;
using Firefighter.Reports;

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

    /// <summary>Reads the bundle and investigates it.</summary>
    public static Outcome Run(CliContext context, string bundle, IEnumerable<string> signatureDirs, InvestigationOptions options, BundleReadOptions? readOptions = null)
    {
        var watch = Stopwatch.StartNew();
        var sigs = KnowledgeBase.Load(SignatureDirectories(context, signatureDirs));
        var read = BundleReader.Read(bundle, context.Time, readOptions ?? BundleReadOptions.Default, ReaderRegistry.BuiltIn);
        if (read.Evidence is not { } evidence)
        {
            return new Outcome(null, null, read.Error, ExitCodes.CannotRun);
        }
        evidence.Warnings.AddRange(sigs.Warnings);
        var report = new Investigator(BuiltIn.Analyzers, sigs.Signatures, context.Time).Investigate(evidence, options);
        context.Error.WriteLine($"ff: read {evidence.Files.Count} files ({report.Warnings.Count} warnings), {report.Findings.Count} findings, " +
                                $"{report.Hypotheses.Count} hypotheses in {watch.Elapsed.TotalSeconds:0.00}s");
        var exit = report.Status == "healthy" ? ExitCodes.Ok : ExitCodes.Problems;
        return new Outcome(report, evidence, null, exit);
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
