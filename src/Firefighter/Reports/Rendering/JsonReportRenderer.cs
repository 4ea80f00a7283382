namespace Firefighter.Reports.Rendering;

/// <summary>Renders the report as the JSON document described in docs/report-schema.md.</summary>
public sealed class JsonReportRenderer : IReportRenderer
{
    /// <inheritdoc />
    public string Format => "json";

    /// <inheritdoc />
    public string Extension => "json";

    /// <inheritdoc />
    public void Render(InvestigationReport report, TextWriter writer) => ReportJson.Write(report, writer);
}
