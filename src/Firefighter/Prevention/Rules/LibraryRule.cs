namespace Firefighter.Prevention.Rules;

/// <summary>One rule of the awesome-prometheus-alerts library (CC BY 4.0, Samuel Berthe and contributors).</summary>
/// <param name="Service">The service it monitors (PostgreSQL, Kubernetes...).</param>
/// <param name="Title">The library's rule name ("Kubernetes Volume out of disk space").</param>
/// <param name="Alert">The alert name derived from the title (KubernetesVolumeOutOfDiskSpace).</param>
/// <param name="Description">The library's description (may hold Go templates).</param>
/// <param name="Query">The PromQL expression.</param>
/// <param name="Severity">warning, critical or info.</param>
/// <param name="For">The <c>for</c> duration, null when the library gives none.</param>
/// <param name="Comments">The library's operator notes, null when none.</param>
public sealed record LibraryRule(string Service, string Title, string Alert, string Description, string Query, string Severity, string? For, string? Comments)
{
    /// <summary>The attribution line every rule taken from the library carries.</summary>
    public const string Attribution = "awesome-prometheus-alerts by Samuel Berthe and contributors, CC BY 4.0 (https://github.com/samber/awesome-prometheus-alerts)";
}
