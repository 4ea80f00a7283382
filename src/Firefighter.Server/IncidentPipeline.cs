using System.Text.Json;
using Firefighter.Analysis;
using Firefighter.Investigation;
using Firefighter.Reports;
using Firefighter.Reports.Rendering;
using Firefighter.Sources.Bundles;
using Firefighter.Sources.Collect;

namespace Firefighter.Server;

/// <summary>One job's work: collect the alert's evidence into a bundle (as <c>ff collect</c>), investigate it (as <c>ff investigate</c>) and render the report.</summary>
public sealed class IncidentPipeline(ServerOptions options, TimeProvider time)
{
    private readonly Lazy<IReadOnlyList<Hypotheses.Signature>> _signatures = new(() => KnowledgeBase.Load(options.SignatureDirectories).Signatures);

    /// <summary>Collects and investigates; the outcome to store, the report (for notices) and the alert group's status; or an error to retry.</summary>
    public async Task<(IncidentStore.Outcome? Outcome, InvestigationReport? Report, string? Error)> RunAsync(IncidentStore.Job job, AlertScope scope, CancellationToken ct)
    {
        var dir = Path.GetFullPath(Path.Combine(options.BundleDirectory, $"job-{job.Id}-{job.Attempts}"));
        var (manifest, error) = await BundleCollector.CollectAsync(options.Collect with { AlertJson = job.Payload }, dir, time, cancellationToken: ct).ConfigureAwait(false);
        if (manifest is null)
        {
            return (null, null, error);
        }
        var read = BundleReader.Read(dir, time);
        if (read.Evidence is not { } evidence)
        {
            return (null, null, read.Error);
        }
        var report = new Investigator(BuiltIn.Analyzers, _signatures.Value, time).Investigate(evidence, new InvestigationOptions());
        var top = report.Hypotheses.FirstOrDefault(h => h.Supported) ?? (report.Hypotheses.Count > 0 ? report.Hypotheses[0] : null);
        var outcome = new IncidentStore.Outcome(
            scope.Title.Length > 0 ? scope.Title : report.Title,
            report.Severity.Level,
            scope.Services.Count > 0 ? scope.Services[0] : top?.Entity.Name,
            top?.Cause,
            top?.Signature,
            top?.Confidence,
            dir,
            Render(report, "json"),
            Render(report, "md"),
            Render(report, "html"),
            top is { Supported: true } ? "identified" : "investigating");
        return (outcome, report, null);
    }

    private static string Render(InvestigationReport report, string format)
    {
        var renderer = ReportRenderers.BuiltIn.Find(format)!;
        using var writer = new StringWriter();
        renderer.Render(report, writer);
        return writer.ToString();
    }

    /// <summary>Top evidence lines of the leading hypothesis, for notices.</summary>
    public static IReadOnlyList<string> Evidence(InvestigationReport? report) =>
        report is { Hypotheses.Count: > 0 } ? [.. report.Hypotheses[0].Evidence.Take(3).Select(e => e.Text)] : [];

    /// <summary>Checks a stored report is JSON (the API embeds it as is).</summary>
    public static JsonElement? ParseReport(string? json)
    {
        if (json is null)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
