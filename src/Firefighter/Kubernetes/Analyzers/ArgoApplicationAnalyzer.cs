using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Firefighter.Analysis;
using Firefighter.Evidence;

namespace Firefighter.Kubernetes.Analyzers;

/// <summary>Argo CD Applications (the custom resource, or the CLI's <c>app get</c>/<c>app list</c> read as one) whose last sync failed or
/// whose resources cannot be applied: the object at fault and the apply error, with the namespace that does not exist when that is why.</summary>
/// <remarks>A resource counts as failing when its sync message is not a success (<c>created</c>, <c>configured</c>, <c>unchanged</c>, <c>pruned</c>).
/// Without messages, an application OutOfSync with health Missing or Degraded is reported as a warning. One finding per application; several
/// records of one application (app get and app list) are merged.</remarks>
public sealed partial class ArgoApplicationAnalyzer : IAnalyzer
{
    /// <inheritdoc />
    public string Name => "k8s.argocd";

    /// <inheritdoc />
    public IReadOnlyList<FindingKind> Emits { get; } = [KubeFindingKinds.ArgoSyncFailed];

    /// <inheritdoc />
    public AnalyzerResult Analyze(AnalysisContext context)
    {
        var apps = context.Evidence.Objects.Where(o => o.Kind == "Application" && (KubeObject.Str(o.Json["apiVersion"]) ?? "").StartsWith("argoproj.io", StringComparison.Ordinal))
            .GroupBy(o => (o.Namespace, o.Name));
        var findings = new List<Finding>();
        foreach (var group in apps)
        {
            var app = group.OrderByDescending(o => o.Json["status"]?["operationState"] is not null).First();
            var st = app.Json["status"];
            var sync = KubeObject.Str(st?["sync"]?["status"]) ?? "";
            var health = KubeObject.Str(st?["health"]?["status"]) ?? "";
            var phase = KubeObject.Str(st?["operationState"]?["phase"]);
            var opMessage = KubeObject.Str(st?["operationState"]?["message"]);
            var failing = (st?["operationState"]?["syncResult"]?["resources"] as JsonArray ?? [])
                .Where(r => KubeObject.Str(r?["message"]) is { } m && !Success().IsMatch(m)).ToList();
            var failed = phase is "Failed" or "Error" || failing.Count > 0;
            if (!failed && !(sync == "OutOfSync" && health is "Missing" or "Degraded"))
            {
                continue;
            }
            var r0 = failing.FirstOrDefault();
            var message = KubeObject.Str(r0?["message"]) ?? opMessage ?? $"{sync}/{health}";
            var missingNs = MissingNamespace().Match(message) is { Success: true } mn ? mn.Groups[1].Value
                : opMessage is not null && MissingNamespace().Match(opMessage) is { Success: true } mo ? mo.Groups[1].Value : null;
            var resourceKind = KubeObject.Str(r0?["kind"]);
            var resourceNs = KubeObject.Str(r0?["namespace"]);
            var resourceName = KubeObject.Str(r0?["name"]);
            var similar = missingNs is null ? null : Similar(missingNs, st);
            var what = resourceName is null ? "" : $": {resourceKind} {(string.IsNullOrEmpty(resourceNs) ? "" : resourceNs + "/")}{resourceName}";
            var hint = missingNs is null ? "" : $" — namespace {missingNs} does not exist{(similar is null ? "" : $" (namespace {similar} does: a typo)")}";
            var refs = new List<EvidenceRef> { app.At("status.operationState.message", opMessage) };
            if (r0?["line"] is not null && int.TryParse(KubeObject.Str(r0["line"]), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var line))
            {
                refs.Insert(0, app.Ref with { Line = line, Field = $"{resourceKind} {resourceName}", Excerpt = message });
            }
            findings.Add(KubeFindings.Make(Name, KubeFindingKinds.ArgoSyncFailed, failed ? FindingSeverity.Critical : FindingSeverity.Warning, failed ? 0.9 : 0.6,
                $"Argo CD application {app.Name} {(failed ? "fails to sync" : $"is {sync} and {health}")}{what} ({message}){hint}",
                app.Entity, KubeObject.Time(st?["operationState"]?["finishedAt"]), refs,
                [$"argocd app get {app.Name}", $"argocd app diff {app.Name}", missingNs is null ? $"argocd app sync {app.Name}" : $"kubectl get namespace {missingNs}"],
                new()
                {
                    ["application"] = app.Name,
                    ["phase"] = phase,
                    ["syncStatus"] = sync,
                    ["health"] = health,
                    ["message"] = message,
                    ["resource"] = resourceName,
                    ["resourceKind"] = resourceKind,
                    ["resourceNamespace"] = resourceNs,
                    ["missingNamespace"] = missingNs,
                }));
        }
        return AnalyzerResult.Of(findings);
    }

    /// <summary>A namespace of the application's resources within two edits of the missing one.</summary>
    private static string? Similar(string missing, JsonNode? status)
    {
        var names = (status?["resources"] as JsonArray ?? [])
            .SelectMany(r => new[] { KubeObject.Str(r?["namespace"]), KubeObject.Str(r?["kind"]) == "Namespace" ? KubeObject.Str(r?["name"]) : null })
            .OfType<string>().Where(n => n.Length > 0 && n != missing).Distinct(StringComparer.Ordinal);
        return names.Where(n => NamespaceAnalyzer.Distance(n, missing) <= 2).Order(StringComparer.Ordinal).FirstOrDefault();
    }

    [GeneratedRegex(@"^(?:\S+/\S+\s+)?(?:created|configured|unchanged|pruned|serverside-applied)\b|^$", RegexOptions.IgnoreCase)]
    private static partial Regex Success();

    [GeneratedRegex(@"namespaces? ""([^""]+)"" not found")]
    private static partial Regex MissingNamespace();
}
