using System.Text.Encodings.Web;
using System.Text.Json;

namespace Firefighter.Reports;

/// <summary>Reads and writes the JSON form of an <see cref="InvestigationReport"/> (schema in docs/report-schema.md).</summary>
public static class ReportJson
{
    // Relaxed escaping keeps quotes and angle brackets in excerpts readable; the JSON is never inlined into HTML.
    private static readonly ReportJsonContext Context = new(new JsonSerializerOptions(ReportJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The report as an indented JSON document.</summary>
    public static string Serialize(InvestigationReport report) =>
        JsonSerializer.Serialize(report, Context.InvestigationReport);

    /// <summary>Writes the report as one indented JSON document followed by a newline.</summary>
    public static void Write(InvestigationReport report, TextWriter writer)
    {
        writer.Write(Serialize(report));
        writer.Write('\n');
    }

    /// <summary>Reads a report; on bad input returns false with an error naming the line and position.</summary>
    /// <remarks>Never throws on bad data.</remarks>
    public static bool TryDeserialize(string json, out InvestigationReport? report, out string? error)
    {
        try
        {
            report = JsonSerializer.Deserialize(json, Context.InvestigationReport);
            error = report is null ? "the document is null" : null;
            return report is not null;
        }
        catch (JsonException e)
        {
            report = null;
            error = e.LineNumber is { } line ? $"line {line + 1}, position {e.BytePositionInLine + 1}: {e.Message}" : e.Message;
            return false;
        }
    }
}
