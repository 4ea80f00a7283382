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
    public static Outcome Run(CliContext context, string bundle, IEnumerable<string> signatureDirs, InvestigationOptions options)
    {
        var watch = Stopwatch.StartNew();
        var sigs = KnowledgeBase.Load(SignatureDirectories(context, signatureDirs));
        var read = BundleReader.Read(bundle, context.Time);
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
}
