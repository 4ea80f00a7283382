namespace Firefighter.Reports.Rendering;

/// <summary>Renders an <see cref="InvestigationReport"/> in one format. Add a format by writing one class; <see cref="ReportRenderers"/> finds it.</summary>
/// <remarks>Renderers do no I/O besides writing to the given writer, never throw on odd report content, and escape all evidence text for their format.</remarks>
public interface IReportRenderer
{
    /// <summary>Format name selectable with <c>--format</c> (<c>md</c>, <c>html</c>, <c>json</c>).</summary>
    string Format { get; }

    /// <summary>The usual file extension, without the dot.</summary>
    string Extension { get; }

    /// <summary>Writes the report.</summary>
    void Render(InvestigationReport report, TextWriter writer);
}
