using Firefighter.Sources.Bundles;
using Firefighter.Parsing;
using Firefighter.Sources.Parsing;

namespace Firefighter.Sources.Readers;

/// <summary>Reads any text log under logs/ (plain, JSON lines, logfmt, CRI, Docker json-file; .gz too), streaming line by line.</summary>
public sealed class LogFileReader : IEvidenceReader
{
    /// <inheritdoc />
    public string Kind => "logs";

    /// <inheritdoc />
    public int Priority => 100; // takes any file under logs/

    /// <inheritdoc />
    public bool CanRead(BundleFile file) => file.Folder == "logs";

    /// <inheritdoc />
    public int Read(BundleFile file, ReadContext context)
    {
        if (file.LooksBinary)
        {
            context.Warn(file.Path, null, "not read: binary file (contains NUL bytes); logs must be text (UTF-8)");
            return 0;
        }
        var (entity, container, previous) = LogEntities.Describe(file.Path, file.Stem);
        var baseFields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (container is not null) { baseFields["container"] = container; }
        if (previous) { baseFields["previous"] = "true"; }
        var reference = context.Incident.CapturedAt ?? context.Incident.End ?? context.Incident.Start;
        var year = (reference ?? context.Time.GetUtcNow()).Year;
        var parser = new LogRecordAssembler(file.Path, entity, baseFields, year, context.Options.MaxLineBytes, context.Evidence.Logs);
        var issues = new TextLines.LineIssues(file.Path);
        Stream stream;
        try
        {
            stream = file.OpenRead();
        }
        catch (Exception e)
        {
            context.Warn(file.Path, null, "could not open: " + e.Message);
            return 0;
        }
        using (stream)
        {
            var reader = new LineReader(stream, context.Options.MaxLineBytes);
            try
            {
                while (reader.ReadLine(out var bytes))
                {
                    parser.Feed(reader.LineNumber, issues.Decode(bytes, reader));
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                context.Warn(file.Path, reader.LineNumber + 1, $"could not be read to the end (records before line {reader.LineNumber + 1} kept): {e.Message}");
            }
        }
        parser.Flush();
        issues.Report(context, context.Options.MaxLineBytes);
        if (parser.CutRecords.Count > 0)
        {
            context.Warn(file.Path, parser.CutRecords.FirstLine, $"{parser.CutRecords.Count} record(s) with continuation lines longer than {context.Options.MaxLineBytes / 1024} KB truncated");
        }
        if (parser.FirstZonelessLine > 0)
        {
            context.Warn(file.Path, parser.FirstZonelessLine, "timestamps have no time zone; assumed UTC");
        }
        if (parser.FirstYearlessLine > 0)
        {
            var from = reference is null ? "the current year" : "the incident's year";
            context.Warn(file.Path, parser.FirstYearlessLine, $"timestamps have no year (syslog/klog); assumed {year} ({from}), in UTC");
        }
        return parser.Count;
    }
}
